"""PDF reports with a text layer, read by pdfplumber: ruled tables as cells, the rest as text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pdfplumber

from extract.document import Cell, Document
from extract.formats.ocr import read_scanned_pdf

_PAGE_NUMBER = re.compile(r"^[\s\-—–一]*\d{1,3}[\s\-—–一]*$")


def read_pdf(path: Path) -> Document:
    cells: list[Cell] = []
    blocks: list[str] = []
    row_counter = 0
    with pdfplumber.open(path) as pdf:
        for page_no, page in enumerate(pdf.pages, 1):
            page_cells, page_text, row_counter = _read_page(page, page_no, row_counter)
            cells.extend(page_cells)
            blocks.append(page_text)
    text = "\n".join(blocks)
    if not text.strip() or text.count("(cid:") > 20:
        # a scan, or fonts without a Unicode map: read the page images instead
        return read_scanned_pdf(path)
    return Document(text=text, cells=cells, layout="pdf")


def _read_page(page: Any, page_no: int, row_counter: int) -> tuple[list[Cell], str, int]:
    tables = [t for t in page.find_tables() if _is_grid(t)]
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes)) if boxes else page
    placed: list[tuple[float, str]] = [
        (line["top"], line["text"]) for line in outside.extract_text_lines() if not _PAGE_NUMBER.match(line["text"])
    ]
    cells: list[Cell] = []
    for table_no, table in enumerate(tables, 1):
        rendered: list[str] = []
        for row_no, row in enumerate(table.extract(), 1):
            row_counter += 1
            present = [(col_no, text) for col_no, text in enumerate(row, 1) if text is not None]
            for col_no, text in present:
                position = f"page {page_no}, table {table_no}, row {row_no}, cell {col_no}"
                cells.append(Cell(text, row_counter, position, page=page_no))
            rendered.append("\t".join(text.replace("\n", "") for _, text in present))
        placed.append((table.bbox[1], "\n".join(rendered)))
    placed.sort(key=lambda item: item[0])
    return cells, "\n".join(text for _, text in placed), row_counter


def _is_grid(table: Any) -> bool:
    """A bordered paragraph is found as a one-column table: that is text, not a table."""
    rows = table.extract()
    return any(sum(1 for c in row if c is not None) > 1 for row in rows)


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom
