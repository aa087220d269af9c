"""Extraction in worker processes: the same results in parallel, and a document that takes too
long or too much memory fails alone, with its reason, while the others complete."""

from __future__ import annotations

from pathlib import Path

from extract.extraction import Status, extract_file, file_sha256
from extract.landing import LandedReport
from extract.workers import MIN_MEMORY_MB, Limits, extract_many
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
