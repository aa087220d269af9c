"""Scans as a copier makes them: skewed, low-resolution, blurred, noisy, grey, JPEG'd pages.

The degraded scans in tests/scans/ were made once by scripts/degrade_scans.py (seeded) from the
fixture PDFs, whose values are hand-read (tests/fixtures/expected/). The straightening is tested
on its own with known rotations of a clean page; two degraded scans are read end to end here
(``make accuracy`` scores all twelve).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from extract.extraction import extract_file
from ogi.accuracy import score_report

pytest.importorskip(
    "rapidocr_onnxruntime", reason="the ocr extra is not installed (make test installs it)"
)

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SCANS = TESTS / "scans"


def _clean_page(stem: str, page: int) -> np.ndarray:
    import pypdfium2 as pdfium

    from extract.formats.ocr import RENDER_SCALE

    pdf = pdfium.PdfDocument(str(FIXTURES / f"{stem}.scan.pdf"))
    try:
        return np.asarray(pdf[page - 1].render(scale=RENDER_SCALE).to_pil().convert("L"))
    finally:
        pdf.close()


def _rotated(gray: np.ndarray, degrees: float) -> np.ndarray:
    import cv2

    height, width = gray.shape
    rotation = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(gray, rotation, (width, height), borderValue=(255,))


@pytest.mark.parametrize("degrees", [-2.5, -1.2, -0.4, 0.7, 2.0])
def test_skew_is_measured_to_a_tenth_of_a_degree(degrees: float) -> None:
    """The page of section 三 (tables and prose) turned by a known angle: the rotation that
    levels it is the opposite angle."""
    from extract.formats.ocr import skew_degrees

    page = _clean_page("h01_shanghai_gov_office_2019", 2)
    assert abs(skew_degrees(page)) < 0.1
    assert skew_degrees(_rotated(page, degrees)) == pytest.approx(-degrees, abs=0.1)


def test_a_straightened_page_has_the_clean_pages_grid() -> None:
    """Turned 1.5° and levelled again, the page's ruled grid has the same rows and cells."""
    from extract.formats.ocr import _grid_rows, straighten

    page = _clean_page("h01_shanghai_gov_office_2019", 2)
    clean = [len(row) for row in _grid_rows(page)]
    levelled = [len(row) for row in _grid_rows(straighten(_rotated(page, 1.5)))]
    # 45 bands; section 三's rows have 8 to 10 cells (labels, 7 values)
    assert len(clean) == 45 and levelled == clean


@pytest.mark.parametrize(
    "name",
    [
        "h13_huaian_city_gov_2024.skew200.scan.pdf",  # skewed 2°, 200 dpi, JPEG q80
        "h01_shanghai_gov_office_2019.skewneg150.scan.pdf",  # skewed −2°, 150 dpi, JPEG q75
    ],
)
def test_a_skewed_scan_reads_like_the_clean_one(name: str) -> None:
    """Every value read is the printed one, and at most one cell in a hundred is left unread
    (the thin, lone "1" that the detector can miss is read as nothing, never as a number)."""
    stem = name.split(".")[0]
    expected = json.loads((FIXTURES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))
    report = extract_file(SCANS / name)
    score = score_report(report, expected)
    assert score.wrong_numbers == 0 and score.blank_zero_errors == 0
    assert all(miss.got in ("", "missing") for miss in score.misses)
    assert score.correct >= 0.99 * score.cells
    assert report.layout == "ocr" and score.metadata_correct
