"""The four steps on one warehouse folder: extract → build → validate → publish."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from extract.landing import land, write_atomically
from extract.report import ExtractedReport, Status, extract_file

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLES_DIR = PROJECT_DIR / "samples"
PUBLISHED_MODELS = ("fct_report_values", "fct_agency_year", "dim_reports", "report_findings")


class PipelineError(RuntimeError):
    """The pipeline itself failed (not a finding about a report): the CLI exits non-zero."""


@dataclass(frozen=True)
class Warehouse:
    out: Path

    @property
    def raw(self) -> Path:
        return self.out / "raw"

    @property
    def database(self) -> Path:
        return self.out / "ogi.duckdb"

    @property
    def publish_dir(self) -> Path:
        return self.out / "publish"

    @property
    def validation_dir(self) -> Path:
        return self.out / "validation"

    def env(self) -> dict[str, str]:
        return {"OGI_OUT": str(self.out.resolve())}


def discover(inputs: Iterable[Path]) -> list[Path]:
    """Files given, and every file under folders given (recursively), in a stable order."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found.extend(p for p in sorted(item.rglob("*")) if p.is_file() and not p.name.startswith("."))
        elif item.is_file():
            found.append(item)
        else:
            raise PipelineError(f"input not found: {item}")
    return found


def _mark_duplicates(reports: list[ExtractedReport]) -> list[ExtractedReport]:
    """The same bytes twice: the first copy is loaded, later copies are recorded as failed duplicates."""
    first_seen: dict[str, str] = {}
    marked: list[ExtractedReport] = []
    for report in reports:
        if report.report_id in first_seen:
            alias = hashlib.sha256(f"{report.report_id}:{report.source_path}".encode()).hexdigest()
            marked.append(
                replace(
                    report,
                    report_id=alias,
                    status=Status.FAILED,
                    error=f"duplicate of {first_seen[report.report_id]}",
                    values=(),
                    sections=(),
                    figures=(),
                )
            )
            continue
        first_seen[report.report_id] = report.source_file
        marked.append(report)
    return marked


def extract_all(inputs: Iterable[Path], warehouse: Warehouse) -> list[ExtractedReport]:
    files = discover(inputs)
    if not files:
        raise PipelineError("no input files")
    reports = _mark_duplicates([extract_file(path) for path in files])
    counts = land(reports, warehouse.raw)
    log.info("extracted %d files: %s", len(files), counts)
    return reports


def build(warehouse: Warehouse) -> None:
    """``dbt build`` in-process: seeds, models and dbt tests."""
    from dbt.cli.main import dbtRunner

    if not (warehouse.raw / "reports.parquet").exists():
        raise PipelineError(f"no raw layer in {warehouse.raw}: run `ogi extract` first")
    os.environ.update(warehouse.env())
    target = warehouse.out / "dbt"
    args = [
        "build",
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target / "target"),
        "--log-path", str(target / "logs"),
        "--quiet",
    ]  # fmt: skip
    try:
        result = dbtRunner().invoke(args)
    finally:
        _release_dbt_database()
    if not result.success:
        failures = _dbt_failures(result.result)
        raise PipelineError(f"dbt build failed: {failures or result.exception}")


def _release_dbt_database() -> None:
    """dbt-duckdb keeps its DuckDB instance open for the process; close it so that the
    validate and publish steps (and other processes) can open the file."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def _dbt_failures(results: object) -> str:
    lines = []
    for node_result in getattr(results, "results", []) or []:
        if str(node_result.status) not in {"success", "pass", "skipped"}:
            lines.append(f"{node_result.node.name}: {node_result.status} {node_result.message or ''}".strip())
    return "; ".join(lines)


def publish(warehouse: Warehouse) -> list[Path]:
    """Copy the published marts to Parquet as one set: written aside, then swapped in."""
    if not warehouse.database.exists():
        raise PipelineError(f"no warehouse at {warehouse.database}: run `ogi build` first")
    staging = warehouse.out / ".publish.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with duckdb.connect(str(warehouse.database), read_only=True) as con:
        for model in PUBLISHED_MODELS:
            frame = con.sql(f"select * from marts.{model}").pl()
            write_atomically(frame, staging / f"{model}.parquet")
    previous = warehouse.out / ".publish.old"
    shutil.rmtree(previous, ignore_errors=True)
    if warehouse.publish_dir.exists():
        warehouse.publish_dir.rename(previous)
    staging.rename(warehouse.publish_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return sorted(warehouse.publish_dir.glob("*.parquet"))
