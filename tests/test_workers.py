"""Extraction in worker processes: the same results in parallel, and a document that takes too
long or too much memory fails alone, with its reason, while the others complete."""

from __future__ import annotations

import os
import time
from pathlib import Path

from extract.extraction import Status, extract_file, file_sha256
from extract.landing import LandedReport
from extract.workers import _DONE, MIN_MEMORY_MB, Limits, _overdue, extract_landed, extract_many
from tests.conftest import sample_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCAN = FIXTURES / "h13_huaian_city_gov_2024.scan.pdf"  # OCR: seconds per page


def _tasks(*paths: Path) -> list[tuple[Path, str]]:
    return [(p, file_sha256(p)) for p in paths]


def _cells(report: LandedReport) -> set[tuple[object, ...]]:
    """The cells a worker sent back, as (table, row, column, value, blank)."""
    cells = report.frame("cells").select("table_key", "row_key", "col_key", "value", "is_blank")
    return set(cells.iter_rows())


def test_parallel_results_equal_sequential_ones() -> None:
    paths = [
        sample_path(s)
        for s in (
            "000_c78f62d35b0910a5",
            "002_88a088b4017afa2e",
            "h12_shuyang_county_ndrc_2023",
            "h13_huaian_city_gov_2024",
        )
    ]
    parallel = extract_many(_tasks(*paths), jobs=2, limits=Limits())
    assert [r.source_file for r in parallel] == [p.name for p in paths]
    for path, report in zip(paths, parallel, strict=True):
        read_here = extract_file(path)
        assert len(_cells(report)) == len(read_here.values) > 100
        assert _cells(report) == {
            (v.table_key.value, v.row_key, v.col_key, v.value, v.is_blank) for v in read_here.values
        }


def test_a_document_over_its_time_limit_fails_alone() -> None:
    fast = sample_path("001_133ea6e3b8938548")
    reports = extract_many(_tasks(SCAN, fast), jobs=2, limits=Limits(timeout_seconds=1.5))
    assert (
        reports[0].status == Status.FAILED and reports[0].error == "timed out: no result after 1.5s"
    )
    assert reports[1].status == Status.PARSED


def test_a_document_over_its_memory_limit_fails_alone() -> None:
    fast = sample_path("001_133ea6e3b8938548")
    reports = extract_many(_tasks(SCAN, fast), jobs=1, limits=Limits(memory_mb=MIN_MEMORY_MB))
    assert reports[0].status == Status.FAILED
    # the OCR runtime cannot even be loaded in the smallest address space a worker may have: the reason says what failed
    assert reports[0].error is not None and not reports[0].error.startswith("needs_ocr")
    assert reports[1].status == Status.PARSED


def _copies(folder: Path, names: list[str]) -> list[Path]:
    """Files with a real report's text under ``names``, each with bytes of its own."""
    report = sample_path("000_c78f62d35b0910a5").read_text(encoding="utf-8")
    paths = []
    for i, name in enumerate(names):
        path = folder / name
        path.write_text(report + "\n" * (i + 1), encoding="utf-8")
        paths.append(path)
    return paths


def _slow_read(path: Path, report_id: str) -> LandedReport:
    """A worker's work that takes 2.5 s on a file named slow* (as OCR can), then reads it."""
    if path.name.startswith("slow"):
        time.sleep(2.5)
    return extract_landed(path, report_id)


def _crashing_read(path: Path, report_id: str) -> LandedReport:
    """A worker's work that kills its process on a file named crash*, as a parser bug can."""
    if path.name.startswith("crash"):
        os._exit(70)
    return extract_landed(path, report_id)


def test_a_file_is_timed_from_its_start_not_from_its_queueing(tmp_path: Path) -> None:
    """One worker, eight files (two a task): the two slow ones, 2.5 s each, are one task, and
    the second must not count the first's time against its 4 s (2.5 + 2.5 s would be over)."""
    names = ["slow_a.txt", "slow_b.txt", *(f"fast_{i}.txt" for i in range(6))]
    paths = _copies(tmp_path, names)
    limits = Limits(timeout_seconds=4)
    reports = extract_many(_tasks(*paths), jobs=1, limits=limits, work=_slow_read)
    assert [r.source_file for r in reports] == names
    assert all(r.status == Status.PARSED for r in reports)


def test_a_worker_that_crashes_fails_its_file_alone(tmp_path: Path) -> None:
    """One worker, twelve files (three a task): the crash comes in a task after a file that was
    read and before one that was not; both are read again, the crashing file fails alone."""
    names = [f"file_{i:02d}.txt" for i in range(12)]
    names[4] = "crash.txt"
    paths = _copies(tmp_path, names)
    reports = extract_many(_tasks(*paths), jobs=1, limits=Limits(), work=_crashing_read)
    assert [r.source_file for r in reports] == names
    assert reports[4].status == Status.FAILED
    assert reports[4].error == (
        "failed: the worker process crashed reading this file (killed, or out of memory)"
    )
    for report in [*reports[:4], *reports[5:]]:
        assert report.status == Status.PARSED, report.source_file
        assert _cells(report) == _cells(reports[0]) and len(_cells(report)) > 100


class _FinishingBoard:
    """A start board on which each file is finished by its worker right after the main process
    first reads its mark: the first read finds it started a second ago, every later one done."""

    def __init__(self) -> None:
        self.reads: dict[int, int] = {}

    def __getitem__(self, index: int) -> float:
        self.reads[index] = self.reads.get(index, 0) + 1
        return time.monotonic() - 1.0 if self.reads[index] == 1 else _DONE


def test_a_file_finished_while_its_clock_is_read_is_not_timed_out() -> None:
    """The main process reads the board while workers write it. A file that finishes between two
    reads of its mark must not look started an uptime ago (a 20,000-file run failed one file
    read in milliseconds as 'timed out: no result after 300s')."""
    board = _FinishingBoard()
    running = {object(): [0, 1, 2]}
    assert _overdue(running, board, timeout_seconds=300) == set()  # type: ignore[arg-type]
    assert board.reads == {0: 1, 1: 1, 2: 1}
