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

from extract.extraction import ExtractedReport, extract_file
from extract.template import REQUEST_COLUMNS
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


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("7.", "7"),
        ("0。", "0"),
        ("`3", "3"),
        ("12,", "12"),
        (".0", "0"),
        ("25.1", "25.1"),
        (".5", ".5"),
        ("行政处罚", "行政处罚"),
    ],
)
def test_a_speck_beside_a_number_is_not_part_of_it(read: str, meant: str) -> None:
    """A toner dot read as a stop or a tick beside a number is dropped; a decimal is kept."""
    from extract.formats.ocr import despeckle

    assert despeckle(read) == meant


def _differing_rows(page: np.ndarray, clean: np.ndarray, with_text: bool) -> int:
    from extract.formats.ocr import _box, _engine, _grid_rows

    boxes = [_box(item) for item in _engine()(page, use_cls=False)[0]] if with_text else []
    cells, clean_cells = _grid_rows(page, boxes), _grid_rows(clean)
    assert len(cells) == len(clean_cells)  # every ruled band is found
    return sum(len(a) != len(b) for a, b in zip(cells, clean_cells, strict=True))


def test_digits_stacked_in_a_column_do_not_cut_their_cells() -> None:
    """At 100 dpi the "0"s centred in a column, row under row, blur into a thick line through
    the rules between them. Once the recognised words are known, a short vertical wider than a
    rule through one of them is not a rule: page 2 of h13's copier100 scan (16 bands) then has
    the clean page's cells in all but one band. On the clean page of 四, where a detected header
    spans three narrow cells, the thin rules under it still cut them."""
    import pypdfium2 as pdfium

    from extract.formats.ocr import RENDER_SCALE, straighten, whiten

    pdf = pdfium.PdfDocument(str(SCANS / "h13_huaian_city_gov_2024.copier100.scan.pdf"))
    try:
        rendered = pdf[1].render(scale=RENDER_SCALE).to_pil().convert("L")
    finally:
        pdf.close()
    page = straighten(whiten(np.asarray(rendered)))
    clean = _clean_page("h13_huaian_city_gov_2024", 2)
    assert _differing_rows(page, clean, with_text=True) <= 1
    assert _differing_rows(page, clean, with_text=False) >= 3  # the strokes, left in
    clean_review = _clean_page("h01_shanghai_gov_office_2019", 3)
    assert _differing_rows(clean_review, clean_review, with_text=True) == 0


def _read(name: str) -> tuple[ExtractedReport, dict, dict]:
    stem = name.split(".")[0]
    expected = json.loads((FIXTURES / "expected" / f"{stem}.json").read_text(encoding="utf-8"))
    report = extract_file(SCANS / name)
    got = {(v.table_key.value, v.row_key, v.col_key): v for v in report.values}
    return report, expected, got


def test_a_100_dpi_scan_reads_no_wrong_number() -> None:
    """h13 at 100 dpi: many labels come out garbled ("4、保护室三方合法校益"), a lone "1" is
    passed over, the point of 96171.6 is lost. What is read is what is printed; rows with a
    garbled label are placed by the table's order; the money cell is left null, not 961716."""
    report, expected, got = _read("h13_huaian_city_gov_2024.copier100.scan.pdf")
    score = score_report(report, expected)
    assert score.wrong_numbers == 0 and score.correct >= 150  # of 200
    row = [got[("requests", "denied_third_party", c.key)] for c in REQUEST_COLUMNS]
    assert [v.value for v in row] == expected["requests"]["denied_third_party"]  # 6,0,…,0,6
    assert {v.method.value for v in row} == {"placed_by_order"}
    # a stroke cut a cell of 二、上年结转 in two, one half empty: dropped, as the row total holds
    carried = [got[("requests", "carried_over", c.key)].value for c in REQUEST_COLUMNS]
    assert carried == expected["requests"]["carried_over"]  # 34, 0, …, 0, 34
    fee = got[("proactive", "admin_fees", "amount_wan_yuan")]
    assert fee.value is None and fee.method.value == "ambiguous"
    assert any("'961716'" in w and "'96171.6'" in w for w in report.warnings)
    why = {miss.key: miss.why for miss in score.misses}  # what `make accuracy` prints for each
    assert (
        "no identity tells which is printed" in why[("proactive", "admin_fees", "amount_wan_yuan")]
    )
    assert "cannot be told" in why[("requests", "denied_internal_affairs", "natural_person")]


def test_a_lone_one_the_page_passed_over_is_read_again_for_the_identities() -> None:
    """h01 at 200 dpi, turned 2°: 不掌握 by 法律服务机构 is a lone "1" (本机关不掌握相关政府
    信息: 1 of the row's 3), missed on the page; the broken row total has it read again."""
    _, expected, got = _read("h01_shanghai_gov_office_2019.skew200.scan.pdf")
    value = got[("requests", "unavailable_not_held", "legal_services")]
    column = [c.key for c in REQUEST_COLUMNS].index("legal_services")
    assert value.value == expected["requests"]["unavailable_not_held"][column] == 1
    assert value.method.value == "reread_by_identity" and value.ocr_confidence is not None
