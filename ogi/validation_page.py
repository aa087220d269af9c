"""The validation results as one page a reader can open offline: each Great Expectations suite,
what it states, its verdict, and every row it flagged named by agency, year and file — read
from the GX results JSON (GX's own Data Docs load their styles and scripts from CDNs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ogi.html_page import Raw, document, escape, html_table, number

KINDS = {
    "finding": "a failure is a finding about a report (the run still succeeds)",
    "integrity": "a failure is ours: the pipeline lost or mislabelled data, and the run fails",
}


# The columns that name a flagged row (the frames GX validates are indexed by them).
INDEX_COLUMNS = ("check_id", "report_id")
# Looks up the values of the flagged rows the page shows: given suite → row ids, it returns
# suite → row id → column → value.
RowValues = Callable[[dict[str, list[str]]], dict[str, dict[str, dict[str, Any]]]]


def flagged_ids(detail: dict[str, Any]) -> list[str]:
    """The ids of the rows an expectation flagged. GX is asked for the ids alone
    (``exclude_unexpected_values``): its ``unexpected_index_list`` is then one entry per chunk,
    ``{"check_id": [...]}`` or ``{"report_id": [...]}``."""
    return [
        str(row_id)
        for entry in detail.get("unexpected_index_list") or []
        for column in INDEX_COLUMNS
        for row_id in entry.get(column) or []
    ]


def domain_columns(config: dict[str, Any]) -> list[str]:
    """The columns an expectation reads, in GX's order: its list, its pair, or its column."""
    kwargs = config.get("kwargs", {})
    if "column_list" in kwargs:
        return list(kwargs["column_list"])
    if "column_A" in kwargs:
        return [kwargs["column_A"], kwargs["column_B"]]
    return [kwargs["column"]] if "column" in kwargs else []


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


def _report_of(row_id: str) -> tuple[str, str]:
    """(report_id, scope) of a flagged row: check ids are <report_id>.<check>.<scope>."""
    report_id, _, rest = row_id.partition(".")
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


Named = list[tuple[list[str], str]]  # ([agency, year, file, check], row id) per flagged row


def _named_rows(ids: list[str], reports: dict[str, tuple[str, int | None, str]]) -> Named:
    """The flagged rows by agency, year and file: the order the page shows them in."""
    named = []
    for row_id in ids:
        report_id, scope = _report_of(row_id)
        agency, year, source_file = reports.get(
            report_id, ("(unknown report)", None, report_id[:12])
        )
        named.append(([agency, "" if year is None else str(year), source_file, scope], row_id))
    named.sort(key=lambda item: [*item[0], item[1]])
    return named


def _flagged_table(config: dict[str, Any], named: Named, values: dict[str, dict[str, Any]]) -> str:
    """The first ``PAGE_ROWS`` rows an expectation flagged, named by agency, year and file, with
    the values it read from them, and how many more there are."""
    shown = []
    for cells, row_id in named[:PAGE_ROWS]:
        row = values.get(row_id)
        if row is None:  # the row is not in the suite's frame: the results and warehouse differ
            read = "(values not found in the warehouse)"
        elif config.get("type") == "expect_identity_to_hold":
            check, read = _identity_sides(config, row)
            cells = [*cells[:3], check]
        else:
            read = "; ".join(f"{c} = {number(row.get(c))}" for c in domain_columns(config))
        shown.append([*cells, Raw(escape(read))])
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
    result: dict[str, Any], kind: str, named: list[Named], values: dict[str, dict[str, Any]]
) -> str:
    """A suite's verdict and, per expectation, what it states and the rows it flagged
    (``named``: per expectation, in order; ``values``: the shown rows' values)."""
    name = result.get("suite_name", "")
    verdict = "passed" if result.get("success") else ("findings" if kind == "finding" else "FAILED")
    css = "ok" if result.get("success") else ("warn" if kind == "finding" else "err")
    parts = [f"<h2 id='{escape(name)}'>{escape(name)} <span class='{css}'>{verdict}</span></h2>"]
    parts.append(f"<p class='note'>{escape(kind)}: {escape(KINDS.get(kind, ''))}</p>")
    if note := result.get("meta", {}).get("note"):
        parts.append(
            f"<p class='note'>{escape(note)}: the warehouse holds no row this suite reads.</p>"
        )
    for expectation, rows in zip(result.get("results", []), named, strict=True):
        config = expectation.get("expectation_config", {})
        detail = expectation.get("result") or {}
        statement = config.get("meta", {}).get("statement") or _expectation_text(config)
        checked, flagged = detail.get("element_count"), detail.get("unexpected_count") or 0
        counted = f"{number(checked)} rows checked, {number(flagged)} flagged"
        parts.append(
            f"<p><b>{escape(statement)}</b><br><span "
            f"class='note'>{escape(_expectation_text(config))} · {counted}</span></p>"
        )
        parts.append(_flagged_table(config, rows, values))
    return "".join(parts)


def render_validation_page(
    results: list[tuple[str, dict[str, Any]]],
    reports: dict[str, tuple[str, int | None, str]],
    row_values: RowValues,
) -> str:
    """``results``: (suite kind, GX validation result JSON) per suite; ``reports``: report_id →
    (agency, year, file); ``row_values``: the values of the rows the page shows, per suite, looked
    up once for them all (GX's results keep the flagged rows' ids alone)."""
    named = [
        [
            _named_rows(flagged_ids(e.get("result") or {}), reports)
            for e in result.get("results", [])
        ]
        for _, result in results
    ]
    shown = {  # one lookup for every row the page shows
        result.get("suite_name", ""): sorted(
            {i for rows in by_expectation for _, i in rows[:PAGE_ROWS]}
        )
        for (_, result), by_expectation in zip(results, named, strict=True)
        if any(by_expectation)
    }
    values = row_values(shown) if shown else {}
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
        *(
            _suite_section(result, kind, named[i], values.get(result.get("suite_name", ""), {}))
            for i, (kind, result) in enumerate(results)
        ),
    ]
    return document("OGI validation results", "\n".join(body))
