"""DOCX reports (python-docx's XML): paragraphs as text, tables as cells with merges resolved.

A horizontally merged cell (``w:gridSpan``) is one printed cell; the continuation of a vertical
merge (``w:vMerge`` without ``restart``) is not a cell at all, like pdfplumber's ``None``.
Tables nested in a cell or placed in a text box are read as tables of their own.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from extract.document import Cell, Document

_TBL, _TR, _TC, _P, _T = qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:p"), qn("w:t")
_TAB, _BR = qn("w:tab"), qn("w:br")


def read_docx(path: Path) -> Document:
    with path.open("rb") as handle:
        document = docx.Document(handle)
    body = document.element.body
    cells: list[Cell] = []
    lines: list[str] = []
    row_counter = 0
    for table_no, table in enumerate(body.iter(_TBL), 1):
        row_counter = _table_cells(table, table_no, row_counter, cells)
    for block in body.iterchildren():
        if block.tag == _P:
            lines.append(_text(block))
        elif block.tag == _TBL:
            lines.extend(_render_table(block))
    properties = document.core_properties
    title = (properties.title or "").strip() or None
    created = properties.created.date().isoformat() if properties.created else None
    text = "\n".join(ln for ln in lines if ln.strip())
    return Document(
        text=text, cells=cells, layout="docx", title_hint=title, properties_date=created
    )


def _own(element: etree._Element, tag: str) -> list[etree._Element]:
    """Descendants with ``tag`` that do not sit inside a nested table."""
    found = []
    for node in element.iter(tag):
        parent = node.getparent()
        nested = False
        while parent is not None and parent is not element:
            if parent.tag == _TBL:
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            found.append(node)
    return found


def _text(element: etree._Element) -> str:
    parts: list[str] = []
    for paragraph in [element] if element.tag == _P else _own(element, _P):
        pieces = []
        for node in paragraph.iter(_T, _TAB, _BR):
            pieces.append(
                node.text or "" if node.tag == _T else ("\t" if node.tag == _TAB else "\n")
            )
        parts.append("".join(pieces))
    return "\n".join(parts)


def _is_merge_continuation(tc: etree._Element) -> bool:
    props = tc.find(qn("w:tcPr"))
    merge = props.find(qn("w:vMerge")) if props is not None else None
    return merge is not None and merge.get(qn("w:val")) in (None, "continue")


def _rows(table: etree._Element) -> list[etree._Element]:
    return [tr for tr in table.iterchildren(_TR)]


def _table_cells(table: etree._Element, table_no: int, row_counter: int, out: list[Cell]) -> int:
    for row_no, tr in enumerate(_rows(table), 1):
        row_counter += 1
        for col_no, tc in enumerate(tr.iterchildren(_TC), 1):
            if _is_merge_continuation(tc) or tc.find(_TBL) is not None:
                continue
            out.append(
                Cell(_text(tc), row_counter, f"table {table_no}, row {row_no}, cell {col_no}")
            )
    return row_counter


def _render_table(table: etree._Element) -> list[str]:
    return [
        "\t".join(_text(tc).replace("\n", "") for tc in tr.iterchildren(_TC)) for tr in _rows(table)
    ]
