"""Development-time generator of the Markdown fixtures (CI never runs it; the outputs are committed).

PDF-to-Markdown converters leave a report in two shapes, both made here from the HTML fixtures
of h01 (template 2019, blank cells) and h13 (template 2021) — the same documents, so their
hand-read expected values apply unchanged:

- ``<stem>.mineru.md``: prose as lines, section titles as headings, every table as an HTML
  ``<table>`` block with its rowspan/colspan (MinerU, OCR+LLM tools).
- ``<stem>.marker.md``: pipe tables (marker, docling, pandoc) the way the real h10 shows them:
  section 三 cut into small tables under generic headers (``| 类别 | 数据1 | …``), its header
  rows interleaved as loose text, ``-`` for a blank cell, and every third row's label detached
  onto a loose line before its table, the row keeping its values only.

    python scripts/make_markdown_fixtures.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.encoding import decode_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
STEMS = ("h01_shanghai_gov_office_2019", "h13_huaian_city_gov_2024")
SECTION_TITLE = re.compile(r"^[一二三四五六]、")
CHUNK_ROWS = 5  # data rows per pipe table in section 三
DETACH_EVERY = 3  # every third data row of section 三 loses its label


def _body(stem: str) -> lxml.html.HtmlElement:
    markup, _ = decode_bytes((FIXTURES / f"{stem}.gbk.html").read_bytes(), "gbk")
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    return lxml.html.document_fromstring(markup).find("body")


def _text(element: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content().replace("\xa0", " ")).strip()


def _rows(table: lxml.html.HtmlElement) -> list[list[str]]:
    return [[_text(td) for td in tr.xpath("./td|./th")] for tr in table.xpath(".//tr")]


def mineru(stem: str) -> str:
    lines: list[str] = []
    for element in _body(stem):
        if element.tag == "table":
            lines.append(_html_table(element))
        elif _text(element):
            text = _text(element)
            lines.append(f"# {text}" if SECTION_TITLE.match(text) else text)
        lines.append("")
    return "\n".join(lines)


def _html_table(table: lxml.html.HtmlElement) -> str:
    out = ["<table>"]
    for tr in table.xpath(".//tr"):
        cells = []
        for td in tr.xpath("./td|./th"):
            spans = "".join(
                f' {name}="{td.get(name)}"' for name in ("rowspan", "colspan") if td.get(name)
            )
            cells.append(f"<td{spans}>{_text(td)}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    out.append("</table>")
    return "".join(out)


def marker(stem: str) -> str:
    lines: list[str] = []
    for element in _body(stem):
        if element.tag == "table":
            rows = _rows(element)
            is_requests = any("申请人情况" in cell for row in rows for cell in row)
            lines.extend(_requests_tables(rows) if is_requests else _pipe_table(rows))
        elif _text(element):
            text = _text(element)
            lines.append(f"## {text}" if SECTION_TITLE.match(text) else text)
        lines.append("")
    return "\n".join(lines)


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cell if cell else "-" for cell in cells) + " |"


def _pipe_table(rows: list[list[str]]) -> list[str]:
    width = max(len(row) for row in rows)
    return [
        _pipe(rows[0]),
        "|" + "---|" * len(rows[0]),
        *(_pipe(row) for row in rows[1:] if len(row) <= width),
    ]


def _requests_tables(rows: list[list[str]]) -> list[str]:
    """Section 三 cut apart: header text as loose lines, small tables under generic headers, and
    labels detached from every third row (printed loose before the table that holds the row)."""
    header, data = rows[:3], rows[3:]
    lines = ["".join(cell for row in header for cell in row)]
    for start in range(0, len(data), CHUNK_ROWS):
        chunk = data[start : start + CHUNK_ROWS]
        detached: list[str] = []
        body: list[str] = []
        for offset, row in enumerate(chunk):
            labels, values = row[:-7], row[-7:]
            index = start + offset
            if index % DETACH_EVERY == 1 and 0 < index < len(data) - 1:
                detached.append("".join(labels))
                body.append(_pipe(values))
            else:
                body.append(_pipe(row))
        width = max(len(row) for row in chunk)
        generic = ["类别"] + [f"数据{i}" for i in range(1, width)]
        lines.extend([*detached, "", _pipe(generic), "|" + "---|" * width, *body, ""])
    return lines


def main() -> None:
    for stem in STEMS:
        for shape, make in (("mineru", mineru), ("marker", marker)):
            target = FIXTURES / f"{stem}.{shape}.md"
            target.write_text(make(stem), encoding="utf-8")
            print(f"wrote {target.relative_to(ROOT)}")  # noqa: T201 - a development script


if __name__ == "__main__":
    main()
