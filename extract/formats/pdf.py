"""PDF reports with a text layer: pdfplumber reads the pages that hold tables, pypdfium2 the rest.

pypdfium2's text is 5–30× faster than pdfplumber's but loses table structure, so it gives the
document's text and finds the pages that hold the template's tables; pdfplumber's ruled-table
finder runs only on those pages, and only for their cells. A PDF with no text layer (a scan), or
whose fonts have no Unicode map (``(cid:…)``), is read by OCR instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium

from extract.document import Cell, Document
from extract.formats.ocr import read_scanned_pdf

_PAGE_NUMBER = re.compile(r"^[\s\-—–一]*\d{1,3}[\s\-—–一]*$")
# Words printed only in the tables' headers, and a data row: six or more numbers in a row.
_TABLE_HINTS = ("第二十条", "信息内容", "申请人情况", "本年新收", "结果维持", "商业企业")
_NUMBER_RUN = re.compile(r"(?:\d+\s+){5,}\d+")


def read_pdf(path: Path) -> Document:
    page_texts, properties = _pdfium_text(path)
    joined = "".join(page_texts)
    if not joined.strip() or joined.count("(cid:") > 20:
        return read_scanned_pdf(path)
    table_pages = _table_pages(page_texts)
    cells: list[Cell] = []
    row_counter = 0
    with pdfplumber.open(path) as pdf:
        for page_no in sorted(table_pages):
            page = pdf.pages[page_no - 1]
            page_cells, next_counter = _table_cells(page, page_no, row_counter)
            if any(
                _overprinted(cell.text) for cell in page_cells
            ):  # bold by overprinting: 总总计计
                page_cells, next_counter = _table_cells(page.dedupe_chars(), page_no, row_counter)
            cells.extend(page_cells)
            row_counter = next_counter
    return Document(
        text="\n".join(page_texts),
        cells=cells,
        layout="pdf",
        title_hint=properties.get("Title") or None,
        properties_date=_pdf_date(properties.get("CreationDate", "")),
    )


def _pdfium_text(path: Path) -> tuple[list[str], dict[str, str]]:
    """Each page's text (page-number lines dropped) and the document properties, UTF-16 decoded."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for index in range(len(pdf)):
            raw = pdf[index].get_textpage().get_text_range()
            lines = (ln.strip() for ln in raw.replace("\r\n", "\n").split("\n"))
            texts.append("\n".join(ln for ln in lines if ln and not _PAGE_NUMBER.match(ln)))
        return texts, pdf.get_metadata_dict()
    finally:
        pdf.close()


def _table_pages(page_texts: list[str]) -> set[int]:
    """Pages that print a table header, or a row of numbers (a table continued from a page before)."""
    return {
        n
        for n, text in enumerate(page_texts, 1)
        if any(h in text.replace(" ", "") for h in _TABLE_HINTS) or _NUMBER_RUN.search(text)
    }


def _pdf_date(value: str) -> str | None:
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", value)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def _table_cells(page: Any, page_no: int, row_counter: int) -> tuple[list[Cell], int]:
    """pdfplumber's ruled tables on one page: a cell per printed cell, ``None`` (merged) skipped."""
    cells: list[Cell] = []
    for table_no, table in enumerate(page.find_tables(), 1):
        rows = table.extract()
        if not _is_grid(rows):
            continue
        for row_no, (row, boxes) in enumerate(zip(rows, table.rows, strict=True), 1):
            row_counter += 1
            for col_no, (text, box) in enumerate(zip(row, boxes.cells, strict=True), 1):
                if text is not None:
                    position = f"page {page_no}, table {table_no}, row {row_no}, cell {col_no}"
                    cells.append(Cell(text, row_counter, position, page=page_no, box=_rounded(box)))
    return cells, row_counter


def _rounded(
    box: tuple[float, float, float, float] | None,
) -> tuple[float, float, float, float] | None:
    """A cell's rectangle to a tenth of a point: finer is noise, and the raw layer stays stable."""
    return (
        None
        if box is None
        else (round(box[0], 1), round(box[1], 1), round(box[2], 1), round(box[3], 1))
    )


def _overprinted(text: str) -> bool:
    compact = text.replace("\n", "").replace(" ", "")
    return len(compact) >= 4 and not compact.isdigit() and compact[0::2] == compact[1::2]


def _is_grid(rows: list[list[str | None]]) -> bool:
    """A bordered paragraph is found as a one-column table: that is text, not a table."""
    return any(sum(1 for c in row if c is not None) > 1 for row in rows)
