"""Extraction in worker processes: parallel, and each document under a time and memory limit.

A document that hangs a parser is abandoned after ``timeout_seconds`` (its worker is killed
and the pool restarted); one that blows memory hits the worker's address-space limit and fails
with MemoryError; one that crashes its worker is recorded as such. The run goes on either way,
and every file still ends in exactly one state.

A task is a few files (``FILES_PER_TASK``) whose rows come back as one set of frames, and each
worker has its next task queued beside it: the main process, which shares the cores with the
workers, handles one result for several files, and a worker never waits for it between tasks.
Each file's time limit counts from when a worker marks it started on a board shared by the
processes, not from when its task was queued; when a pool breaks, the files that were being
read are read again alone, and the others of their tasks go back in the queue.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.extraction import extract_file, failed_report
from extract.landing import LandedBatch, LandedReport, landed

Task = tuple[Path, str]  # (file, its SHA-256)
Work = Callable[[Path, str], LandedReport]  # what a worker does with a task
MIN_MEMORY_MB = 768  # a worker's address space with nothing read yet is ~600 MB
# Tasks handed to the pool per worker: the next one waits beside the worker, so it goes on to
# it at once instead of idling while the main process hears of the last and sends another.
QUEUED_PER_WORKER = 2
# Files a task reads: their rows come back as one set of frames, so the main process (which
# shares the cores with the workers) handles one result for several files. Fewer when the
# batch is small, so that every worker gets some.
FILES_PER_TASK = 8
_DONE = -1.0  # on the start board: the file was read (its result may still be lost with its worker)
_CONTEXT = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 300.0
    memory_mb: int = 6144  # address space, not resident memory: OCR's runtime reserves a lot
    # (a worker with the extractors and polars loaded already maps ~600 MB: MIN_MEMORY_MB)
    max_file_mb: int = 200  # larger files are not read at all (no report is that large)

    def __post_init__(self) -> None:
        if self.timeout_seconds <= 0 or self.memory_mb < MIN_MEMORY_MB:
            raise ValueError(f"limits too small: {self}")


# In a worker: when each task started (time.monotonic, one clock for every process on the
# machine; 0 for not started), shared with the main process, which times the tasks from it.
_started: Any = None


def _init_worker(memory_mb: int, parent: int, started: Any) -> None:
    """Worker initializer: cap the worker's address space (a decompression bomb fails alone),
    make the worker die with the process that started it (a killed run leaves no orphan), and
    keep the board where it marks when each task starts."""
    import resource

    global _started
    _started = started
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """Linux: ask the kernel to send SIGKILL when the parent exits (prctl PR_SET_PDEATHSIG); a
    parent that died before that (killed while the worker started) ends the worker at once."""
    import ctypes
    import ctypes.util
    import os
    import signal
    import sys

    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def extract_landed(path: Path, report_id: str) -> LandedReport:
    """What a worker runs: read one file and make its rows of the raw tables."""
    return landed(extract_file(path, report_id))


def failure(task: Task, reason: str) -> LandedReport:
    """A task recorded as failed with ``reason``: nothing read from it."""
    path, sha = task
    size = path.stat().st_size if path.exists() else 0
    file_format = path.suffix.lower().lstrip(".")
    return landed(failed_report(sha, path, file_format, size, reason))


def _run_batch(indices: list[int], work: Work, batch: list[Task]) -> LandedBatch:
    """What a pool worker runs: each file of the batch, marked started (its time limit counts
    from there, not from when it was queued) and then done."""
    reports = []
    for index, task in zip(indices, batch, strict=True):
        _started[index] = time.monotonic()
        try:
            reports.append(work(*task))
        except Exception as exc:  # an error reading one file fails that file alone
            reports.append(failure(task, f"{type(exc).__name__}: {exc}"))
        _started[index] = _DONE
    return LandedBatch.of(reports)


def _ready() -> int:
    """A task that does nothing: run once per worker before any document, it lets the worker
    start and import the extractors outside any document's time limit."""
    return os.getpid()


def _start_board(size: int) -> Any:
    """Shared between the processes: when each of ``size`` tasks started, 0.0 until it does."""
    return _CONTEXT.RawArray("d", max(size, 1))


def _new_pool(jobs: int, limits: Limits, started: Any) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=_CONTEXT,
        initializer=_init_worker,
        initargs=(limits.memory_mb, os.getpid(), started),
    )
    wait([pool.submit(_ready) for _ in range(jobs)])  # a document's clock starts after this
    return pool


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _isolated(task: Task, limits: Limits, work: Work) -> LandedReport:
    """Run one task alone: after a pool broke, this tells the file that crashed it from the rest."""
    pool = _new_pool(1, limits, _start_board(1))
    try:
        batch = pool.submit(_run_batch, [0], work, [task]).result(timeout=limits.timeout_seconds)
        return batch.reports()[0]
    except BrokenProcessPool:
        return failure(
            task, "failed: the worker process crashed reading this file (killed, or out of memory)"
        )
    except TimeoutError:
        return failure(task, f"timed out: no result after {limits.timeout_seconds:g}s")
    finally:
        _kill(pool)


def extract_many(
    tasks: list[Task],
    jobs: int,
    limits: Limits,
    on_done: Callable[[LandedReport], None] | None = None,
    work: Work = extract_landed,
) -> list[LandedReport]:
    """Extract every task; results in the order of ``tasks``."""
    results: dict[int, LandedReport] = {}

    def keep(index: int, report: LandedReport) -> None:
        results[index] = report
        if on_done:
            on_done(report)

    extract_each(tasks, jobs, limits, keep, work)
    return [results[i] for i in range(len(tasks))]


def extract_each(
    tasks: list[Task],
    jobs: int,
    limits: Limits,
    finish: Callable[[int, LandedReport], None],
    work: Work = extract_landed,
) -> None:
    """Extract every task, handing each result to ``finish`` with its task's index as it
    arrives; nothing is kept here."""
    pending = deque(range(len(tasks)))
    per_task = _files_per_task(len(tasks), jobs)
    started = _start_board(len(tasks))
    pool = _new_pool(jobs, limits, started)
    running: dict[Future[LandedBatch], list[int]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs * QUEUED_PER_WORKER:
                batch = _next_batch(pending, per_task, tasks, limits, finish)
                for index in batch:
                    started[index] = 0.0
                if batch:
                    submitted = pool.submit(_run_batch, batch, work, [tasks[i] for i in batch])
                    running[submitted] = batch
            done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            broken: list[int] = []
            for future in done:
                batch = running.pop(future)
                try:
                    for index, report in zip(batch, future.result().reports(), strict=True):
                        finish(index, report)
                except BrokenProcessPool:
                    broken += batch
                except (
                    Exception
                ) as exc:  # an error crossing the process boundary: each file still gets a state
                    for index in batch:
                        finish(index, failure(tasks[index], f"{type(exc).__name__}: {exc}"))
            overdue = _overdue(running, started, limits.timeout_seconds)
            for index in overdue:
                timed_out = f"timed out: no result after {limits.timeout_seconds:g}s"
                finish(index, failure(tasks[index], timed_out))
            if overdue or broken:
                # The pool is killed and its unfinished files start again in a fresh one, but
                # each file that was being read when it broke is read alone: one of them broke it.
                unfinished = [i for batch in running.values() for i in batch if i not in overdue]
                suspects = [index for index in broken if started[index] > 0]
                again = [index for index in broken if started[index] <= 0]  # waiting, or read
                pending.extendleft(reversed(sorted([*unfinished, *again])))
                running.clear()
                _kill(pool)
                for index in suspects:
                    finish(index, _isolated(tasks[index], limits, work))
                pool = _new_pool(jobs, limits, started)
    finally:
        _kill(pool)


def _files_per_task(files: int, jobs: int) -> int:
    """FILES_PER_TASK, or fewer so that each worker gets four tasks or more."""
    return max(1, min(FILES_PER_TASK, files // (4 * max(1, jobs))))


def _next_batch(
    pending: deque[int],
    size: int,
    tasks: list[Task],
    limits: Limits,
    finish: Callable[[int, LandedReport], None],
) -> list[int]:
    """Up to ``size`` files from the front of ``pending``; those over the size limit are
    recorded as failed instead, without being read."""
    batch: list[int] = []
    while pending and len(batch) < size:
        index = pending.popleft()
        if too_large := _too_large(tasks[index], limits):
            finish(index, too_large)
        else:
            batch.append(index)
    return batch


def _too_large(task: Task, limits: Limits) -> LandedReport | None:
    """A file over the size limit, recorded as failed without being read; None for the others."""
    size_mb = task[0].stat().st_size / 2**20
    if size_mb <= limits.max_file_mb:
        return None
    return failure(task, f"too large: {size_mb:.0f} MB (limit {limits.max_file_mb} MB)")


def _overdue(
    running: dict[Future[LandedBatch], list[int]], started: Any, timeout_seconds: float
) -> set[int]:
    """The files being read past their time limit, counted from when a worker started each.
    Each mark is read once: read twice, a file finished in between (its mark turned to _DONE,
    -1) looked started an uptime ago, and a file read in milliseconds failed as timed out."""
    now = time.monotonic()
    marks = ((index, started[index]) for batch in running.values() for index in batch)
    return {index for index, mark in marks if mark > 0 and now - mark > timeout_seconds}
