"""Extraction in worker processes: parallel, and each document under a time and memory limit.

A document that hangs a parser is abandoned after ``timeout_seconds`` (its worker is killed
and the pool restarted); one that blows memory hits the worker's address-space limit and fails
with MemoryError; one that crashes its worker is recorded as such. The run goes on either way,
and every file still ends in exactly one state.

Each worker has its next task queued beside it, so it never waits for the main process between
documents; a task's time limit counts from when a worker marks it started on a board shared by
the processes, not from when it was queued.
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
from extract.landing import LandedReport, landed

Task = tuple[Path, str]  # (file, its SHA-256)
Work = Callable[[Path, str], LandedReport]  # what a worker does with a task
MIN_MEMORY_MB = 768  # a worker's address space with nothing read yet is ~600 MB
# Tasks handed to the pool per worker: the next one waits beside the worker, so it goes on to
# it at once instead of idling while the main process hears of the last and sends another.
QUEUED_PER_WORKER = 2
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


def _run_task(index: int, work: Work, path: Path, report_id: str) -> LandedReport:
    """What a pool worker runs: mark the task started (its time limit counts from here, not
    from when it was queued), then do it."""
    _started[index] = time.monotonic()
    return work(path, report_id)


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
        return pool.submit(_run_task, 0, work, *task).result(timeout=limits.timeout_seconds)
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

    def finish(index: int, report: LandedReport) -> None:
        results[index] = report
        if on_done:
            on_done(report)

    pending = deque(range(len(tasks)))
    started = _start_board(len(tasks))
    pool = _new_pool(jobs, limits, started)
    running: dict[Future[LandedReport], int] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs * QUEUED_PER_WORKER:
                index = pending.popleft()
                if too_large := _too_large(tasks[index], limits):
                    finish(index, too_large)
                    continue
                started[index] = 0.0
                running[pool.submit(_run_task, index, work, *tasks[index])] = index
            done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            broken: list[int] = []
            for future in done:
                index = running.pop(future)
                try:
                    finish(index, future.result())
                except BrokenProcessPool:
                    broken.append(index)
                except (
                    Exception
                ) as exc:  # an error crossing the process boundary: the file still gets a state
                    finish(index, failure(tasks[index], f"{type(exc).__name__}: {exc}"))
            overdue = _overdue(running, started, limits.timeout_seconds)
            for future in overdue:
                index = running.pop(future)
                timed_out = f"timed out: no result after {limits.timeout_seconds:g}s"
                finish(index, failure(tasks[index], timed_out))
            if overdue or broken:
                # The pool is killed and its unfinished tasks start again in a fresh one, but
                # each task that was running when it broke is read alone: one of them broke it.
                suspects = [index for index in broken if started[index]]
                unstarted = [index for index in broken if not started[index]]
                pending.extendleft(reversed([*running.values(), *unstarted]))
                running.clear()
                _kill(pool)
                for index in suspects:
                    finish(index, _isolated(tasks[index], limits, work))
                pool = _new_pool(jobs, limits, started)
    finally:
        _kill(pool)
    return [results[i] for i in range(len(tasks))]


def _too_large(task: Task, limits: Limits) -> LandedReport | None:
    """A file over the size limit, recorded as failed without being read; None for the others."""
    size_mb = task[0].stat().st_size / 2**20
    if size_mb <= limits.max_file_mb:
        return None
    return failure(task, f"too large: {size_mb:.0f} MB (limit {limits.max_file_mb} MB)")


def _overdue(
    running: dict[Future[LandedReport], int], started: Any, timeout_seconds: float
) -> list[Future[LandedReport]]:
    """The running tasks past their time limit, counted from when a worker took each."""
    now = time.monotonic()
    return [
        future
        for future, index in running.items()
        if started[index] and now - started[index] > timeout_seconds
    ]
