"""Plain-text reports: the layouts that Word, PDF and HTML conversions and crawlers produce.

- ``tab_rows``: a printed row a line, cells separated by tabs (PDF → text).
- ``cell_lines``: a cell a line, each cell opened by a tab, rows separated by blank lines
  (Word → text); a line without the tab continues the cell above (wrapped header text).
- ``line_cells``: every cell its own line, rows unknown: between blank lines (HTML → text), or
  one after another with a blank line for a blank cell (LibreOffice's text export).
- ``flattened``: a crawler ran each table into one line and cell values into one another
  (``640020470``); such runs become ``fused`` cells that the aligner splits by constraint.
"""

from __future__ import annotations

import re
from pathlib import Path

from extract.document import Cell, Document
from extract.encoding import decode_bytes
from extract.formats.markdown import holds_converted_tables, markdown_document
from extract.template import REQUEST_ROWS

_INTERNAL_TAB = re.compile(r"[^\t]\t")
_CRAWLER_FIELD = re.compile(r"^(标题|发布时间|发布日期|成文日期)\s*[:：]\s*(.+)$")
# A digit run inside flattened text; the numbering of the next label (``2.其他…``) is cut off.
_DIGIT_RUN = re.compile(r"[-−]?\d[\d ]*(?:\.\d+)?\s*(?:万元|万|元)?")
_NUMBERING_AFTER = re.compile(r"[.．、][\u4e00-\u9fff“\"]")
_FLATTENED_MIN_LABELS = 5


def read_text(path: Path) -> Document:
    with path.open("rb") as handle:
        raw = handle.read()
    text, encoding_note = decode_bytes(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if holds_converted_tables(lines):  # a converter's Markdown saved as .txt
        document = markdown_document(text)
        document.warnings.extend([encoding_note] if encoding_note else [])
        return document
    layout = _detect_layout(lines)
    if layout == "tab_rows":
        cells = _tab_row_cells(lines)
    elif layout == "cell_lines":
        cells = _cell_line_cells(lines)
    else:
        cells, layout = _line_cells(lines)
    title, published = _crawler_fields(lines)
    doc = Document(
        text=text, cells=cells, layout=layout, title_hint=title, published_hint=published
    )
    if encoding_note:
        doc.warnings.append(encoding_note)
    return doc


def _detect_layout(lines: list[str]) -> str:
    tab_lines = [ln for ln in lines if "\t" in ln]
    if not tab_lines:
        return "line_cells"
    internal = sum(1 for ln in tab_lines if _INTERNAL_TAB.search(ln))
    return "tab_rows" if internal >= 0.3 * len(tab_lines) else "cell_lines"


def _tab_row_cells(lines: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for line_no, line in enumerate(lines, 1):
        if "\t" not in line:
            if line.strip():
                cells.append(Cell(line.strip(), line_no, f"line {line_no}"))
            continue
        for col_no, part in enumerate(line.split("\t"), 1):
            cells.append(Cell(part, line_no, f"line {line_no}, cell {col_no}"))
    return cells


def _cell_line_cells(lines: list[str]) -> list[Cell]:
    """Tab-opened cells; a blank line ends the row; an untabbed line continues the cell above."""
    cells: list[Cell] = []
    row_id = 0
    in_row = False
    for line_no, line in enumerate(lines, 1):
        if not line.strip() and not line.startswith("\t"):
            in_row = False
            continue
        if line.startswith("\t"):
            if not in_row:
                row_id = line_no
                in_row = True
            cells.append(Cell(line[1:], row_id, f"line {line_no}"))
        elif in_row and cells:
            last = cells[-1]
            cells[-1] = Cell(f"{last.text}\n{line}", last.row, last.position)
        else:
            cells.append(Cell(line.strip(), line_no, f"line {line_no}"))
    return cells


def _blank_lines_separate(lines: list[str]) -> bool:
    """HTML → text puts a blank line after every cell (blank lines are separators); LibreOffice's
    text export puts a cell a line with nothing between (a blank line is a blank cell)."""
    filled = [i for i, line in enumerate(lines[:-1]) if line.strip()]
    followed_by_blank = sum(1 for i in filled if not lines[i + 1].strip())
    return bool(filled) and followed_by_blank >= 0.5 * len(filled)


def _line_cells(lines: list[str]) -> tuple[list[Cell], str]:
    cells: list[Cell] = []
    flattened = False
    separators = _blank_lines_separate(lines)
    for line_no, line in enumerate(lines, 1):
        if not line.strip():
            if not separators:
                cells.append(Cell("", None, f"line {line_no}"))
            continue
        if _is_flattened_table_line(line):
            flattened = True
            cells.extend(_split_flattened(line, line_no))
        else:
            cells.append(Cell(line.strip(), None, f"line {line_no}"))
    return cells, "flattened" if flattened else "line_cells"


_KEYWORDS = sorted({k for row in REQUEST_ROWS for k in row.keywords}, key=len, reverse=True)
# Every row word at every place in a line, longest first; the shorter words that start at the
# same place are prefixes of the one found, so the rows a found word stands for include theirs.
_ROW_WORDS_AT = re.compile("(?=(" + "|".join(re.escape(k) for k in _KEYWORDS) + "))")
_ROWS_OF_WORD = {
    found: frozenset(
        r for r, row in enumerate(REQUEST_ROWS) if any(found.startswith(k) for k in row.keywords)
    )
    for found in _KEYWORDS
}


def _is_flattened_table_line(line: str) -> bool:
    """A line that holds the words of several request rows: a table run into one line."""
    rows: set[int] = set()
    for found in _ROW_WORDS_AT.findall(line):
        rows |= _ROWS_OF_WORD[found]
    return len(rows) >= _FLATTENED_MIN_LABELS


def _split_flattened(line: str, line_no: int) -> list[Cell]:
    """Cut a flattened line into text pieces and digit runs (each run possibly several values)."""
    cells: list[Cell] = []
    cursor = 0
    for match in _DIGIT_RUN.finditer(line):
        start, end = match.span()
        run = match.group()
        if _NUMBERING_AFTER.match(line, end):
            # the run's last digit numbers the next label ("00000002.其他…")
            end -= 1
            run = run[:-1]
        if not run.strip():
            continue
        if start > cursor:
            _append_text(cells, line[cursor:start], line_no, cursor)
        cells.append(Cell(run.strip(), None, f"line {line_no}, char {start + 1}", fused=True))
        cursor = end
    if cursor < len(line):
        _append_text(cells, line[cursor:], line_no, cursor)
    return cells


def _append_text(cells: list[Cell], text: str, line_no: int, offset: int) -> None:
    if text.strip():
        cells.append(Cell(text.strip(), None, f"line {line_no}, char {offset + 1}"))


def _crawler_fields(lines: list[str]) -> tuple[str | None, str | None]:
    """A crawler's header block (标题: …, 发布时间: …) before the page text."""
    title = published = None
    for line in lines[:15]:
        match = _CRAWLER_FIELD.match(line.strip())
        if not match:
            continue
        if match[1] == "标题":
            title = match[2].strip()
        elif published is None:
            published = match[2].strip()
    return title, published
