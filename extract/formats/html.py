"""HTML reports: portal pages, Word-derived markup, and reports stored as a string in a script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

from extract.document import Cell, Document
from extract.encoding import decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "tr",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "section",
        "article",
        "title",
    }
)
_SCRIPT_STRING = re.compile(r'"((?:\\.|[^"\\])*<table(?:\\.|[^"\\])*)"', re.DOTALL)


class EmptyHtmlError(ValueError):
    """The HTML parser returned no content (malformed or too deeply nested markup)."""


def read_html(path: Path) -> Document:
    with path.open("rb") as handle:
        raw = handle.read()
    declared = _META_CHARSET.search(raw[:4096])
    text, encoding_note = decode_bytes(raw, declared.group(1).decode("ascii") if declared else None)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    root = lxml.html.document_fromstring(text, parser=_parser()) if text.strip() else None
    if root is None:
        raise EmptyHtmlError(f"{path.name}: no HTML content could be parsed")
    title = _title(root)
    embedded = _report_in_script(root)
    if embedded is not None:
        root = embedded
    for junk in root.xpath("//script|//style|//noscript"):
        junk.drop_tree()
    cells = table_cells(root)
    body = root.find("body")
    doc = Document(
        text=render_text(body if body is not None else root),
        cells=cells,
        layout="html",
        title_hint=title,
    )
    if encoding_note:
        doc.warnings.append(encoding_note)
    if embedded is not None:
        doc.warnings.append("report read from an HTML string inside a <script>")
    return doc


def parse_fragment(markup: str) -> lxml.html.HtmlElement:
    """An HTML fragment (a ``<table>`` block inside Markdown or text), parsed offline."""
    return lxml.html.fragment_fromstring(markup, create_parent="div", parser=_parser())


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, recover=True)


def _title(root: lxml.html.HtmlElement) -> str | None:
    titles = root.xpath("//title/text()")
    return titles[0].strip() if titles and titles[0].strip() else None


def _report_in_script(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    """Portals that render the report from ``var content = "<p>…<table>…"``: parse that string."""
    if root.xpath("//table[.//td]") and not root.xpath("//script[contains(., '<table')]"):
        return None
    for script in root.xpath("//script[contains(., '<table')]"):
        match = _SCRIPT_STRING.search(script.text_content())
        if match is None:
            continue
        try:
            fragment = json.loads(f'"{match.group(1)}"')
        except json.JSONDecodeError:
            continue
        return lxml.html.document_fromstring(fragment, parser=_parser())
    return None


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    return str(cell.text_content()).replace("\xa0", " ").strip()


def table_cells(root: lxml.html.HtmlElement, row_base: int = 0, where: str = "") -> list[Cell]:
    """Every physical cell once, in document order; a row id per ``<tr>`` (above ``row_base``)."""
    cells: list[Cell] = []
    for table_no, table in enumerate(root.iter("table"), 1):
        for row_no, tr in enumerate(table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"), 1):
            row_id = row_base + table_no * 10_000 + row_no
            for col_no, td in enumerate(tr.xpath("./td|./th"), 1):
                if td.xpath(".//table"):
                    continue  # a nested table: its own rows are read on their own
                position = f"{where}table {table_no}, row {row_no}, cell {col_no}"
                cells.append(Cell(_cell_text(td), row_id, position, row_span=_row_span(td)))
    return cells


def _row_span(cell: lxml.html.HtmlElement) -> int:
    span = (cell.get("rowspan") or "1").strip()
    return int(span) if span.isdigit() and 0 < int(span) < 1000 else 1


def render_text(root: lxml.html.HtmlElement) -> str:
    """Plain text with a line per block element and tabs between cells."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in ("td", "th"):
            element.tail = "\t" + (element.tail or "")
        elif element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    text = root.text_content().replace("\xa0", " ")
    lines = (
        re.sub(r"[ \t]+", lambda m: "\t" if "\t" in m.group() else " ", ln).strip()
        for ln in text.split("\n")
    )
    return "\n".join(ln for ln in lines if ln)
