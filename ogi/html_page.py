"""The pieces every HTML page we write is made of: one stylesheet (CJK-capable fonts named
first, so Chinese never shows as boxes where a CJK font is installed), escaping, numbers as
printed, tables and inline-SVG bar charts. No script, no CDN: a page opens from ``file://``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from extract.files import write_text_atomically

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","PingFang SC",
"Microsoft YaHei",system-ui,sans-serif;
margin:2rem auto;max-width:1100px;color:#222;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th{background:#f3f3f3}td.l,th.l{text-align:left}.note{color:#666;font-size:.85rem}
.bar{fill:#4a78b5}.bar2{fill:#d9822b}.bar3{fill:#6aa84f}.axis{font-size:11px;fill:#444}
.err{color:#b00}.warn{color:#a60}.ok{color:#2a7a2a}code{font-size:.8rem;word-break:break-all}
.lhs{background:#dce9f7}.rhs{background:#fbe5cf}td.blank{color:#999}
caption{text-align:left;font-size:.85rem;padding:.2rem 0}
.fragment{margin:.4rem 0 1.2rem}.sum{font-size:.85rem;margin:.2rem 0 .8rem}nav a{margin-right:1rem}
figure{margin:.2rem 0 1.2rem}figure img{max-width:100%;border:1px solid #ccc}figcaption{font-size:.8rem;color:#666}
"""


def escape(value: object) -> str:
    return html.escape("" if value is None else str(value))


def number(value: object) -> str:
    """A number as a reader expects it: 3,119 and 0.25, never 3119.0000 or 2.5E+1."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.3f}"
    return f"{value:,}" if isinstance(value, int) else escape(value)


def bar_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    width: int = 760,
    height: int = 220,
) -> str:
    """Grouped vertical bars as inline SVG."""
    if not labels:
        return "<p class='note'>No data.</p>"
    top = max((v or 0) for values in series.values() for v in values) or 1
    group = (width - 60) / len(labels)
    bar = max(2.0, group * 0.8 / max(1, len(series)))
    parts = [
        f"<svg role='img' width='{width}' height='{height + 40}' viewBox='0 0 {width} {height + 40}' xmlns='http://www.w3.org/2000/svg'>"
    ]
    for s_i, (name, values) in enumerate(series.items()):
        css = ("bar", "bar2", "bar3")[s_i % 3]
        for i, value in enumerate(values):
            h = (value or 0) / top * (height - 20)
            x = 50 + i * group + s_i * bar
            parts.append(
                f"<rect class='{css}' x='{x:.1f}' y='{height - h:.1f}' width='{bar:.1f}' height='{h:.1f}'>"
                f"<title>{escape(name)} {escape(labels[i])}: {number(value)}</title></rect>"
            )
    for i, label in enumerate(labels):
        parts.append(
            f"<text class='axis' x='{50 + i * group + group / 2:.1f}' y='{height + 15}' "
            f"text-anchor='middle'>{escape(label)}</text>"
        )
    parts.append(f"<text class='axis' x='5' y='15'>{number(top)}</text>")
    legend = " ".join(
        f"<tspan class='{('bar', 'bar2', 'bar3')[i % 3]}'>■</tspan> {escape(n)}"
        for i, n in enumerate(series)
    )
    parts.append(f"<text class='axis' x='50' y='{height + 35}'>{legend}</text></svg>")
    return "".join(parts)


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]], left: int = 1) -> str:
    """A table; the first ``left`` columns are text (left-aligned), the rest numbers."""
    head = "".join(
        f"<th class='{'l' if i < left else ''}'>{escape(h)}</th>" for i, h in enumerate(header)
    )
    body = "".join(
        "<tr>" + "".join(_td(v, i < left) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _td(value: object, is_text: bool) -> str:
    css = " ".join(filter(None, ["l" if is_text else "", getattr(value, "css", "")]))
    return f"<td class='{css}'>{value if isinstance(value, Raw) else number(value)}</td>"


class Raw(str):
    """Already-escaped HTML for a table cell, with an optional CSS class for the cell."""

    css: str = ""


def styled(cell_html: str, css: str) -> Raw:
    cell = Raw(cell_html)
    cell.css = css
    return cell


def write_page(html_text: str, target: Path) -> Path:
    """Write a page whole (aside, then renamed): a reader never sees half of it."""
    return write_text_atomically(html_text, target)


def document(title: str, body: str) -> str:
    head = (
        "<meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
        f"<title>{escape(title)}</title><style>{CSS}</style>"
    )
    return f"<!doctype html><html lang='zh'><head>{head}</head><body>{body}</body></html>"
