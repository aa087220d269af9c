"""Markdown and converted text: what PDF-to-Markdown converters (MinerU, marker, docling,
pandoc, OCR+LLM tools) make of a report.

Their tables arrive as pipe tables (``| a | b |``) or as HTML ``<table>`` blocks, cut into
several small tables, with header text interleaved as loose lines and many value rows detached
from their labels (the label is a loose line before or after the row). Each pipe row and each
``<tr>`` becomes a printed row of its own; a loose line is text that never joins a row. Which
template row an unlabelled value row is, the aligner decides from the template's order.
"""

from __future__ import annotations

import re
from pathlib import Path

from extract.document import Cell, Document
from extract.encoding import decode_bytes
from extract.formats.html import parse_fragment, render_text, table_cells
from extract.numbers import parse_value

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# The delimiter row under a header: every cell three dashes or more (a cell of one "-" is a blank).
_SEPARATOR_ROW = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+(?:\s*:?-{3,}:?\s*)?$")
_HTML_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
_HTML_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# A loose line that is a label followed by its value (``行政许可 97``): a row of its own.
_LABEL_AND_VALUE = re.compile(
    r"^(?P<label>[^\d|]*[\u4e00-\u9fff）)])\s+(?P<value>[-−]?\d[\d,.]*\s*(?:万元|万|元|个|件)?)$"
)
_HTML_ROW_BASE = 10_000_000  # row ids of <tr> rows, above any line number
_MIN_PIPE_ROWS = 5


def read_markdown(path: Path) -> Document:
    with path.open("rb") as handle:
        text, encoding_note = decode_bytes(handle.read())
    document = markdown_document(text)
    if encoding_note:
        document.warnings.append(encoding_note)
    return document


def holds_converted_tables(lines: list[str]) -> bool:
    """Text (a .txt) that is really a converter's Markdown: pipe tables or HTML table blocks."""
    pipe_rows = sum(1 for line in lines if _PIPE_ROW.match(line) and not _SEPARATOR_ROW.match(line))
    return pipe_rows >= _MIN_PIPE_ROWS or any(_HTML_TABLE_START.search(line) for line in lines)


def markdown_document(text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    cells: list[Cell] = []
    rendered: list[str] = []
    html_blocks = 0
    i = 0
    while i < len(lines):
        line, line_no = lines[i], i + 1
        if _HTML_TABLE_START.search(line):
            end = _block_end(lines, i)
            html_blocks += 1
            root = parse_fragment("\n".join(lines[i : end + 1]))
            cells.extend(table_cells(root, _HTML_ROW_BASE * html_blocks, f"line {line_no}, "))
            rendered.append(render_text(root))
            i = end + 1
            continue
        if _PIPE_ROW.match(line):
            if not _SEPARATOR_ROW.match(line):
                parts = _pipe_cells(line)
                cells.extend(
                    Cell(part, line_no, f"line {line_no}, cell {k}")
                    for k, part in enumerate(parts, 1)
                )
                rendered.append("\t".join(parts))
        elif line.strip():
            loose = _HEADING.sub("", line).strip()
            cells.extend(_loose_cells(loose, line_no))
            rendered.append(loose)
        i += 1
    return Document(text="\n".join(rendered), cells=cells, layout="markdown")


def _block_end(lines: list[str], start: int) -> int:
    for j in range(start, len(lines)):
        if _HTML_TABLE_END.search(lines[j]):
            return j
    return len(lines) - 1


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [part.strip() for part in re.split(r"(?<!\\)\|", inner)]


def _loose_cells(line: str, line_no: int) -> list[Cell]:
    """A loose line is text that joins no row. A bare number on its own line (a page number, a
    stray digit the converter left) is not a value of any row: it stays in the text only."""
    if parse_value(line).is_numeric:
        return []
    match = _LABEL_AND_VALUE.match(line)
    if match:
        return [
            Cell(match["label"].strip(), line_no, f"line {line_no}"),
            Cell(match["value"].strip(), line_no, f"line {line_no}, value"),
        ]
    return [Cell(line, None, f"line {line_no}")]
