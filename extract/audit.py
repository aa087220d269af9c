"""`ogi report`: one self-contained HTML page (no CDN, no script: charts are inline SVG) that
audits the warehouse — requests per year, the outcome mix, reconsideration and litigation,
findings by check and by region, the agencies with the most broken identities (each linked to
its evidence), and coverage (which agency-years are present, which years are missing).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

import duckdb

CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:1100px;color:#222;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
th{background:#f3f3f3}td.l,th.l{text-align:left}.note{color:#666;font-size:.85rem}
.bar{fill:#4a78b5}.bar2{fill:#d9822b}.bar3{fill:#6aa84f}.axis{font-size:11px;fill:#444}
.err{color:#b00}.warn{color:#a60}code{font-size:.8rem;word-break:break-all}
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.3f}"
    return f"{value:,}" if isinstance(value, int) else _e(value)


def bar_chart(labels: Sequence[str], series: dict[str, Sequence[float | None]], width: int = 760, height: int = 220) -> str:
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
                f"<title>{_e(name)} {_e(labels[i])}: {_number(value)}</title></rect>"
            )
    for i, label in enumerate(labels):
        parts.append(f"<text class='axis' x='{50 + i * group + group / 2:.1f}' y='{height + 15}' text-anchor='middle'>{_e(label)}</text>")
    parts.append(f"<text class='axis' x='5' y='15'>{_number(top)}</text>")
    legend = " ".join(f"<tspan class='{('bar', 'bar2', 'bar3')[i % 3]}'>■</tspan> {_e(n)}" for i, n in enumerate(series))
    parts.append(f"<text class='axis' x='50' y='{height + 35}'>{legend}</text></svg>")
    return "".join(parts)


def html_table(header: Sequence[str], rows: Sequence[Sequence[object]], left: int = 1) -> str:
    head = "".join(f"<th class='{'l' if i < left else ''}'>{_e(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>"
        + "".join(f"<td class='{'l' if i < left else ''}'>{v if isinstance(v, _Raw) else _number(v)}</td>" for i, v in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class _Raw(str):
    """Already-escaped HTML for a table cell."""


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.sql(query).fetchall()


def build_report(database: Path) -> str:
    with duckdb.connect(str(database), read_only=True) as con:
        per_year = _rows(
            con,
            """
            select report_year::varchar, count(*), sum(requests__new_received__total), sum(requests__total_processed__total)
            from marts.fct_agency_year where report_scope = 'self' or report_scope = 'unknown'
            group by report_year order by report_year""",
        )
        mix = _rows(
            con,
            """
            select outcome_group, sum(value) from marts.fct_request_outcomes group by outcome_group order by 2 desc nulls last""",
        )
        review = _rows(
            con,
            """
            select report_year::varchar, sum(review_litigation__reconsideration__total), sum(review_litigation__reconsideration__corrected),
                sum(review_litigation__litigation_direct__total + review_litigation__litigation_after_reconsideration__total),
                sum(review_litigation__litigation_direct__corrected + review_litigation__litigation_after_reconsideration__corrected)
            from marts.fct_agency_year group by report_year order by report_year""",
        )
        by_check = _rows(
            con,
            """
            select check_family, identity, count(*) filter (where severity = 'error'), count(*) filter (where severity = 'warning'),
                count(*) filter (where severity = 'info')
            from marts.report_findings where status = 'fail' group by all order by 3 desc, 4 desc, 2""",
        )
        by_region = _rows(
            con,
            """
            select coalesce(r.province_name, '(unresolved)'), count(distinct f.report_id),
                count(*) filter (where f.severity = 'error'), count(*) filter (where f.severity = 'warning')
            from marts.report_findings f join marts.dim_reports r using (report_id)
            where f.status = 'fail' group by 1 order by 3 desc, 4 desc""",
        )
        worst = _rows(
            con,
            """
            select f.report_id, any_value(f.source_file), any_value(f.agency_name), any_value(f.report_year)::varchar,
                count(*) filter (where f.severity = 'error') as errors, count(*) filter (where f.severity = 'warning') as warnings
            from marts.report_findings f where f.status = 'fail' and f.check_family = 'identity'
            group by f.report_id order by errors desc, warnings desc limit 15""",
        )
        evidence = _rows(
            con,
            """
            select report_id, identity, scope, lhs, rhs, severity, likely_cause, evidence
            from marts.report_findings where status = 'fail' and check_family = 'identity'
            order by report_id, severity, identity, scope""",
        )
        coverage = _rows(
            con,
            """
            with spans as (select agency_name, min(report_year)::varchar as first, max(report_year)::varchar as last, count(*) as years,
                list(report_year order by report_year) as present from marts.fct_agency_year group by agency_name)
            select agency_name, first, last, years, (last::int - first::int + 1) - years as missing, present
            from spans order by missing desc, agency_name""",
        )
        statuses = _rows(con, "select status, count(*) from marts.dim_reports group by status order by 1")
    return _page(per_year, mix, review, by_check, by_region, worst, evidence, coverage, statuses)


def _page(per_year, mix, review, by_check, by_region, worst, evidence, coverage, statuses) -> str:  # noqa: ANN001
    evidence_blocks = []
    for report_id in [row[0] for row in worst]:
        rows = [r for r in evidence if r[0] == report_id]
        table = html_table(["check", "scope", "lhs", "rhs", "severity", "cause", "evidence"],
                           [[r[1], r[2], r[3], r[4], r[5], r[6], _Raw(f"<code>{_e(r[7])}</code>")] for r in rows], left=2)  # fmt: skip
        evidence_blocks.append(f"<h3 id='r-{report_id[:16]}'>{_e(report_id[:16])}…</h3>{table}")
    sections = [
        "<h1>OGI annual reports — audit</h1>",
        "<p class='note'>Generated by <code>ogi report</code> from the warehouse. Requests are summed over reports that cover "
        "their agency alone (region summaries would count them twice). Blank cells are not zeros: sums treat them as missing.</p>",
        "<h2>Inputs</h2>" + html_table(["status", "files"], statuses),
        "<h2>Requests received and processed per year</h2>"
        + bar_chart([str(r[0]) for r in per_year], {"新收 received": [r[2] for r in per_year], "办理 processed": [r[3] for r in per_year]})
        + html_table(["year", "agency-years", "received", "processed"], per_year),
        "<h2>Outcome mix</h2>"
        + bar_chart([r[0] for r in mix], {"requests": [r[1] for r in mix]})
        + html_table(["outcome", "requests"], mix),
        "<h2>Administrative reconsideration and litigation</h2>"
        + html_table(
            ["year", "reconsideration", "corrected", "correction rate", "litigation", "corrected", "correction rate"],
            [[y, rt, rc, (rc / rt if rt else None), lt, lc, (lc / lt if lt else None)] for y, rt, rc, lt, lc in review],
        ),
        "<h2>Findings by check</h2>" + html_table(["family", "check", "errors", "warnings", "info"], by_check, left=2),
        "<h2>Findings by region</h2>" + html_table(["province", "reports", "errors", "warnings"], by_region),
        "<h2>Reports breaking the most identities</h2>"
        + html_table(
            ["report", "file", "agency", "year", "errors", "warnings"],
            [[_Raw(f"<a href='#r-{r[0][:16]}'>{_e(r[0][:16])}…</a>"), r[1], r[2], r[3], r[4], r[5]] for r in worst],
            left=3,
        ),
        "<h2>Evidence</h2>" + ("".join(evidence_blocks) or "<p class='note'>No identity is broken.</p>"),
        "<h2>Coverage</h2><p class='note'>Years between an agency's first and last report that have no report.</p>"
        + html_table(
            ["agency", "first", "last", "years present", "years missing", "present"],
            [[*r[:5], ", ".join(map(str, r[5]))] for r in coverage],
        ),
    ]
    body = "\n".join(sections)
    head = f"<meta charset='utf-8'><title>OGI audit</title><style>{CSS}</style>"
    return f"<!doctype html><html lang='zh'><head>{head}</head><body>{body}</body></html>"


def write_report(database: Path, target_dir: Path) -> Path:
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / "index.html"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(build_report(database), encoding="utf-8")
    temporary.replace(target)
    return target
