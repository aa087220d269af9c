"""``ogi``: the command line. It parses arguments and delegates to :mod:`ogi.pipeline`."""

from __future__ import annotations

import logging
import os
import time
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import duckdb
import polars as pl
import typer
from typer.exceptions import TyperException

from extract.extraction import Status
from extract.landing import LandedReport
from extract.workers import MIN_MEMORY_MB, Limits
from ogi import pipeline
from ogi.pipeline import InputError, PipelineError, Warehouse
from ogi.project import SAMPLES_DIR

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="OGI annual reports → a queryable warehouse."
)
log = logging.getLogger("ogi")

InputArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Files or folders (recursive). Default: the bundled samples."),
]
OutOpt = Annotated[Path, typer.Option("--out", help="Warehouse folder.")]
JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction.")
]
TimeoutOpt = Annotated[
    float, typer.Option("--timeout", min=1, help="Seconds one document may take.")
]
MemoryOpt = Annotated[
    int, typer.Option("--memory-mb", min=MIN_MEMORY_MB, help="Address-space limit of a worker, MB.")
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="A Dask scheduler's address (tcp://host:8786): read the files on that cluster "
        "(its workers must see the input paths). Default: local worker processes.",
    ),
]
FullRefreshOpt = Annotated[
    bool,
    typer.Option(
        "--full-refresh",
        help="Build every model from nothing (by default a build reuses the last one's rows of "
        "the reports that are still there, when the project has not changed).",
    ),
]
DEFAULT_JOBS = min(2, os.cpu_count() or 1)
DEFAULT_OUT = Path("warehouse")


class Settings:
    """Options given before the command (ogi --quiet run …)."""

    quiet = False
    verbose = False
    libreoffice_note: str | None = None  # said last, after the run


@app.callback()
def options(
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only errors and the final summary.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Debug logging, and tracebacks on errors.")
    ] = False,
) -> None:
    Settings.quiet, Settings.verbose = quiet, verbose
    logging.getLogger().setLevel(logging.DEBUG if verbose else logging.WARNING)


def _warehouse(out: Path) -> Warehouse:
    return Warehouse(out.resolve())


def _extract(
    inputs: list[Path] | None, out: Path, jobs: int, limits: Limits, scheduler: str | None = None
) -> None:
    missing = [str(path) for path in inputs or [] if not path.exists() and not path.is_symlink()]
    if missing:
        raise InputError(f"input not found: {', '.join(missing)}")
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} files/s, failed {task.fields[failed]}"),
    )
    with Progress(
        *columns, TimeRemainingColumn(), transient=True, disable=Settings.quiet
    ) as progress:
        task = progress.add_task("extract", total=None, rate="-", failed=0)
        started, failed = time.monotonic(), 0

        def on_done(report: LandedReport) -> None:
            nonlocal failed
            failed += report.status == Status.FAILED
            done = progress.tasks[0].completed + 1
            progress.update(
                task,
                completed=done,
                failed=failed,
                rate=f"{done / max(time.monotonic() - started, 1e-6):.1f}",
            )

        def on_start(count: int) -> None:
            progress.update(task, total=count)

        summary = pipeline.extract_all(
            inputs or [SAMPLES_DIR], _warehouse(out), jobs, limits, on_start, on_done, scheduler
        )
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items()))
    typer.echo(
        f"extract: {summary.files} files ({summary.extracted} read, {summary.reused} unchanged) "
        f"→ {out / 'raw'} ({statuses})"
    )
    if summary.waiting_on_libreoffice:
        Settings.libreoffice_note = (
            f"note: {summary.waiting_on_libreoffice} .doc/.wps files wait on LibreOffice (recorded as failed): "
            "apt-get install libreoffice-writer-nogui, then run again"
        )


def _build(out: Path, full_refresh: bool = False) -> None:
    incremental = pipeline.build(_warehouse(out), full_refresh)
    how = "incremental: reports added and removed" if incremental else "from scratch"
    typer.echo(f"build: dbt build passed ({how}) → {out / 'ogi.duckdb'}")


def _validate(out: Path) -> None:
    from ogi.quality import findings_summary, validate

    summary = validate(_warehouse(out))
    if not Settings.quiet or not summary.integrity_ok:
        typer.echo(summary.render())
    typer.echo(findings_summary(_warehouse(out)))
    if not summary.integrity_ok:
        raise PipelineError(
            "raw-layer integrity checks failed (see above): this is an extraction defect, not a finding"
        )


def _publish(out: Path) -> None:
    files = pipeline.publish(_warehouse(out))
    typer.echo(f"publish: {len(files)} files → {out / 'publish'}")


@app.command()
def run(
    inputs: InputArg = None,
    out: OutOpt = DEFAULT_OUT,
    jobs: JobsOpt = DEFAULT_JOBS,
    timeout: TimeoutOpt = Limits.timeout_seconds,
    memory_mb: MemoryOpt = Limits.memory_mb,
    scheduler: SchedulerOpt = None,
    full_refresh: FullRefreshOpt = False,
) -> None:
    """Extract, build, validate and publish in one go (skipping what nothing new requires)."""
    with pipeline.locked(_warehouse(out)):
        _extract(inputs, out, jobs, Limits(timeout, memory_mb), scheduler)
        if not full_refresh and pipeline.is_up_to_date(_warehouse(out)):
            typer.echo(
                f"up to date: nothing new since the last run; published files unchanged in {out / 'publish'}"
            )
        else:
            _build(out, full_refresh)
            _validate(out)
            _publish(out)
            pipeline.record_success(_warehouse(out))
    if Settings.libreoffice_note:
        typer.echo(Settings.libreoffice_note)


@app.command()
def extract(
    inputs: InputArg = None,
    out: OutOpt = DEFAULT_OUT,
    jobs: JobsOpt = DEFAULT_JOBS,
    timeout: TimeoutOpt = Limits.timeout_seconds,
    memory_mb: MemoryOpt = Limits.memory_mb,
    scheduler: SchedulerOpt = None,
) -> None:
    """Read the documents (in worker processes, each under a time and memory limit) and land the raw layer."""
    with pipeline.locked(_warehouse(out)):
        _extract(inputs, out, jobs, Limits(timeout, memory_mb), scheduler)
    if Settings.libreoffice_note:
        typer.echo(Settings.libreoffice_note)


@app.command()
def build(out: OutOpt = DEFAULT_OUT, full_refresh: FullRefreshOpt = False) -> None:
    """Run dbt build (seeds, models, dbt tests) on the raw layer."""
    with pipeline.locked(_warehouse(out)):
        _build(out, full_refresh)


@app.command()
def validate(out: OutOpt = DEFAULT_OUT) -> None:
    """Run the Great Expectations suites; findings about reports never fail this step."""
    with pipeline.locked(_warehouse(out)):
        _validate(out)


@app.command()
def publish(out: OutOpt = DEFAULT_OUT) -> None:
    """Write the marts as Parquet under <out>/publish/ (swapped in as a set)."""
    with pipeline.locked(_warehouse(out)):
        _publish(out)


@app.command()
def score(
    inputs: InputArg = None,
    expected: Annotated[
        list[Path] | None, typer.Option("--expected", help="Folders of expected-values JSON.")
    ] = None,
) -> None:
    """Accuracy: extract documents that have expected values beside them and compare every cell."""
    from ogi.accuracy import DEFAULT_EXPECTED, DEFAULT_SCORED, render_table, score_documents

    documents = pipeline.discover(inputs or DEFAULT_SCORED)
    scores = score_documents(documents, expected or DEFAULT_EXPECTED)
    if not scores:
        raise PipelineError("no document with an expected-values JSON found")
    typer.echo(render_table(scores))


@app.command()
def report(out: OutOpt = DEFAULT_OUT) -> None:
    """Write the audit report, a self-contained HTML page, to <out>/report/index.html."""
    from ogi.audit_page import write_report

    warehouse = _warehouse(out)
    if not warehouse.database.exists():
        raise PipelineError(f"no warehouse at {warehouse.database}: run `ogi run` first")
    typer.echo(
        f"report: {write_report(warehouse.database, warehouse.out / 'report', warehouse.sources)}"
    )


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"


@app.command()
def query(
    sql: Annotated[
        str, typer.Argument(help="One SELECT (or EXPLAIN), run read-only against the warehouse.")
    ],
    out: OutOpt = DEFAULT_OUT,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table (every column), csv, json or markdown.")
    ] = (OutputFormat.TABLE),
) -> None:
    """Run SQL against the warehouse, read-only: only SELECT/EXPLAIN, no file but the raw layer."""
    with _read_only(_existing_database(out)) as con:
        kinds = {
            str(statement.type).rsplit(".", 1)[-1] for statement in con.extract_statements(sql)
        }
        if not kinds or kinds - {"SELECT", "EXPLAIN"}:
            raise typer.BadParameter(
                f"only SELECT or EXPLAIN queries run here (got {', '.join(sorted(kinds)) or 'nothing'})"
            )
        frame = con.sql(sql).pl()
    typer.echo(_render(frame, output_format))


def _read_only(database: Path) -> duckdb.DuckDBPyConnection:
    """A connection that can read the database and the raw Parquet its views read, and nothing
    else: no other file, no COPY … TO, no network."""
    con = duckdb.connect(str(database), read_only=True)
    raw_files = sorted(str(path) for path in (database.parent / "raw").glob("*.parquet"))
    con.execute(f"set allowed_paths = {raw_files!r}")
    con.execute("set enable_external_access = false")
    return con


def _render(frame: pl.DataFrame, output_format: OutputFormat) -> str:
    if output_format is OutputFormat.CSV:
        return frame.write_csv().rstrip("\n")
    if output_format is OutputFormat.JSON:
        return frame.write_json()
    markdown = output_format is OutputFormat.MARKDOWN
    with pl.Config(
        tbl_formatting="MARKDOWN" if markdown else "UTF8_FULL_CONDENSED",
        tbl_cols=-1,  # every column, every row: pipe into a pager for long results
        tbl_rows=-1,
        tbl_width_chars=65_000,
        fmt_str_lengths=1_000,
        tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=markdown,
        tbl_hide_dtype_separator=markdown,
    ):
        return str(frame)


@app.command()
def status(out: OutOpt = DEFAULT_OUT) -> None:
    """What the warehouse holds: reports by status, by year and province, failures, last run."""
    with duckdb.connect(str(_existing_database(out)), read_only=True) as con:
        for title, model in STATUS_MODELS.items():
            typer.echo(f"{title}:")
            typer.echo(str(con.table(f"reporting.{model}")))
    state = _warehouse(out).out / "state.json"
    if state.exists():
        typer.echo(
            f"last successful run: {datetime.fromtimestamp(state.stat().st_mtime).isoformat(timespec='seconds')}"
        )


@app.command()
def findings(
    out: OutOpt = DEFAULT_OUT,
    agency: Annotated[str | None, typer.Option(help="Part of an agency name.")] = None,
    year: Annotated[int | None, typer.Option(help="Reporting year.")] = None,
    severity: Annotated[
        str, typer.Option(help="Lowest severity shown: error, warning or info.")
    ] = "warning",
) -> None:
    """Failed checks with their evidence, for an agency and/or a year."""
    levels = {
        "error": ["error"],
        "warning": ["error", "warning"],
        "info": ["error", "warning", "info"],
    }
    if severity not in levels:
        raise typer.BadParameter("severity is error, warning or info")
    with duckdb.connect(str(_existing_database(out)), read_only=True) as con:
        failed = con.table("reporting.failed_checks").pl()
        reports = con.table("marts.dim_reports").select("agency_name", "report_year").pl()
    matches = _matching(agency, year)
    rows = (
        failed.filter(matches, pl.col("severity").is_in(levels[severity]))
        .drop("severity_rank")
        .rows()
    )
    if not rows and (agency or year) and reports.filter(matches).is_empty():
        typer.echo(
            f"no report matches the filter (agency {agency!r}, year {year}): nothing to show"
        )
        return
    for file, name, report_year, level, check, scope, lhs, rhs, cause, evidence in rows:
        typer.echo(
            f"{level.upper():<7} {name} {report_year} [{file}] {check}/{scope}: {_plain(lhs)} "
            f"vs {_plain(rhs)} (cause: {cause})"
        )
        typer.echo(f"        {evidence}")
    typer.echo(f"{len(rows)} failed checks")


# `ogi status`: its tables, each a model of models/reporting.
STATUS_MODELS = {
    "reports by status and format": "status_reports_by_format",
    "agency-years by year": "status_agency_years_by_year",
    "reports by province": "status_reports_by_province",
    "failures": "status_failures",
}


def _matching(agency: str | None, year: int | None) -> pl.Expr:
    """Rows of an agency whose name contains ``agency``, and of ``year`` (either may be None)."""
    condition = pl.lit(True)
    if agency:
        condition &= pl.col("agency_name").fill_null("").str.contains(agency, literal=True)
    if year is not None:
        condition &= pl.col("report_year") == year
    return condition


def _existing_database(out: Path) -> Path:
    database = _warehouse(out).database
    if not database.exists():
        raise PipelineError(f"no warehouse at {database}: run `ogi run` first")
    return database


@app.command("template-seed")
def template_seed() -> None:
    """Regenerate the files made from extract/template.py: the dbt seeds template_dictionary.csv
    and template_identities.csv, the contract of fct_agency_year and the identities' GX suites."""
    from ogi.generate import write_generated

    for path in write_generated():
        typer.echo(f"wrote {path}")


def _plain(number: Decimal | None) -> str:
    """A DECIMAL side of a check as printed: 20, 0.62 (no trailing zeros, no exponent)."""
    return "∅" if number is None else format(number.normalize(), "f")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 also when reports contain findings)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    Settings.quiet = Settings.verbose = False
    Settings.libreoffice_note = None
    try:
        app(args=argv, prog_name="ogi", standalone_mode=False)
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except PipelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except (duckdb.Error, OSError) as exc:  # a bad query, an unreadable path: one line and a hint
        if Settings.verbose:
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
        typer.echo("hint: run with --verbose for the details", err=True)
        return 1
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except (typer.BadParameter, typer.Abort) as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except TyperException as exc:  # typer's own click: usage errors, bare `ogi`
        return _usage_error(exc)
    return 0


def _usage_error(exc: TyperException) -> int:
    """Bare ``ogi`` shows the help; a wrong command or option gets one line. Exit code 2."""
    if type(exc).__name__ == "NoArgsIsHelpError":
        exc.show()
        return 2
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    typer.echo(f"error: {message} (see 'ogi --help')", err=True)
    return int(getattr(exc, "exit_code", 2) or 2)


def entry() -> None:
    raise SystemExit(main())


if __name__ == "__main__":
    entry()
