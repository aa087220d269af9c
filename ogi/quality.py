"""Great Expectations over the built warehouse: the report auditor, and our own integrity.

Suites live as GX 1.x JSON in ``expectations/``. Each names in its ``meta`` the frame it reads
(a query below), a filter, and its kind: ``finding`` suites judge the reports (a failure is a
finding, the run still succeeds), ``integrity`` suites judge us (a failure fails the run).
Frames are pandas (the GX SQL datasource fails on DuckDB, see the stack notes). A file-backed
GX project under ``<out>/gx`` keeps the results; ``<out>/validation/index.html`` shows them offline.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from extract.files import write_atomically
from ogi.html_page import write_page
from ogi.identity_suites import IDENTITY_FRAME, UNSPLIT_FRAME
from ogi.pipeline import Warehouse
from ogi.project import SUITES_DIR
from ogi.validation_page import render_validation_page

log = logging.getLogger(__name__)

# Each suite names its frame (meta.frame): a model, read whole, then filtered by meta.where.
FRAMES: dict[str, str] = {
    "findings": "reporting.gx_evaluable_findings",
    "fold_changes": "reporting.gx_volume_fold_changes",
    "report_integrity": "conformed.report_integrity",
    "count_values": "reporting.gx_count_values",
}


@dataclass(frozen=True)
class SuiteResult:
    suite: str
    kind: str
    success: bool
    evaluated: int
    unexpected_count: int
    unexpected_ids: tuple[str, ...]


@dataclass
class ValidationSummary:
    results: list[SuiteResult] = field(default_factory=list)
    page: Path | None = None

    @property
    def integrity_ok(self) -> bool:
        return all(r.success for r in self.results if r.kind == "integrity")

    def render(self) -> str:
        lines = ["validate: Great Expectations"]
        for r in self.results:
            verdict = "ok" if r.success else ("FINDINGS" if r.kind == "finding" else "FAILED")
            lines.append(
                f"  {r.suite:<32} {r.kind:<9} {verdict:<8} rows {r.evaluated:>6}, unexpected {r.unexpected_count}"
            )
        if self.page:
            lines.append(f"  results page: {self.page}")
        return "\n".join(lines)


def load_suites(directory: Path = SUITES_DIR) -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.json"))
    ]


def identity_frame(con: duckdb.DuckDBPyConnection, unsplit: bool) -> Any:
    """One row per report, one column per cell of sections 三 and 四. ``unsplit``: a value the
    digit solver read by a row's total is missing too (it cannot test that total)."""
    cells = con.table("reporting.gx_identity_cells").df()
    if unsplit:
        cells.loc[cells["is_read_by_identity"], "value"] = None
    wide = cells.pivot(index=["report_id", "template_version"], columns="cell", values="value")
    return wide.reset_index().rename_axis(columns=None)


def _frame(con: duckdb.DuckDBPyConnection, suite: dict[str, Any]) -> Any:
    meta = suite["meta"]
    if meta["frame"] in (IDENTITY_FRAME, UNSPLIT_FRAME):
        frame = identity_frame(con, unsplit=meta["frame"] == UNSPLIT_FRAME)
        return frame.set_index("report_id", drop=False)
    frame = con.table(FRAMES[meta["frame"]]).filter(meta["where"]).df()
    index = "check_id" if "check_id" in frame.columns else "report_id"
    return frame.set_index(index, drop=False)


def _context(warehouse: Warehouse) -> Any:
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    import ogi.identity_expectation  # noqa: F401 - registers expect_identity_to_hold

    for name in (
        "great_expectations",
        "great_expectations.data_context.types.base",
    ):  # GX sets INFO on import
        logging.getLogger(name).setLevel(logging.WARNING)
    context = gx.get_context(mode="file", project_root_dir=str(warehouse.out))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _checkpoint(context: Any, source: Any, definition: dict[str, Any]) -> Any:
    """Suite → validation definition → checkpoint (idempotent). No Data Docs action: GX's
    Data Docs need CDN assets; ``validation_page`` renders the results instead."""
    import great_expectations as gx

    name = definition["name"]
    suite = context.suites.add_or_update(
        gx.ExpectationSuite(**{k: v for k, v in definition.items() if k != "id"})
    )
    asset = next((a for a in source.assets if a.name == name), None) or source.add_dataframe_asset(
        name
    )
    batch = next(
        (b for b in asset.batch_definitions if b.name == "all"), None
    ) or asset.add_batch_definition_whole_dataframe("all")
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    return context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=name,
            validation_definitions=[validation],
            result_format={"result_format": "COMPLETE"},
        )
    )


def validate(warehouse: Warehouse) -> ValidationSummary:
    """Run every suite; keep each GX result as JSON under ``<out>/validation/``, and the
    page of them all, ``<out>/validation/index.html``."""
    context = _context(warehouse)
    source = context.data_sources.add_or_update_pandas("ogi_frames")
    summary = ValidationSummary()
    warehouse.validation_dir.mkdir(parents=True, exist_ok=True)
    frames: dict[tuple[str, str], Any] = {}  # suites reading the same frame share it
    with duckdb.connect(str(warehouse.database), read_only=True) as con:
        for definition in load_suites():
            key = (definition["meta"]["frame"], definition["meta"]["where"])
            frame = (
                frames[key] if key in frames else frames.setdefault(key, _frame(con, definition))
            )
            checkpoint = _checkpoint(context, source, definition)
            result = (
                next(
                    iter(checkpoint.run(batch_parameters={"dataframe": frame}).run_results.values())
                ).to_json_dict()
                if len(frame)
                else _nothing_to_validate(definition)
            )
            summary.results.append(
                SuiteResult(
                    suite=definition["name"],
                    kind=definition["meta"]["kind"],
                    success=bool(result["success"]),
                    evaluated=len(frame),
                    unexpected_count=sum(
                        int(r.get("result", {}).get("unexpected_count") or 0)
                        for r in result["results"]
                    ),
                    unexpected_ids=_unexpected_ids(result),
                )
            )
            (warehouse.validation_dir / f"{definition['name']}.json").write_text(
                json.dumps(result, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
            )
        reports = {
            r[0]: (r[1], r[2], r[3])
            for r in con.table("marts.dim_reports")
            .select("report_id", "agency_name", "report_year", "source_file")
            .fetchall()
        }
    page = render_validation_page(
        [
            (
                r.kind,
                json.loads(
                    (warehouse.validation_dir / f"{r.suite}.json").read_text(encoding="utf-8")
                ),
            )
            for r in summary.results
        ],
        reports,
    )
    summary.page = write_page(page, warehouse.validation_dir / "index.html")
    _write_summary(summary, warehouse)
    return summary


def _nothing_to_validate(definition: dict[str, Any]) -> dict[str, Any]:
    """The result of a suite whose frame has no row (a batch with no parsed report): nothing
    to judge, so GX is not run — an identity frame without rows has no columns either, which
    GX would report as failed expectations."""
    return {
        "suite_name": definition["name"],
        "success": True,
        "results": [],
        "statistics": {"evaluated_expectations": 0},
        "meta": {"note": "no rows to validate"},
    }


def _unexpected_ids(result: dict[str, Any]) -> tuple[str, ...]:
    """The failing rows' ids (the frame is indexed by check_id / report_id), as GX lists them."""
    ids: set[str] = set()
    for expectation in result["results"]:
        detail = expectation.get("result", {})
        for entry in (
            detail.get("unexpected_index_list") or detail.get("partial_unexpected_index_list") or []
        ):
            if isinstance(entry, dict):
                ids.add(str(entry.get("check_id") or entry.get("report_id")))
            else:
                ids.add(str(entry))
    return tuple(sorted(ids))


def _write_summary(summary: ValidationSummary, warehouse: Warehouse) -> None:
    import polars as pl

    frame = pl.DataFrame(
        [
            {
                "suite": r.suite,
                "kind": r.kind,
                "success": r.success,
                "rows_evaluated": r.evaluated,
                "unexpected_count": r.unexpected_count,
                "unexpected_ids": list(r.unexpected_ids),
            }
            for r in summary.results
        ],
        schema={
            "suite": pl.String,
            "kind": pl.String,
            "success": pl.Boolean,
            "rows_evaluated": pl.Int64,
            "unexpected_count": pl.Int64,
            "unexpected_ids": pl.List(pl.String),
        },
    )
    write_atomically(frame, warehouse.validation_dir / "summary.parquet")


def findings_summary(warehouse: Warehouse, worst: int = 5) -> str:
    """Reports checked, failed checks by check and severity, and the reports with most failures."""
    with duckdb.connect(str(warehouse.database), read_only=True) as con:
        checked = con.table("reporting.summary_reports_checked").fetchall()[0][0]
        by_check = con.table("reporting.summary_failures_by_check").fetchall()
        reports = con.table("reporting.summary_failures_by_file").limit(worst).fetchall()
    lines = [f"findings: {checked} reports checked; failed checks by check and severity:"]
    lines += [
        f"  {severity:<8} {family + '/' + check:<48} {n:>5}"
        for family, check, severity, n in by_check
    ] or ["  none"]
    if reports:
        lines.append("reports with the most failed checks (errors, warnings, info):")
        lines += [f"  {name:<44} {e:>3} {w:>3} {i:>3}" for name, e, w, i in reports]
    return "\n".join(lines)
