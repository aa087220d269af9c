"""Extraction in worker processes: parallel, and each document under a time and memory limit.

A document that hangs a parser is abandoned after ``timeout_seconds`` (its worker is killed
and the pool restarted); one that blows memory hits the worker's address-space limit and fails
with MemoryError; one that crashes its worker is recorded as such. The run goes on either way,
and every file still ends in exactly one state.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from extract.extraction import extract_file, failed_report
from extract.landing import LandedReport, landed

Task = tuple[Path, str]  # (file, its SHA-256)
MIN_MEMORY_MB = 768  # a worker's address space with nothing read yet is ~600 MB


@dataclass(frozen=True)
class Limits:
    timeout_seconds: float = 300.0
    memory_mb: int = 6144  # address space, not resident memory: OCR's runtime reserves a lot
    # (a worker with the extractors and polars loaded already maps ~600 MB: MIN_MEMORY_MB)
    max_file_mb: int = 200  # larger files are not read at all (no report is that large)

    def __post_init__(self) -> None:
        if self.timeout_seconds <= 0 or self.memory_mb < MIN_MEMORY_MB:
            raise ValueError(f"limits too small: {self}")


def _init_worker(memory_mb: int, parent: int) -> None:
    """Worker initializer: cap the worker's address space (a decompression bomb fails alone),
    and make the worker die with the process that started it (a killed run leaves no orphan)."""
    import resource

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


def _ready() -> int:
    """A task that does nothing: run once per worker before any document, it lets the worker
    start and import the extractors outside any document's time limit."""
    return os.getpid()


def _new_pool(jobs: int, limits: Limits) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_init_worker,
        initargs=(limits.memory_mb, os.getpid()),
    )
    wait([pool.submit(_ready) for _ in range(jobs)])  # a document's clock starts after this
    return pool


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _isolated(task: Task, limits: Limits) -> LandedReport:
    """Run one task alone: after a pool broke, this tells the file that crashed it from the rest."""
    pool = _new_pool(1, limits)
    try:
        return pool.submit(extract_landed, *task).result(timeout=limits.timeout_seconds)
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
) -> list[LandedReport]:
    """Extract every task; results in the order of ``tasks``."""
    results: dict[int, LandedReport] = {}

    def finish(index: int, report: LandedReport) -> None:
        results[index] = report
        if on_done:
            on_done(report)

    pending = list(range(len(tasks)))
    pool = _new_pool(jobs, limits)
    running: dict[Future[LandedReport], tuple[int, float]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                index = pending.pop(0)
                size_mb = tasks[index][0].stat().st_size / 2**20
                if size_mb > limits.max_file_mb:
                    finish(
                        index,
                        failure(
                            tasks[index],
                            f"too large: {size_mb:.0f} MB (limit {limits.max_file_mb} MB)",
                        ),
                    )
                    continue
                running[pool.submit(extract_landed, *tasks[index])] = (index, time.monotonic())
            done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            suspects: list[int] = []
            for future in done:
                index, _ = running.pop(future)
                try:
                    finish(index, future.result())
                except BrokenProcessPool:
                    suspects.append(index)
                except (
                    Exception
                ) as exc:  # an error crossing the process boundary: the file still gets a state
                    finish(index, failure(tasks[index], f"{type(exc).__name__}: {exc}"))
            overdue = [
                f
                for f, (_, started) in running.items()
                if time.monotonic() - started > limits.timeout_seconds
            ]
            for future in overdue:
                index, _ = running.pop(future)
                finish(
                    index,
                    failure(
                        tasks[index], f"timed out: no result after {limits.timeout_seconds:g}s"
                    ),
                )
            if overdue or suspects:
                pending = [
                    index for index, _ in running.values()
                ] + pending  # restarted in a fresh pool
                running.clear()
                _kill(pool)
                for index in suspects:
                    finish(index, _isolated(tasks[index], limits))
                pool = _new_pool(jobs, limits)
    finally:
        _kill(pool)
    return [results[i] for i in range(len(tasks))]
