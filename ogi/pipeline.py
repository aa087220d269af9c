"""The four steps on one warehouse folder: extract → build → validate → publish."""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

import extract
from extract.extraction import (
    EXTRACTOR_VERSION,
    ExtractedReport,
    duplicate_report,
    file_sha256,
    refused_report,
)
from extract.files import (
    pause_if_asked,
    recover_folder,
    replace_folder,
    staging_folder,
    write_atomically,
    write_text_atomically,
)
from extract.formats.doc import NEEDS_LIBREOFFICE
from extract.landing import LandedReport, Spool, land, landed, last_reports, spool_folder
from extract.workers import Limits, extract_each
from ogi.project import PROJECT_DIR

log = logging.getLogger(__name__)

# Published marts and the order each is written in (so a rebuild writes the same files). The
# two big facts go year first, a year at a time: each Parquet row group holds one year, and a reader
# filtering on report_year skips the others by their statistics, as a partitioned dataset would.
PUBLISHED_MODELS: dict[str, str] = {
    "fct_report_values": "report_year, report_value_id",
    "fct_agency_year": "agency_year_id",
    "fct_request_outcomes": "report_year, request_outcome_id",
    "fct_region_year": "region_year_id",
    "fct_continuity": "continuity_id",
    "fct_indicators": "indicator_id",
    "fct_region_hierarchy": "region_hierarchy_id",
    "dim_reports": "report_id",
    "dim_agencies": "agency_id",
    "dim_regions": "region_code",
    "dim_template_items": "template_item_id",
    "report_findings": "check_id",
}
BIG_FACTS = ("fct_report_values", "fct_request_outcomes")
ROW_GROUP_ROWS = 122_880  # DuckDB's default, stated: ~1 MB column chunks, what BI readers expect
# DuckDB spills to disk beyond this, so a national corpus builds on a small machine; the build's
# is the same (profiles.yml). 3GB keeps a process under 4 GiB with Python's own memory.
# OGI_MEMORY_LIMIT raises both (1M reports need 12GB: some operators cannot spill).
DUCKDB_MEMORY_LIMIT = os.environ.get("OGI_MEMORY_LIMIT", "3GB")
# What a build depends on besides the raw layer: a change here means the marts must be rebuilt.
# The code too: a new version of the build, checks or publishing steps republishes.
PROJECT_INPUTS = (
    "models",
    "seeds",
    "macros",
    "expectations",
    "data-tests",
    "dbt_project.yml",
    "profiles.yml",
)
CODE_DIRS = (
    Path(extract.__file__).parent,
    Path(__file__).parent,
)  # the two packages, wherever installed
# An incremental build starts from a copy of a green build of this same project: every node that
# reads no source (the seeds, the models made of seeds alone, their tests) and the unit tests
# (they read fixtures) would only make again what that build made. Only what reads the raw
# layer runs: 185 of 209 nodes.
INCREMENTAL_NODES = ("--select", "source:*+", "--exclude-resource-type", "unit_test")


class PipelineError(RuntimeError):
    """The pipeline itself failed (not a finding about a report): the CLI exits non-zero."""


class InputError(PipelineError):
    """What the user asked for does not exist (an input path): a usage error, exit code 2."""


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
    def build_record(self) -> Path:
        """What made the database: the project's fingerprint and the file's size and time."""
        return self.out / "build.json"

    @property
    def next_database(self) -> Path:
        """Where dbt builds; swapped in for ``database`` only after a green build. The same file
        name in another folder: DuckDB names the catalog after the file, and views name it."""
        return self.out / ".build" / self.database.name

    @property
    def reports_to_test(self) -> Path:
        """The reports whose rows the build in ``next_database`` tests in the models kept by
        report (var ogi_reports_to_test): those the last green build had no values of."""
        return self.next_database.with_name("reports_to_test.parquet")

    @property
    def publish_dir(self) -> Path:
        return self.out / "publish"

    @property
    def validation_dir(self) -> Path:
        return self.out / "validation"

    @property
    def sources(self) -> Path:
        """Where each report's file was read (absolute paths, this machine only, never published):
        the audit page crops PDF pages from there."""
        return self.out / "sources.json"

    def env(self, database: Path | None = None) -> dict[str, str]:
        return {
            "OGI_OUT": str(self.out.resolve()),
            "OGI_DATABASE": str((database or self.database).resolve()),
        }


def discover(inputs: Iterable[Path]) -> list[Path]:
    """Files given, and every file under folders given (recursively), in a stable order. Links
    are listed too (so they are accounted for) but never followed out of the folder given."""
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found.extend(
                p
                for p in sorted(item.rglob("*"))
                if (p.is_file() or p.is_symlink()) and not p.name.startswith(".")
            )
        elif item.is_file():
            found.append(item)
        else:
            raise InputError(f"input not found: {item}")
    return found


def _shown_path(path: Path, inputs: list[Path]) -> str:
    """The path as published: from the folder the user gave (its name included), or the file's
    name when the file was given itself. Never the machine's absolute path or home directory."""
    for item in inputs:
        if item.is_dir() and path.is_relative_to(item):
            return str(Path(item.resolve().name) / path.relative_to(item))
    return path.name


def _outside_link(path: Path, roots: list[Path]) -> bool:
    if not path.is_symlink():
        return False
    target = path.resolve()
    return not any(target.is_relative_to(root) for root in roots) or not target.is_file()


@contextmanager
def locked(warehouse: Warehouse) -> Iterator[None]:
    """One writer per warehouse: a second `ogi` fails fast and names the holder. Readers (DuckDB
    read-only, the Parquet files) are not affected."""
    warehouse.out.mkdir(parents=True, exist_ok=True)
    path = warehouse.out / ".ogi.lock"
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise PipelineError(
                f"the warehouse {warehouse.out} is in use by {holder}; wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"ogi pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class ExtractionSummary:
    files: int
    extracted: int
    reused: int
    by_status: dict[str, int]
    waiting_on_libreoffice: int = 0  # .doc/.wps files not read because LibreOffice is missing


def extract_all(
    inputs: Iterable[Path],
    warehouse: Warehouse,
    jobs: int = 1,
    limits: Limits | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[LandedReport], None] | None = None,
    scheduler: str | None = None,
) -> ExtractionSummary:
    """Land the raw layer for ``inputs``. A file whose bytes were extracted before by this
    extractor version is not read again: its rows are carried over from the previous raw layer.
    The same bytes twice in the input: the first copy is loaded, later ones are recorded as
    duplicates. The raw layer always describes exactly the current input. With ``scheduler``
    (a Dask scheduler's address) the files are read on that cluster instead of local workers."""
    inputs = list(inputs)
    files = discover(inputs)
    if not files:
        raise InputError("no input files")
    roots = [item.resolve() if item.is_dir() else item.resolve().parent for item in inputs]
    previous = last_reports(warehouse.raw)
    reusable = _reusable_ids(previous)
    first_file: dict[str, Path] = {}
    not_read: list[ExtractedReport] = []  # refused links, unreadable files, duplicates
    reused: dict[str, Path] = {}
    tasks: list[tuple[Path, str]] = []
    for path in files:
        if _outside_link(path, roots):
            not_read.append(
                refused_report(path, "not read: a link to a file outside the input folder")
            )
            continue
        try:
            sha = file_sha256(path)
        except OSError as exc:
            not_read.append(refused_report(path, f"unreadable: {exc.strerror or exc}"))
            continue
        if sha in first_file:
            not_read.append(duplicate_report(path, sha, first_file[sha].name))
        elif sha in reusable:
            first_file[sha] = reused[sha] = path
        else:
            first_file[sha] = path
            tasks.append((path, sha))
    if on_start:
        on_start(len(tasks))

    spool = Spool(spool_folder(warehouse.raw))

    def done(report: LandedReport) -> None:
        spool.add(report)
        if on_done:
            on_done(report)
        pause_if_asked("extract", warehouse.out)

    try:
        for report in not_read:
            spool.add(landed(report))
        if tasks:
            _read(tasks, jobs, limits or Limits(), done, scheduler)
        read = spool.added - len(not_read)
        frames = spool.frames()
        if reused and previous is not None:
            frames["reports"] = _with_reused(frames["reports"], previous, reused)
        shown = {str(path): _shown_path(path, inputs) for path in files}
        shown |= {str(path.absolute()): shown[str(path)] for path in files}  # as a cluster was sent
        frames["reports"] = frames["reports"].with_columns(pl.col("source_path").replace(shown))
        counts = land(frames, warehouse.raw, carried=reused.keys(), spool=spool)
    finally:
        spool.remove()
    _write_json(
        warehouse.sources,
        {report_id: str(path.resolve()) for report_id, path in first_file.items()},
    )
    statuses = frames["reports"]["status"].value_counts()
    by_status = dict(zip(statuses["status"].to_list(), statuses["count"].to_list(), strict=True))
    log.info("raw layer: %s", counts)
    waiting = frames["reports"].filter(pl.col("error") == NEEDS_LIBREOFFICE).height
    return ExtractionSummary(len(files), read, len(reused), by_status, waiting)


def _read(
    tasks: list[tuple[Path, str]],
    jobs: int,
    limits: Limits,
    on_done: Callable[[LandedReport], None],
    scheduler: str | None,
) -> None:
    """Read every task, locally or on the cluster at ``scheduler``, handing each report to
    ``on_done`` as it arrives."""
    if scheduler is None:
        extract_each(tasks, jobs, limits, lambda _, report: on_done(report))
        return
    from extract.cluster import extract_each_on_cluster

    extract_each_on_cluster(tasks, scheduler, limits, on_done)


def _reusable_ids(previous: pl.DataFrame | None) -> set[str]:
    """Reports landed by this extractor version that did not fail (a failure is retried: the
    missing tool may have been installed since)."""
    if previous is None:
        return set()
    reports = previous.filter(
        (pl.col("extractor_version") == EXTRACTOR_VERSION) & (pl.col("status") != "failed")
    )
    return set(reports["report_id"].to_list())


def _with_reused(
    reports: pl.DataFrame, previous: pl.DataFrame, reused: dict[str, Path]
) -> pl.DataFrame:
    """This run's reports and those carried over from the last landing, each at its path now
    (the same bytes may have moved or been renamed). Their rows in the other tables are carried
    by ``land``."""
    paths = pl.DataFrame(
        {
            "report_id": list(reused),
            "new_path": [str(p) for p in reused.values()],
            "new_file": [p.name for p in reused.values()],
        }
    )
    carried = (
        previous.join(paths, on="report_id")
        .with_columns(source_path=pl.col("new_path"), source_file=pl.col("new_file"))
        .drop("new_path", "new_file")
    )
    return pl.concat([reports, carried])


def build(warehouse: Warehouse, full_refresh: bool = False) -> bool:
    """``dbt build`` in-process (seeds, models, dbt tests) into a new database file, swapped in
    for the warehouse's only when the build is green: a failed build leaves the last good one.

    The new file starts as a copy of the last build when that was made by this same project
    (code, models, seeds, extractor) and nothing has touched it since: the models kept by report
    (macros/by_report.sql) then only add the reports that arrived and drop those that left.
    Otherwise, or with ``full_refresh``, everything is built from nothing. Returns whether the
    build was incremental."""
    from dbt.cli.main import dbtRunner

    recover_folder(warehouse.raw)
    if not (warehouse.raw / "reports.parquet").exists():
        raise PipelineError(f"no raw layer in {warehouse.raw}: run `ogi extract` first")
    building = warehouse.next_database
    building.parent.mkdir(exist_ok=True)
    _remove_database(building)
    incremental = not full_refresh and _last_build_reusable(warehouse)
    _list_reports_to_test(warehouse, incremental)
    if incremental:
        shutil.copyfile(warehouse.database, building)
    os.environ.update(warehouse.env(building))
    target = warehouse.out / "dbt"
    args = [
        "build",
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target / "target"),
        "--log-path", str(target / "logs"),
        "--vars", json.dumps({"ogi_reports_to_test": str(warehouse.reports_to_test.resolve())}),
        "--quiet",
    ]  # fmt: skip
    try:
        runner = dbtRunner()
        result = runner.invoke(
            [*args, *INCREMENTAL_NODES] if incremental else [*args, "--full-refresh"]
        )
        if result.success:  # the documentation site and the catalog the data dictionary reads;
            # --no-compile: the build just compiled every node it ran, and its manifest.json
            # (compiled SQL included) is what the static site embeds
            docs = runner.invoke(["docs", "generate", "--static", "--no-compile", *args[1:]])
            if not docs.success:
                raise PipelineError(f"dbt docs generate failed: {docs.exception}")
    finally:
        _release_dbt_database()
        os.environ.update(warehouse.env())
    if not result.success:
        failures = _dbt_failures(result.result) or str(result.exception)
        raise PipelineError(
            f"dbt build failed (the last good warehouse is kept): {_with_memory_hint(failures)}"
        )
    pause_if_asked("swap database", warehouse.out)
    _remove_database(warehouse.database, keep_main=True)
    os.replace(building, warehouse.database)
    _write_json(
        warehouse.build_record,
        {"project": project_fingerprint(), "database": _database_stamp(warehouse)},
    )
    return incremental


def _list_reports_to_test(warehouse: Warehouse, incremental: bool) -> None:
    """List the raw layer's reports that the green database has no values of (all of them for a
    build from nothing): the rows of the models kept by report that this build adds are theirs,
    and every other row was copied from the green build, where it was tested; the key tests
    of those models read the listed reports only (var ogi_reports_to_test,
    macros/primary_key.sql). Only a build that passed is ever swapped in, so no row that failed
    a test is left out. (The subquery distinct: DuckDB builds its hash table from every row it
    returns, 20M at 100,000 reports, 4.7 s against 0.1 s.)"""
    raw_reports = f"read_parquet({_sql_literal(str(warehouse.raw / 'reports.parquet'))})"
    reports = f"select distinct report_id from {raw_reports} where report_id is not null"
    with duckdb.connect() as connection:
        if incremental:
            connection.execute(
                f"attach {_sql_literal(str(warehouse.database))} as green (read_only)"
            )
            reports += (
                " and report_id not in"
                " (select distinct report_id from green.conformed.report_values)"
            )
        listing = _sql_literal(str(warehouse.reports_to_test))
        connection.execute(f"copy ({reports}) to {listing} (format parquet)")


def _last_build_reusable(warehouse: Warehouse) -> bool:
    """The database was built by this project and not touched since (size and time as recorded)."""
    if not warehouse.database.exists() or not warehouse.build_record.exists():
        return False
    try:
        recorded = json.loads(warehouse.build_record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded.get("project") == project_fingerprint() and recorded.get(
        "database"
    ) == _database_stamp(warehouse)


def _remove_database(path: Path, keep_main: bool = False) -> None:
    """A database file and its write-ahead log (a stale log must never replay onto another file)."""
    path.with_name(f"{path.name}.wal").unlink(missing_ok=True)
    if not keep_main:
        path.unlink(missing_ok=True)


def _release_dbt_database() -> None:
    """dbt-duckdb keeps one DuckDB instance open for the process; drop it (the adapter's public
    ``close_all_connections``) and collect it, so that the file is closed before validate and
    publish open it and before it is swapped in."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()


def _with_memory_hint(message: str) -> str:
    """DuckDB's out-of-memory error names its own settings; a user of ogi sets OGI_MEMORY_LIMIT."""
    if "Out of Memory Error" not in message:
        return message
    return (
        f"{message}\nDuckDB ran out of its memory limit ({DUCKDB_MEMORY_LIMIT}): raise it with "
        "OGI_MEMORY_LIMIT, e.g. OGI_MEMORY_LIMIT=12GB for a million reports (it spills to disk "
        "within the limit, but some of its operators cannot)"
    )


def _dbt_failures(results: object) -> str:
    lines = []
    for node_result in getattr(results, "results", []) or []:
        if str(node_result.status) not in {"success", "pass", "skipped"}:
            lines.append(
                f"{node_result.node.name}: {node_result.status} {node_result.message or ''}".strip()
            )
    return "; ".join(lines)


def publish(warehouse: Warehouse) -> list[Path]:
    """Copy the published marts to Parquet as one set: written aside, then swapped in."""
    if not warehouse.database.exists():
        raise PipelineError(f"no warehouse at {warehouse.database}: run `ogi build` first")
    staging = staging_folder(warehouse.publish_dir)
    try:
        _write_marts(warehouse, staging)
    except duckdb.OutOfMemoryException as exc:
        raise PipelineError(f"publish failed: {_with_memory_hint(str(exc))}") from exc
    dictionary = data_dictionary(warehouse)
    write_atomically(dictionary, staging / "data_dictionary.parquet")
    dictionary.write_csv(staging / "data_dictionary.csv")
    docs = warehouse.out / "dbt" / "target" / "static_index.html"
    if docs.exists():  # one page with the manifest and catalog inside: it opens from file://
        (staging / "docs").mkdir()
        page = _without_machine_paths(docs.read_text(encoding="utf-8"), warehouse)
        (staging / "docs" / "index.html").write_text(page, encoding="utf-8")
    validation = warehouse.validation_dir / "index.html"
    if validation.exists():
        (staging / "validation").mkdir()
        shutil.copy(validation, staging / "validation" / "index.html")
    replace_folder(staging, warehouse.publish_dir, {"models": sorted(PUBLISHED_MODELS)})
    return sorted(warehouse.publish_dir.glob("*.parquet"))


def _without_machine_paths(page: str, warehouse: Warehouse) -> str:
    """dbt's static site with the building machine's absolute paths taken out: those under the
    output folder (compiled and run paths, the raw sources' ``read_parquet``, the reports listed to
    test) made relative to it, the project's root (``root_path``) written as ``.``."""
    out, project = warehouse.out.resolve(), PROJECT_DIR.resolve()
    page = page.replace(f"{out}/", "")  # first: the output folder may be inside the project
    return page.replace(f"{project}/", "").replace(f'"{project}"', '"."')


def _write_marts(warehouse: Warehouse, staging: Path) -> None:
    """Each published model as one Parquet file in ``staging``, written once, streamed by DuckDB."""
    with duckdb.connect(
        str(warehouse.database), read_only=True, config={"memory_limit": DUCKDB_MEMORY_LIMIT}
    ) as con:
        con.execute("set enable_progress_bar = false")
        for model, order in PUBLISHED_MODELS.items():
            target = staging / f"{model}.parquet"
            if model in BIG_FACTS:
                _write_year_by_year(con, model, target)
                continue
            query = _published_query(con, model, order)
            options = (
                f"format parquet, compression zstd, row_group_size {ROW_GROUP_ROWS}, "
                f"kv_metadata {{pandas: {_sql_literal(_pandas_metadata(con, query))}}}"
            )
            con.execute(f"copy ({query}) to '{target}' ({options})")


def _published_query(con: duckdb.DuckDBPyConnection, model: str, order: str) -> str:
    """The rows of ``marts.model`` as published, ordered, each column read as ``case when c is
    null then null else c end``: DuckDB's Parquet writer leaves out a column's definition levels
    when the table's statistics say it holds no null, and a table kept between builds keeps the
    "has a null" of rows it deleted, so the same rows would be written as other bytes than a
    build from scratch writes. Through the case, every column is written alike."""
    columns = [name for name, *_ in con.sql(f"describe marts.{model}").fetchall()]
    read = ", ".join(f'case when "{c}" is null then null else "{c}" end as "{c}"' for c in columns)
    return f"select {read} from marts.{model} order by {order}"


# DuckDB types whose pandas reading must be a nullable extension type, not float64 or object.
_PANDAS_NULLABLE = {
    "BIGINT": "Int64",
    "INTEGER": "Int32",
    "SMALLINT": "Int16",
    "BOOLEAN": "boolean",
}


def _write_year_by_year(con: duckdb.DuckDBPyConnection, model: str, target: Path) -> None:
    """A big fact as one Parquet file, a year at a time: each year's rows are sorted on their
    own (ORDER BY the whole fact spilled more than 44 GB to disk at 1M reports; a year is a
    sixth of it) and streamed from DuckDB as Arrow batches into pyarrow's writer, so no row
    group holds two years. Rows with no year, or a year no report has, come last."""
    key = PUBLISHED_MODELS[model].removeprefix("report_year, ")
    years = [
        year
        for (year,) in con.sql(
            "select distinct report_year from marts.dim_reports "
            "where report_year is not null order by report_year"
        ).fetchall()
    ]
    known = ", ".join(str(year) for year in years)
    rest = f"report_year is null or report_year not in ({known})" if years else "true"
    chunks = [f"report_year = {year}" for year in years] + [rest]
    queries = [f"select * from marts.{model} where {where} order by {key}" for where in chunks]
    metadata = {"pandas": _pandas_metadata(con, queries[0])}
    writer = None
    try:
        for query in queries:
            batches = con.sql(query).to_arrow_reader(ROW_GROUP_ROWS)
            if writer is None:
                writer = pq.ParquetWriter(
                    target,
                    batches.schema,
                    compression="zstd",
                    compression_level=3,  # DuckDB's
                    use_dictionary=[c for c in batches.schema.names if c != key],  # a key is unique
                    data_page_size=8 << 20,
                    store_schema=False,  # read back with the Parquet types, as the other files
                    store_decimal_as_integer=True,  # DECIMAL(18,4) as INT64, as DuckDB writes it
                )
                writer.add_key_value_metadata(metadata)
            for batch in batches:
                writer.write_batch(batch, row_group_size=ROW_GROUP_ROWS)
    finally:
        if writer is not None:
            writer.close()


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pandas_metadata(con: duckdb.DuckDBPyConnection, query: str) -> str:
    """The ``pandas`` key of a Parquet file's metadata (JSON): with it,
    ``pandas.read_parquet`` reads integer and flag columns that hold nulls as Int64/boolean
    (as a DataFrame written by pandas would), where it would otherwise make them float64."""
    described = con.sql(f"describe {query}").fetchall()
    columns = [
        {
            "name": name,
            "field_name": name,
            "pandas_type": kind.lower(),
            "numpy_type": _PANDAS_NULLABLE[kind],
            "metadata": None,
        }
        for name, kind, *_ in described
        if kind in _PANDAS_NULLABLE
    ]
    metadata = {
        "index_columns": [],
        "column_indexes": [],
        "columns": columns,
        "creator": {"library": "ogi-warehouse"},
    }
    return json.dumps(metadata)


def data_dictionary(warehouse: Warehouse) -> pl.DataFrame:
    """Every published column with its type and its English and Chinese description, from the
    dbt YAML (manifest) and the database's own types (catalog). fct_agency_year's contract,
    with a description of every measure, is generated from the template."""
    target = warehouse.out / "dbt" / "target"
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((target / "catalog.json").read_text(encoding="utf-8"))
    nodes = {
        node["name"]: node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    types = {entry["metadata"]["name"]: entry["columns"] for entry in catalog["nodes"].values()}
    rows = []
    for model in PUBLISHED_MODELS:
        documented = nodes[model]["columns"]
        for column, info in sorted(types.get(model, {}).items(), key=lambda kv: kv[1]["index"]):
            doc = documented.get(column, {})
            english, chinese = doc.get("description", ""), doc.get("meta", {}).get("zh", "")
            rows.append(
                {
                    "model": model,
                    "column": column,
                    "data_type": info["type"].lower(),
                    "description_en": english,
                    "description_zh": chinese,
                }
            )
    return pl.DataFrame(
        rows,
        schema={
            k: pl.String
            for k in ("model", "column", "data_type", "description_en", "description_zh")
        },
    )


def project_fingerprint() -> str:
    """Hash of everything a build is made from besides the raw layer: the extractor version,
    the dbt project and the code."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    _hash_files(digest, _project_files())
    return digest.hexdigest()


def fingerprint(warehouse: Warehouse) -> str:
    """Hash of everything the published files are made from: the raw layer and the project."""
    digest = hashlib.sha256(project_fingerprint().encode())
    _hash_files(digest, sorted(warehouse.raw.glob("*.parquet")))
    return digest.hexdigest()


def _project_files() -> list[Path]:
    files: list[Path] = []
    for path in (*(PROJECT_DIR / item for item in PROJECT_INPUTS), *CODE_DIRS):
        files.extend(
            sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc")
            if path.is_dir()
            else [path]
        )
    return files


def _hash_files(digest: hashlib._Hash, files: list[Path]) -> None:
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())


def _database_stamp(warehouse: Warehouse) -> list[int]:
    stat = warehouse.database.stat()
    return [stat.st_size, stat.st_mtime_ns]


def is_up_to_date(warehouse: Warehouse) -> bool:
    """The last successful run published from exactly this raw layer and project, and the
    database and the published set it left are still whole and unchanged since."""
    recover_folder(warehouse.publish_dir)
    state = warehouse.out / "state.json"
    if not state.exists() or not warehouse.database.exists():
        return False
    if not all((warehouse.publish_dir / f"{m}.parquet").exists() for m in PUBLISHED_MODELS):
        return False
    recorded = json.loads(state.read_text(encoding="utf-8"))
    return recorded.get("fingerprint") == fingerprint(warehouse) and recorded.get(
        "database"
    ) == _database_stamp(warehouse)


def record_success(warehouse: Warehouse) -> None:
    state = {
        "fingerprint": fingerprint(warehouse),
        "extractor_version": EXTRACTOR_VERSION,
        "database": _database_stamp(warehouse),
    }
    _write_json(warehouse.out / "state.json", state)


def _write_json(path: Path, data: object) -> None:
    """Whole or not at all: a killed run leaves the previous file."""
    write_text_atomically(json.dumps(data, indent=2, ensure_ascii=False), path)
