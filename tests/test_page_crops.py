"""PDF cells keep their place on the page, and the audit page shows a broken identity's cells
boxed on an image of the printed page.

The boxes are checked against the page itself: the words pdfplumber finds inside each box (its
word finder, not the table finder that made the box) must be the hand-read value of that cell.
"""

from __future__ import annotations

import base64
import io
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pdfplumber
import pytest
from lxml import etree
from PIL import Image

from ogi.cli import main
from ogi.page_crop import SIDE_COLOURS
from tests.conftest import ROOT, load_expected, sample_path

H13 = "h13_huaian_city_gov_2024"  # the city government's PDF as published (WPS, section 三 over two pages)
H01_PDF = (
    ROOT / "tests" / "fixtures" / "h01_shanghai_gov_office_2019.pdf"
)  # 总计 left blank in every detail row


@pytest.fixture(scope="module")
def pdf_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = tmp_path_factory.mktemp("pdf_inputs")
    shutil.copy(sample_path(H13), inputs)
    shutil.copy(H01_PDF, inputs)
    out = tmp_path_factory.mktemp("pdf_warehouse")
    assert main(["--quiet", "run", str(inputs), "--out", str(out)]) == 0
    return out


def _boxed_cells(warehouse: Path, source_file: str) -> list[tuple]:
    with duckdb.connect(str(warehouse / "ogi.duckdb"), read_only=True) as con:
        return con.sql(
            """select row_key, col_key, source_page, source_x0, source_top, source_x1, source_bottom
               from marts.fct_report_values
               where source_file = ? and table_key = 'requests' and source_x0 is not null""",
            params=[source_file],
        ).fetchall()


def _words_inside(page: pdfplumber.page.Page, box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    words = page.extract_words()
    return "".join(
        w["text"]
        for w in words
        if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom
    )


def test_each_pdf_cell_box_frames_its_printed_number(pdf_warehouse: Path) -> None:
    expected = load_expected(H13)
    columns = expected["columns"]
    cells = _boxed_cells(pdf_warehouse, f"{H13}.pdf")
    hand_read = {
        (row, column): value
        for row, values in expected["requests"].items()
        for column, value in zip(columns, values, strict=True)
    }
    assert len(cells) == len(
        hand_read
    )  # every cell of section 三 has its box, across the page break
    pages = {page for _, _, page, *_ in cells}
    assert pages == {4, 5}  # section 三 breaks across pages 4 and 5
    with pdfplumber.open(sample_path(H13)) as pdf:
        for row, column, page, *box in cells:
            printed = _words_inside(pdf.pages[page - 1], tuple(box))
            assert Decimal(printed) == Decimal(str(hand_read[(row, column)])), (
                row,
                column,
                page,
                printed,
            )


def _figures(page: etree._Element, title: str) -> list[etree._Element]:
    heading = page.xpath(f"//h3[text()='{title}']")[0]
    block = []
    for sibling in heading.itersiblings():
        if sibling.tag in ("h2", "h3"):
            break
        block.append(sibling)
    return [
        f
        for element in block
        for f in ([element] if element.tag == "figure" else element.iter("figure"))
    ]


def _image(figure: etree._Element) -> Image.Image:
    uri = figure.find("img").get("src")
    assert uri.startswith("data:image/png;base64,")  # inline: the page stays one file
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")


def test_audit_page_shows_broken_identity_boxed_on_the_printed_page(pdf_warehouse: Path) -> None:
    assert main(["report", "--out", str(pdf_warehouse)]) == 0
    page = etree.HTML((pdf_warehouse / "report" / "index.html").read_text(encoding="utf-8"))
    title = "上海市人民政府办公厅 — 2019 (h01_shanghai_gov_office_2019.pdf)"
    with duckdb.connect(str(pdf_warehouse / "ogi.duckdb"), read_only=True) as con:
        broken = con.sql(
            """select count(*) from marts.report_findings f join marts.dim_reports r using (report_id)
               where r.source_file = 'h01_shanghai_gov_office_2019.pdf' and
                   f.status = 'fail' and f.check_family = 'identity'"""
        ).fetchall()[0][0]
    figures = _figures(page, title)
    assert (
        broken > 0 and len(figures) == broken
    )  # one page image per broken identity (each on one page)
    for figure in figures:
        colours = set(_image(figure).get_flattened_data())
        assert SIDE_COLOURS["lhs"] in colours and SIDE_COLOURS["rhs"] in colours, "both sides boxed"
        assert "Page 2 of h01_shanghai_gov_office_2019.pdf" in "".join(
            figure.find("figcaption").itertext()
        )


def test_audit_page_says_so_when_the_pdf_is_gone(pdf_warehouse: Path, tmp_path: Path) -> None:
    moved = tmp_path / "moved"
    shutil.copytree(pdf_warehouse, moved)
    (moved / "sources.json").write_text(
        '{"0": "/nonexistent.pdf"}', encoding="utf-8"
    )  # the inputs are elsewhere now
    assert main(["report", "--out", str(moved)]) == 0
    page = (moved / "report" / "index.html").read_text(encoding="utf-8")
    assert "<figure>" not in page
    assert "The PDF is no longer where it was read (or has changed): no page image." in page
