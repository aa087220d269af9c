"""The validation results as one page a reader can open offline: each Great Expectations suite,
what it states, its verdict, and every row it flagged named by agency, year and file — read
from the GX results JSON (GX's own Data Docs load their styles and scripts from CDNs)."""

from __future__ import annotations

from typing import Any

from ogi.html_page import Raw, document, escape, html_table, number

KINDS = {
    "finding": "a failure is a finding about a report (the run still succeeds)",
    "integrity": "a failure is ours: the pipeline lost or mislabelled data, and the run fails",
}


def _flagged_rows(expectation: dict[str, Any]) -> list[dict[str, Any]]:
    detail = expectation.get("result") or {}
    return [
        e
        for e in detail.get("unexpected_index_list")
        or detail.get("partial_unexpected_index_list")
        or []
        if isinstance(e, dict)
    ]


def _identity_sides(config: dict[str, Any], row: dict[str, Any]) -> tuple[str, str]:
    """A report that breaks an identity: which one, and what its two sides add up to."""
    lhs_columns = config["kwargs"]["lhs_columns"]
    lhs = sum(float(row[c]) for c in lhs_columns)
    rhs = sum(float(row[c]) for c in config["kwargs"]["column_list"] if c not in lhs_columns)
    meta = config.get("meta", {})
    shown = [int(v) if v.is_integer() else v for v in (lhs, rhs)]
    return (
        f"{meta.get('identity')}.{meta.get('scope')}",
        f"lhs = {number(shown[0])}; rhs = {number(shown[1])}",
    )


def _report_of(row: dict[str, Any]) -> tuple[str, str]:
    """(report_id, scope) of a flagged row: check ids are <report_id>.<check>.<scope>."""
    if row.get("report_id"):
        return str(row["report_id"]), ""
    report_id, _, rest = str(row.get("check_id", "")).partition(".")
    return report_id, rest


def _expectation_text(config: dict[str, Any]) -> str:
    kwargs = {
        k: v for k, v in config.get("kwargs", {}).items() if k not in ("result_format", "batch_id")
    }
    described = ", ".join(f"{k} = {v}" for k, v in kwargs.items())
    return f"{config.get('type', '').replace('_', ' ')} ({described})"


# Flagged rows shown per expectation: a page stays one a browser opens at any warehouse size; the
# suite's JSON and summary.parquet's unexpected_ids (in <out>/validation/) list them all.
PAGE_ROWS = 500


def _flagged_table(
    config: dict[str, Any],
    rows: list[dict[str, Any]],
    reports: dict[str, tuple[str, int | None, str]],
) -> str:
    """The rows an expectation flagged, named by agency, year and file: the first
    ``PAGE_ROWS`` in that order, and how many more there are."""
    named = []
    for row in rows:
        report_id, scope = _report_of(row)
        agency, year, source_file = reports.get(
            report_id, ("(unknown report)", None, report_id[:12])
        )
        named.append(([agency, "" if year is None else str(year), source_file, scope], row))
    named.sort(key=lambda item: [*item[0], str(item[1].get("check_id") or "")])
    shown = []
    for cells, row in named[:PAGE_ROWS]:
        if config.get("type") == "expect_identity_to_hold":
            cells[3], values = _identity_sides(config, row)
        else:
            values = "; ".join(
                f"{k} = {number(v)}" for k, v in row.items() if k not in ("check_id", "report_id")
            )
        shown.append([*cells, Raw(escape(values))])
    if not shown:
        return ""
    table = html_table(["agency", "year", "file", "check", "values"], shown, left=5)
    if len(named) > len(shown):
        table += (
            f"<p class='note'>The first {number(len(shown))} of {number(len(named))}, by agency, "
            "year and file. All are in the warehouse's <code>validation/</code> folder (the "
            "suite's JSON, <code>summary.parquet</code>).</p>"
        )
    return table


def _suite_section(
    result: dict[str, Any], kind: str, reports: dict[str, tuple[str, int | None, str]]
) -> str:
    name = result.get("suite_name", "")
    verdict = "passed" if result.get("success") else ("findings" if kind == "finding" else "FAILED")
    css = "ok" if result.get("success") else ("warn" if kind == "finding" else "err")
    parts = [f"<h2 id='{escape(name)}'>{escape(name)} <span class='{css}'>{verdict}</span></h2>"]
    parts.append(f"<p class='note'>{escape(kind)}: {escape(KINDS.get(kind, ''))}</p>")
    if note := result.get("meta", {}).get("note"):
        parts.append(
            f"<p class='note'>{escape(note)}: the warehouse holds no row this suite reads.</p>"
        )
    for expectation in result.get("results", []):
        config = expectation.get("expectation_config", {})
        detail = expectation.get("result") or {}
        statement = config.get("meta", {}).get("statement") or _expectation_text(config)
        checked, flagged = detail.get("element_count"), detail.get("unexpected_count") or 0
        counted = f"{number(checked)} rows checked, {number(flagged)} flagged"
        parts.append(
            f"<p><b>{escape(statement)}</b><br><span "
            f"class='note'>{escape(_expectation_text(config))} · {counted}</span></p>"
        )
        parts.append(_flagged_table(config, _flagged_rows(expectation), reports))
    return "".join(parts)


def render_validation_page(
    results: list[tuple[str, dict[str, Any]]], reports: dict[str, tuple[str, int | None, str]]
) -> str:
    """``results``: (suite kind, GX validation result JSON) per suite; ``reports``: report_id →
    (agency, year, file)."""
    summary = [
        [Raw(f"<a href='#{escape(r.get('suite_name'))}'>{escape(r.get('suite_name'))}</a>"), kind,
         "passed" if r.get("success") else "flagged rows",
         sum(int((e.get("result") or {}).get("unexpected_count") or 0) for e in r.get("results", []))]
        for kind, r in results
    ]  # fmt: skip
    body = [
        "<h1>Validation results — Great Expectations</h1>",
        "<p class='note'>Written by <code>ogi validate</code> from the suites in "
        "<code>expectations/</code>. Finding suites "
        "judge the reports; integrity suites judge the pipeline. Rows are named by agency, year and file.</p>",
        html_table(["suite", "kind", "verdict", "rows flagged"], summary, left=3),
        *(_suite_section(result, kind, reports) for kind, result in results),
    ]
    return document("OGI validation results", "\n".join(body))
