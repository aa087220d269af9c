"""`ogi report`: one self-contained HTML page (no CDN, no script: charts are inline SVG) that
audits the warehouse for a reader who is not a data engineer.

One scope rule for the whole page: agencies' figures count only reports that cover the agency
itself; reports that sum up a whole region are shown apart and never added in. Reports are named
by agency, year and file. Each broken identity is shown as the printed table fragment — the cells
involved in their rows and columns, the two sides coloured, and what each side adds up to.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from statistics import median, quantiles

import duckdb

from extract.template import (
    REQUEST_COLUMNS,
    REQUEST_ROWS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    Identity,
    TemplateVersion,
    identities,
)
from ogi.html_page import Raw, bar_chart, document, escape, html_table, number, styled, write_page
from ogi.page_crop import Box, BoxedCell, crop_png, data_uri, verified_source
from ogi.pipeline import PipelineError

REPORTING = "reporting"  # the schema of models/reporting: what this page shows
SCOPE_RULE = (
    "Scope rule for every figure on this page: an agency's figures come from reports that cover the agency itself. "
    "Reports that sum up a whole region (a government's report for its region) are counted apart, in their own table, "
    "and never added to agencies' figures, which would count the same requests twice. Blank "
    "cells are missing, not zero."
)
LABELS = {r.key: r.label for r in (*REQUEST_ROWS, *REVIEW_ROWS)} | {
    c.key: c.label for c in (*REQUEST_COLUMNS, *REVIEW_COLUMNS)
}


@dataclass(frozen=True)
class Report:
    report_id: str
    agency: str
    year: int | None
    source_file: str
    template_version: str

    @property
    def title(self) -> str:
        return f"{self.agency} — {self.year or 'year unknown'} ({self.source_file})"

    @property
    def anchor(self) -> str:
        return f"r-{self.report_id[:16]}"


@dataclass(frozen=True)
class Cell:
    row_label: str
    value_text: str | None
    is_blank: bool
    page: int | None = None
    box: Box | None = None  # the printed cell on its PDF page


def _identity(report: Report, name: str, scope: str) -> Identity | None:
    version = (
        TemplateVersion(report.template_version)
        if report.template_version in ("2019", "2021")
        else TemplateVersion.V2019
    )
    return next((i for i in identities(version) if i.name == name and i.scope == scope), None)


def fragment(
    identity: Identity, cells: dict[tuple[str, str], Cell], lhs: object, rhs: object
) -> str:
    """The printed rows and columns an identity touches, its two sides coloured, with their sums."""
    involved = [*identity.lhs, *identity.rhs]
    rows = list(dict.fromkeys(r for r, _ in involved))
    columns = list(dict.fromkeys(c for _, c in involved))
    left, right = set(identity.lhs), set(identity.rhs)
    body = []
    for row in rows:
        printed = next(
            (
                cells[(row, c)].row_label
                for c in columns
                if (row, c) in cells and cells[(row, c)].row_label
            ),
            LABELS.get(row, row),
        )
        line = [Raw(escape(printed))]
        for column in columns:
            cell = cells.get((row, column))
            side = "lhs" if (row, column) in left else "rhs" if (row, column) in right else ""
            text = (
                "(not found)"
                if cell is None
                else "(blank)"
                if cell.is_blank
                else cell.value_text or ""
            )
            line.append(styled(escape(text), side))
        body.append(line)
    table = html_table(["row", *(LABELS.get(c, c) for c in columns)], body)
    relation = "≤" if identity.comparison == "at_most" else "="
    difference = (
        ""
        if lhs is None or rhs is None
        else f" (difference {number(Decimal(str(lhs)) - Decimal(str(rhs)))})"
    )
    sums = (
        f"<p class='sum'>Left side <span class='lhs'>■</span> adds up to <b>{number(lhs)}</b>; right side "
        f"<span class='rhs'>■</span> adds up to <b>{number(rhs)}</b>; the template requires "
        f"left {relation} right{difference}.</p>"
    )
    return f"<div class='fragment'>{table}{sums}</div>"


def page_crops(identity: Identity, cells: dict[tuple[str, str], Cell], source: Path | None) -> str:
    """For a PDF source, each page the identity's cells are printed on, as an image band with
    those cells boxed in their side's colour; nothing for other formats or a missing file."""
    sides = [(key, "lhs") for key in identity.lhs] + [(key, "rhs") for key in identity.rhs]
    by_page: dict[int, list[BoxedCell]] = defaultdict(list)
    for key, side in sides:
        cell = cells.get(key)
        if cell is not None and cell.page is not None and cell.box is not None:
            by_page[cell.page].append(BoxedCell(cell.box, side))
    if not by_page:
        return ""
    if source is None:
        return "<p class='note'>The PDF is no longer where it was read (or has changed): no page image.</p>"
    figures = []
    for page, boxed in sorted(by_page.items()):
        uri = data_uri(crop_png(source, page, boxed))
        caption = f"Page {page} of {source.name} as printed: left side boxed in blue, right side in orange."
        figures.append(
            f"<figure><img src='{uri}' alt='{escape(caption)}'><figcaption>{escape(caption)}</figcaption></figure>"
        )
    return "".join(figures)


def _evidence(
    reports: dict[str, Report],
    worst: list[str],
    failed: list[tuple],
    values: list[tuple],
    sources: dict[str, str],
) -> str:
    if not worst:
        return "<p class='note'>No identity is broken.</p>"
    cells: dict[str, dict[tuple[str, str], Cell]] = defaultdict(dict)
    for report_id, row, column, label, text, blank, page, *box in values:
        cells[report_id][(row, column)] = Cell(
            label, text, bool(blank), page, None if None in box else tuple(float(v) for v in box)
        )
    blocks = []
    for report_id in worst:
        report = reports[report_id]
        source = verified_source(sources.get(report_id), report_id)
        parts = [f"<h3 id='{report.anchor}'>{escape(report.title)}</h3>"]
        for _, name, scope, lhs, rhs, severity, cause, evidence in (
            f for f in failed if f[0] == report_id
        ):
            css = "err" if severity == "error" else "warn"
            parts.append(
                f"<p><b class='{css}'>{escape(severity)}</b> {escape(name)} · {escape(LABELS.get(scope, scope))}"
                f" — cause: {escape(cause)}</p>"
            )
            identity = _identity(report, name, scope)
            if identity is None:
                parts.append(f"<p><code>{escape(evidence)}</code></p>")
            else:
                parts.append(
                    fragment(identity, cells[report_id], lhs, rhs)
                    + page_crops(identity, cells[report_id], source)
                )
        blocks.append("".join(parts))
    return "".join(blocks)


def _share_distribution(rows: list[tuple]) -> tuple[list[list[object]], list[list[object]]]:
    """Per agency kind and level: how many agency-years, the quartiles of a share; and the
    outliers (above the third quartile by more than 1.5 interquartile ranges), named. ``rows``:
    (kind, level, agency, year, file, share, processed) from ``audit_share_values``."""
    groups: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for row in rows:
        groups[(row[0], row[1])].append(row)
    summary, outliers = [], []
    for (kind, level), members in sorted(groups.items()):
        shares = sorted(float(m[5]) for m in members)
        q1, _, q3 = (
            quantiles(shares, n=4, method="inclusive")
            if len(shares) > 1
            else (shares[0], shares[0], shares[0])
        )
        fence = q3 + 1.5 * (q3 - q1)
        summary.append(
            [
                kind,
                level,
                len(shares),
                f"{q1:.1%}",
                f"{median(shares):.1%}",
                f"{q3:.1%}",
                f"{shares[-1]:.1%}",
            ]
        )
        outliers += [
            [kind, level, m[2], str(m[3]), m[4], f"{float(m[5]):.1%}", m[6]]
            for m in members
            if len(shares) >= 4 and float(m[5]) > fence
        ]
    return summary, outliers


def build_report(database: Path, sources: dict[str, str] | None = None) -> str:
    """The page for the warehouse in ``database``; ``sources`` maps report ids to the files read
    (for the PDF page images). Every table comes from a model of ``models/reporting``."""
    with duckdb.connect(str(database), read_only=True) as con:

        def table(name: str, *columns: str) -> list[tuple]:
            try:
                relation = con.table(f"{REPORTING}.{name}")
                return (relation.select(*columns) if columns else relation).fetchall()
            except duckdb.CatalogException as exc:
                raise PipelineError(
                    f"{database} has no {REPORTING}.{name}: it was built by an older version; "
                    "run `ogi run` again"
                ) from exc

        reports = {
            r[0]: Report(r[0], r[1] or "(agency unknown)", r[2], r[3], r[4])
            for r in con.table("marts.dim_reports")
            .select("report_id", "agency_name", "report_year", "source_file", "template_version")
            .fetchall()
        }
        statuses = table("audit_inputs")
        per_year = table("audit_requests_per_year")
        regions = table("audit_region_summaries")
        mix = table("audit_outcome_mix")
        review = table("audit_review_per_year")
        series = table("audit_agency_series")
        by_check = table("audit_findings_by_check")
        indicators = table("audit_indicators")
        other_findings = table("audit_other_findings")
        beyond = table("audit_indicators_beyond")
        by_region = table(
            "audit_findings_by_region", "province_name", "reports", "errors", "warnings"
        )
        worst = table("audit_worst_reports", "report_id", "errors", "warnings")
        coverage = table("audit_coverage")
        shares = table("audit_share_values")
        denied = _share_distribution([r[1:] for r in shares if r[0] == "share_denied"])
        not_held = _share_distribution([r[1:] for r in shares if r[0] == "share_not_held"])
        evidence = _evidence(
            reports, [w[0] for w in worst], table("audit_evidence_findings"),
            table("audit_evidence_cells"), sources or {},
        )  # fmt: skip
    return _page(locals())


def _rate(part: int | None, whole: int | None) -> str | None:
    """A share as printed on the page; none where either side is missing or the whole is 0."""
    return _share(part / whole) if part is not None and whole else None


def _series_table(series: list[tuple]) -> str:
    years = sorted({r[1] for r in series})
    by_agency: dict[str, dict[int, tuple]] = defaultdict(dict)
    for agency, year, received, denied, not_held in series:
        by_agency[agency][year] = (received, denied, not_held)

    def cell(values: tuple | None) -> str:
        if values is None:
            return "—"
        received, denied, not_held = values
        shares = "" if denied is None else f" · denied {denied:.0%} · not held {not_held or 0:.0%}"
        return f"{number(received) or '(blank)'}{shares}"

    rows = [
        [agency, *(cell(by_year.get(y)) for y in years)]
        for agency, by_year in sorted(by_agency.items())
    ]
    return html_table(["agency", *map(str, years)], rows)


def _share(rate: float | None) -> str | None:
    return None if rate is None else f"{rate:.1%}"


def _indicators_block(indicators: list[tuple], beyond: list[tuple]) -> str:
    """Readers' indicators apart from the findings: thresholds a reader watches, not errors."""
    summary = [
        [name, f"{'≥' if comparison == 'at_least' else '≤'} {threshold:.0%}", years, out,
         _share(p25), _share(median), _share(p75)]
        for name, comparison, threshold, years, out, p25, median, p75 in indicators
    ]  # fmt: skip
    listed = [
        [name, agency, str(year), file, f"{numerator} / {denominator}", _share(rate),
         None if percentile is None else f"{percentile:.2f} of {peers}"]
        for name, agency, year, file, numerator, denominator, rate, _, percentile, peers in beyond
    ]  # fmt: skip
    return (
        "<h2 id='indicators'>Readers' indicators</h2><p class='note'>Rates a reader watches, "
        "with thresholds set as dbt vars (ogi_min_disclosure_rate, ogi_max_not_held_rate, "
        "ogi_max_correction_rate). A rate beyond its threshold is not an error in the report; "
        "the percentile places the agency among agencies of the same kind, region level and "
        "year (0 = lowest rate).</p>"
        + html_table(
            ["indicator", "watched", "agency-years", "beyond", "25%", "median", "75%"],
            summary,
            left=2,
        )
        + (
            html_table(
                [
                    "indicator",
                    "agency",
                    "year",
                    "file",
                    "numerator / denominator",
                    "rate",
                    "peer percentile",
                ],
                listed,
                left=4,
            )  # fmt: skip
            if listed
            else "<p class='note'>No agency-year beyond a threshold.</p>"
        )
    )


def _page(data: dict) -> str:  # noqa: C901 - one page, read top to bottom
    reports: dict[str, Report] = data["reports"]
    per_year, regions, mix, review = data["per_year"], data["regions"], data["mix"], data["review"]
    sections = [
        "<h1>OGI annual reports — audit</h1>",
        f"<p><b>{escape(SCOPE_RULE)}</b></p>",
        "<nav><a href='#inputs'>Inputs</a><a href='#requests'>Requests</a><a href='#outcomes'>Outcomes</a>"
        "<a href='#shares'>Denial and not-held shares</a><a href='#series'>Agencies over "
        "time</a><a href='#findings'>Findings</a><a href='#indicators'>Indicators</a>"
        "<a href='#evidence'>Evidence</a><a href='#coverage'>Coverage</a></nav>",
        "<h2 id='inputs'>Inputs</h2>" + html_table(["status", "files"], data["statuses"]),
        "<h2 id='requests'>Requests received and processed per year — agencies' own reports</h2>"
        + bar_chart(
            [r[0] for r in per_year],
            {"新收 received": [r[2] for r in per_year], "办理 processed": [r[3] for r in per_year]},
        )
        + html_table(["year", "agency-years", "received", "processed"], per_year),
        "<h3>Region summaries, counted apart</h3>"
        + (
            html_table(["year", "region report", "file", "received", "processed"], regions, left=3)
            if regions
            else "<p class='note'>No report in this warehouse sums up a region.</p>"
        ),
        "<h2 id='outcomes'>Outcome mix — agencies' own reports</h2>"
        + bar_chart([r[0] for r in mix], {"requests": [r[1] for r in mix]})
        + html_table(["outcome", "requests"], mix),
        "<h2>Administrative reconsideration and litigation — agencies' own reports</h2>"
        + html_table(
            [
                "year",
                "reconsideration",
                "corrected",
                "correction rate",
                "litigation",
                "corrected",
                "correction rate",
            ],
            [[y, rt, rc, _rate(rc, rt), lt, lc, _rate(lc, lt)] for y, rt, rc, lt, lc in review],
        ),
        "<h2 id='shares'>Denial and not-held shares by agency kind and level</h2>"
        "<p class='note'>Share of requests processed (（七）总计) that were not disclosed (（三）1–8), "
        "and that the agency did not "
        "hold (（四）1), per agency-year. Outliers lie above the third quartile by more than 1.5 interquartile ranges "
        "(groups of 4 or more).</p>",
    ]
    header = ["agency kind", "level", "agency-years", "25%", "median", "75%", "max"]
    outlier_header = ["agency kind", "level", "agency", "year", "file", "share", "processed"]
    for title, (summary, outliers) in (
        ("Not disclosed", data["denied"]),
        ("Not held", data["not_held"]),
    ):
        sections.append(f"<h3>{title}</h3>" + html_table(header, summary, left=2))
        sections.append(
            html_table(outlier_header, outliers, left=5)
            if outliers
            else "<p class='note'>No outlier.</p>"
        )
    worst = data["worst"]
    sections += [
        "<h2 id='series'>Each agency across years — requests received, shares not disclosed and not held</h2>"
        + _series_table(data["series"]),
        "<h2 id='findings'>Findings by check</h2>"
        + html_table(["family", "check", "errors", "warnings", "info"], data["by_check"], left=2),
        "<h3>Beyond the identities: each finding with its evidence</h3><p class='note'>Up to ten "
        "per check, errors first; every one is in <code>report_findings</code>.</p>"
        + (
            html_table(
                ["family", "check", "severity", "cause", "agency", "year", "file", "evidence"],
                [
                    [*row[:5], None if row[5] is None else str(row[5]), *row[6:]]
                    for row in data["other_findings"]
                ],
                left=8,
            )
            if data["other_findings"]
            else "<p class='note'>No failed check beyond the identities.</p>"
        ),
        _indicators_block(data["indicators"], data["beyond"]),
        "<h2>Findings by region</h2>"
        + html_table(["province", "reports", "errors", "warnings"], data["by_region"]),
        "<h2>Reports breaking the most identities</h2>"
        + html_table(
            ["agency", "year", "file", "errors", "warnings"],
            [
                [
                    Raw(f"<a href='#{reports[r].anchor}'>{escape(reports[r].agency)}</a>"),
                    str(reports[r].year),
                    reports[r].source_file,
                    e,
                    w,
                ]
                for r, e, w in worst
            ],
            left=3,
        ),
        "<h2 id='evidence'>Evidence</h2><p class='note'>Each broken identity as the report prints it: "
        "<span class='lhs'>■</span> the cells of the left side, <span class='rhs'>■</span> those of the right side.</p>"
        + data["evidence"],
        "<h2 id='coverage'>Coverage</h2><p class='note'>Years between an agency's first and "
        "last report that have no report.</p>"
        + html_table(
            ["agency", "first", "last", "years present", "years missing", "present"],
            [
                [r[0], str(r[1]), str(r[2]), r[3], r[4], ", ".join(map(str, r[5]))]
                for r in data["coverage"]
            ],
        ),
    ]
    return document("OGI audit", "\n".join(sections))


def write_report(database: Path, target_dir: Path, sources_file: Path | None = None) -> Path:
    sources = (
        json.loads(sources_file.read_text(encoding="utf-8"))
        if sources_file and sources_file.exists()
        else {}
    )
    return write_page(build_report(database, sources), target_dir / "index.html")
