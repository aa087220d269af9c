"""Extraction mapped over a Dask distributed cluster (``ogi extract --scheduler tcp://…``).

The files are split into chunks; each chunk is one Dask task, and a task runs the same worker
pool as a local run (:func:`extract.workers.extract_many`, one process, each document under the
time and memory limits) on the Dask worker that took it. What comes back is each file's rows of
the raw tables as polars frames, serialised as Arrow (:class:`extract.landing.LandedReport`), so the raw layer a
cluster writes is the one a local run writes. Every worker must see the input files at the same
paths (shared storage) and run the same version of this package.

Dask workers are daemon processes unless told otherwise, and a daemon process may not start the
child process that enforces the limits; such a worker reads its chunk in its own process,
without limits. Start workers with ``DASK_DISTRIBUTED__WORKER__DAEMON=False`` to keep them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable

from extract.landing import LandedReport
from extract.workers import Limits, Task, extract_landed, extract_many, failure

CHUNKS_PER_WORKER = 4  # enough chunks to balance uneven documents, few enough to amortise a pool
# Each chunk starts a process pool (~0.75 s on the 2-core machine): with documents of ~10 ms, a
# chunk of fewer would spend more than a fifth of its time starting.
MIN_CHUNK_FILES = 250


def extract_chunk(tasks: list[Task], limits: Limits) -> list[LandedReport]:
    """One Dask task: a chunk of files, read under the limits where the worker allows it."""
    if multiprocessing.current_process().daemon:
        return [_read_here(task) for task in tasks]
    return extract_many(tasks, 1, limits)


def _read_here(task: Task) -> LandedReport:
    try:
        return extract_landed(*task)
    except Exception as exc:  # the file still gets a state
        return failure(task, f"{type(exc).__name__}: {exc}")


def _chunks(tasks: list[Task], workers: int) -> list[list[Task]]:
    """Chunks of about equal size: one a worker at least, up to CHUNKS_PER_WORKER a worker as
    long as each keeps MIN_CHUNK_FILES."""
    workers = max(1, workers)
    count = min(max(len(tasks) // MIN_CHUNK_FILES, workers), workers * CHUNKS_PER_WORKER)
    size = max(1, -(-len(tasks) // count))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]


def extract_each_on_cluster(
    tasks: list[Task],
    scheduler: str,
    limits: Limits,
    finish: Callable[[LandedReport], None],
) -> None:
    """Extract every task on the cluster at ``scheduler``, handing each result to ``finish`` as
    its chunk arrives; a chunk is let go once handed over. A chunk whose worker died (Dask gives
    up after its retries) fails each of its files with the reason; the run goes on."""
    from distributed import Client, as_completed

    absolute = [(path.absolute(), sha) for path, sha in tasks]  # workers have their own cwd
    with Client(scheduler) as client:  # type: ignore[no-untyped-call]
        workers = len(client.scheduler_info().get("workers", {})) or 1
        chunks = _chunks(absolute, workers)
        futures = {
            client.submit(extract_chunk, chunk, limits, pure=False): index
            for index, chunk in enumerate(chunks)
        }
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            index = futures.pop(future)
            try:
                reports = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost chunk still gives each file a state
                reason = f"failed on the cluster: {type(exc).__name__}: {exc}"
                reports = [failure(task, reason) for task in chunks[index]]
            future.release()
            for report in reports:
                finish(report)
