"""PDF reports with a text layer: pdfplumber reads the pages that hold tables, pypdfium2 the rest.

pypdfium2's text is 5–30× faster than pdfplumber's but loses table structure, so it is used to
find the pages that hold the template's tables (and for the text of every other page);
pdfplumber's ruled-table finder runs only on those pages. A PDF with no text layer (a scan), or
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
_TABLE_HINTS = (
    "第二十条",
    "信息内容",
    "申请人情况",
    "本年新收",
    "予以公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "行政复议",
    "结果维持",
)
_NUMBER_RUN = re.compile(r"(?:\d+\s+){5,}\d+")


def read_pdf(path: Path) -> Document:
    page_texts, properties = _pdfium_text(path)
    joined = "".join(page_texts)
    if not joined.strip() or joined.count("(cid:") > 20:
        return read_scanned_pdf(path)
    table_pages = _table_pages(page_texts)
    cells: list[Cell] = []
    blocks: list[str] = []
    row_counter = 0
    with pdfplumber.open(path) as pdf:
        for page_no, page in enumerate(pdf.pages, 1):
            if page_no in table_pages:
                page_cells, page_text, row_counter = _read_table_page(page.dedupe_chars(), page_no, row_counter)
                cells.extend(page_cells)
                blocks.append(page_text)
            else:
                blocks.append(page_texts[page_no - 1])
    return Document(
        text="\n".join(blocks),
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
    """Pages naming a table row or header, and a page that continues a table with bare numbers."""
    pages = {n for n, text in enumerate(page_texts, 1) if any(h in text.replace(" ", "") for h in _TABLE_HINTS)}
    continued = {n + 1 for n in pages if n < len(page_texts) and _NUMBER_RUN.search(page_texts[n][:300])}
    return pages | continued


def _pdf_date(value: str) -> str | None:
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", value)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None


def _read_table_page(page: Any, page_no: int, row_counter: int) -> tuple[list[Cell], str, int]:
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
