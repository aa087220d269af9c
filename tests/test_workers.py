"""Extraction in worker processes: the same results in parallel, and a document that takes too
long or too much memory fails alone, with its reason, while the others complete."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from extract.extraction import Status, extract_file, file_sha256
from extract.landing import LandedReport
from extract.workers import MIN_MEMORY_MB, Limits, extract_landed, extract_many
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


def _slow_read(path: Path, report_id: str) -> LandedReport:
    """A worker's work that takes 2.5 s a document (as OCR can), then reads it."""
    time.sleep(2.5)
    return extract_landed(path, report_id)


def _crashing_read(path: Path, report_id: str) -> LandedReport:
    """A worker's work that kills its process on a file named crash*, as a parser bug can."""
    if path.name.startswith("crash"):
        os._exit(70)
    return extract_landed(path, report_id)


def test_a_queued_document_is_timed_from_its_start_not_from_its_queueing() -> None:
    """One worker, two documents of 2.5 s each and a 4 s limit: the second waits beside the
    worker while the first is read, and must not count that wait (2.5 + 2.5 s would be over)."""
    paths = [sample_path("000_c78f62d35b0910a5"), sample_path("001_133ea6e3b8938548")]
    reports = extract_many(
        _tasks(*paths), jobs=1, limits=Limits(timeout_seconds=4), work=_slow_read
    )
    assert [r.status for r in reports] == [Status.PARSED, Status.PARSED]


def test_a_worker_that_crashes_fails_its_file_alone(tmp_path: Path) -> None:
    names = ["000_c78f62d35b0910a5", "001_133ea6e3b8938548", "002_88a088b4017afa2e"]
    paths = [sample_path(name) for name in names]
    crash = tmp_path / "crash.txt"
    shutil.copy(paths[0], crash)
    crash.write_text(crash.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # other bytes
    batch = [paths[0], crash, *paths[1:], sample_path("003_a3eb1527e58fb63c")]
    reports = extract_many(_tasks(*batch), jobs=2, limits=Limits(), work=_crashing_read)
    assert [r.source_file for r in reports] == [p.name for p in batch]
    assert reports[1].status == Status.FAILED
    assert reports[1].error == (
        "failed: the worker process crashed reading this file (killed, or out of memory)"
    )
    for report in [reports[0], *reports[2:]]:
        assert report.status in (Status.PARSED, Status.PARSED_WITH_WARNINGS), report.source_file
    assert _cells(reports[0]) == _cells(extract_many(_tasks(paths[0]), 1, Limits())[0])
