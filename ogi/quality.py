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
from importlib.metadata import version
from pathlib import Path
from typing import Any

import duckdb

from extract.files import write_atomically, write_text_atomically
from ogi.html_page import write_page
from ogi.identity_suites import IDENTITY_FRAME, UNSPLIT_FRAME
from ogi.pipeline import Warehouse
from ogi.project import SUITES_DIR
from ogi.validation_page import domain_columns, flagged_ids, render_validation_page

log = logging.getLogger(__name__)

# Each suite names its frame (meta.frame): a model, read a chunk of reports at a time, filtered by
# meta.where.
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
    batches_run: int = 0  # suite × chunk of reports validated by GX in this run
    batches_reused: int = 0  # … whose frame had not changed since the last run: result kept

    @property
    def integrity_ok(self) -> bool:
        return all(r.success for r in self.results if r.kind == "integrity")

    def render(self) -> str:
        lines = [
            f"validate: Great Expectations ({self.batches_run} suite × chunk batches run, "
            f"{self.batches_reused} unchanged since the last run and kept)"
        ]
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


# Reports per GX batch: each suite is validated chunk by chunk of reports and the results are
# merged, so the pandas frames GX needs stay this size whatever the size of the warehouse. A chunk
# costs GX ~9 s besides its rows (each row condition scans every column of a frame); at 102,002
# reports, 8 chunks of this size took 138 s at 2.2 GB peak, 4 chunks 116 s at 2.9 GB, 2 chunks
# 107 s at 4.0 GB.
CHUNK_REPORTS = 32_768
# What GX returns per expectation: every flagged row's id (``unexpected_index_list``), but not its
# values (GX looks those up a cell at a time, most of validate's time when there are millions) nor
# the ids again as a pandas query string. The validation page reads the values of the rows it
# shows from the warehouse (``flagged_values``).
RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "exclude_unexpected_values": True,
    "return_unexpected_index_query": False,
}
# GX's "partial" list of flagged rows: the first this many ids.
PARTIAL_ROWS = 20
# The identity suites' cells, long (ogi/quality.py:identity_frame turns them wide).
IDENTITY_CELLS = "reporting.gx_identity_cells"
# DuckDB's share of validate's memory (it caches what it read up to its limit, 80% of RAM by
# default): the frames it hands over are one chunk's, so little is needed.
VALIDATE_MEMORY_LIMIT = "1GB"


@dataclass(frozen=True)
class Chunks:
    """The reports split into ``count`` chunks by a hash of their id: a report added or removed
    changes its own chunk only, so every other chunk's results can be reused."""

    count: int

    @property
    def column(self) -> str:
        return f"hash(report_id) % {self.count}"

    def where(self, chunk: int) -> str:
        return f"{self.column} = {chunk}"


def report_chunks(con: duckdb.DuckDBPyConnection, size: int = CHUNK_REPORTS) -> Chunks:
    """Chunks of ``size`` reports at most on average: a power of two of them, so that their
    number, and with it every chunk, stays the same until the warehouse doubles; none for an
    empty warehouse."""
    reports = con.sql("select count(*) from conformed.reports").fetchall()[0][0]
    count = 1
    while count * size < reports:
        count *= 2
    return Chunks(count if reports else 0)


def identity_frame(
    con: duckdb.DuckDBPyConnection, unsplit: bool, where: str, cells: str = IDENTITY_CELLS
) -> Any:
    """One row per report chosen by ``where`` (in report_id order), one column per cell of
    sections 三 and 四 (in name order), missing where the report has no such cell. ``unsplit``: a
    value the digit solver read by a row's total is missing too (it cannot test that total).
    DuckDB numbers the reports and cells, numpy places the values (a fifth of a PIVOT's time).
    ``cells``: the table of the identity cells to read, the view of them all by default."""
    import numpy as np
    import pandas as pd

    cells = f"(select * from {cells} where {where})"
    reports = con.sql(
        f"select report_id, any_value(template_version) as template_version from {cells} "
        "group by report_id order by report_id"
    ).df()
    if reports.empty:
        return pd.DataFrame({"report_id": [], "template_version": []})
    value = "case when is_read_by_identity then null else value end" if unsplit else "value"
    placed = con.sql(
        f"select report_number, cell_number, {value} as value from {cells} "
        "join (select report_id, row_number() over (order by report_id) - 1 as report_number "
        f"from (select distinct report_id from {cells})) using (report_id) "
        "join (select cell, row_number() over (order by cell) - 1 as cell_number "
        f"from (select distinct cell from {cells})) using (cell)"
    ).fetchnumpy()
    names = [
        row[0] for row in con.sql(f"select distinct cell from {cells} order by cell").fetchall()
    ]
    grid = np.full((len(reports), len(names)), np.nan)
    grid[placed["report_number"], placed["cell_number"]] = np.ma.filled(
        np.ma.asarray(placed["value"], dtype="float64"), np.nan
    )
    return pd.concat([reports, pd.DataFrame(grid, columns=names)], axis=1)


def _frame(
    con: duckdb.DuckDBPyConnection,
    readers: list[dict[str, Any]],
    where: str,
    identity_cells: str = IDENTITY_CELLS,
) -> Any:
    """The rows chosen by ``where`` of the frame these suites read (they share its key), indexed
    by the id GX names them by. An identity frame has every cell; another frame has its id and
    the columns the suites' expectations read (the findings' text columns took most of the time
    DuckDB spent handing a frame to pandas, and of GX's hash of it)."""
    meta = readers[0]["meta"]
    index = _index_column(con, meta)
    if meta["frame"] in (IDENTITY_FRAME, UNSPLIT_FRAME):
        unsplit = meta["frame"] == UNSPLIT_FRAME
        frame = identity_frame(con, unsplit=unsplit, where=where, cells=identity_cells)
    else:
        read = [index, *(c for d in readers for e in d["expectations"] for c in domain_columns(e))]
        relation = con.table(FRAMES[meta["frame"]]).filter(meta["where"]).filter(where)
        frame = relation.select(*map(duckdb.ColumnExpression, dict.fromkeys(read))).df()
    return frame.set_index(index, drop=False)


class _ChunkFrames:
    """The frames of one chunk of reports, each made once and shared by the suites that read it
    (as ``RowConditionsOnce``). The chunk's identity cells are read once into a temp table for
    both identity frames: each frame's four queries of the view scanned every cell of the
    warehouse (at 1M reports the two frames took 9.5 s a chunk, 3.7 s from the temp table)."""

    TEMP_CELLS = "chunk_identity_cells"

    def __init__(
        self, con: duckdb.DuckDBPyConnection, suites: list[dict[str, Any]], where: str
    ) -> None:
        self.con, self.suites, self.where = con, suites, where
        self.frames: dict[tuple[str, str], Any] = {}
        self.cells_read = False

    def __enter__(self) -> _ChunkFrames:
        return self

    def __exit__(self, *_: object) -> None:
        self.con.execute(f"drop table if exists {self.TEMP_CELLS}")

    def frame(self, definition: dict[str, Any]) -> Any:
        from ogi.gx_frame import RowConditionsOnce

        key = _frame_key(definition)
        if key in self.frames:
            return self.frames[key]
        readers = [d for d in self.suites if _frame_key(d) == key]
        if definition["meta"]["frame"] not in (IDENTITY_FRAME, UNSPLIT_FRAME):
            frame = _frame(self.con, readers, self.where)
        else:
            if not self.cells_read:
                self.con.execute(
                    f"create or replace temp table {self.TEMP_CELLS} as "
                    f"select * from {IDENTITY_CELLS} where {self.where}"
                )
                self.cells_read = True
            frame = _frame(self.con, readers, "true", identity_cells=self.TEMP_CELLS)
        self.frames[key] = RowConditionsOnce(frame)
        return self.frames[key]


def _index_column(con: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> str:
    """A frame's row id: a check's id where the frame has one, else the report's."""
    if meta["frame"] in (IDENTITY_FRAME, UNSPLIT_FRAME):
        return "report_id"
    return "check_id" if "check_id" in con.table(FRAMES[meta["frame"]]).columns else "report_id"


def flagged_values(
    con: duckdb.DuckDBPyConnection, suites: list[dict[str, Any]], wanted: dict[str, list[str]]
) -> dict[str, dict[str, dict[str, Any]]]:
    """The rows the validation page shows, read again from the suites' frames (GX keeps the
    flagged rows' ids alone): suite → row id → column → value, missing values as None. Suites
    that read the same frame share one read."""
    import pandas as pd

    by_name = {d["name"]: d for d in suites}
    by_frame: dict[tuple[str, str], list[str]] = {}
    for name in wanted:
        by_frame.setdefault(_frame_key(by_name[name]), []).append(name)
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for names in by_frame.values():
        meta = by_name[names[0]]["meta"]
        ids = pd.DataFrame({"id": sorted({i for name in names for i in wanted[name]})})
        con.register("flagged_ids", ids)
        try:
            where = f"{_index_column(con, meta)} in (select id from flagged_ids)"
            frame = _frame(con, [by_name[name] for name in names], where)
        finally:
            con.unregister("flagged_ids")
        rows = frame.astype(object).where(frame.notna(), None).to_dict(orient="index")
        values.update({name: rows for name in names})
    return values


def _frame_rows(meta: dict[str, Any]) -> str:
    """The rows a suite's frame is made from, as a query (the identity frames pivot these)."""
    if meta["frame"] in (IDENTITY_FRAME, UNSPLIT_FRAME):
        return f"select * from {IDENTITY_CELLS}"
    return f"select * from {FRAMES[meta['frame']]} where {meta['where']}"


def _frame_key(definition: dict[str, Any]) -> tuple[str, str]:
    """Suites with the same key read the same frame (it is made once per chunk)."""
    return definition["meta"]["frame"], definition["meta"]["where"]


def chunk_fingerprints(
    con: duckdb.DuckDBPyConnection, meta: dict[str, Any], chunks: Chunks
) -> dict[int, str]:
    """Per chunk, a fingerprint of the rows its frame is made from (their count and the sum of
    their hashes): equal fingerprints, equal frames, so the last run's result holds."""
    rows = con.sql(
        f"select {chunks.column}, count(*), sum(hash(rows))::varchar "
        f"from ({_frame_rows(meta)}) as rows group by all"
    ).fetchall()
    return {chunk: f"{meta['frame']}:{count}:{digest}" for chunk, count, digest in rows}


def batch_stamps(
    con: duckdb.DuckDBPyConnection, suites: list[dict[str, Any]], chunks: Chunks
) -> dict[str, dict[int, str]]:
    """Per suite, per chunk that has rows for it, what its result depends on: the suites and
    code, GX's version, the split, and the fingerprint of the chunk's rows."""
    base = _cache_base(chunks)
    prints: dict[tuple[str, str], dict[int, str]] = {}
    for definition in suites:
        if (key := _frame_key(definition)) not in prints:
            prints[key] = chunk_fingerprints(con, definition["meta"], chunks)
    return {
        d["name"]: {chunk: f"{base}:{fp}" for chunk, fp in prints[_frame_key(d)].items()}
        for d in suites
    }


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


def _suite(definition: dict[str, Any]) -> Any:
    import great_expectations as gx

    return gx.ExpectationSuite(**{k: v for k, v in definition.items() if k != "id"})


def _without_ids(data: Any) -> Any:
    """A GX object's JSON without the ids GX gives what it stores."""
    if isinstance(data, dict):
        return {k: _without_ids(v) for k, v in data.items() if k != "id"}
    if isinstance(data, list):
        return [_without_ids(v) for v in data]
    return data


def _stored_checkpoint(context: Any, definition: dict[str, Any]) -> Any | None:
    """The checkpoint an earlier run stored for this suite, when it still checks exactly what
    ``definition`` says with this result format; None otherwise. Reading it back takes a tenth
    of the time of storing it again (~0.1 s a suite), which every validate did."""
    try:
        checkpoint = context.checkpoints.get(definition["name"])
        (validation,) = checkpoint.validation_definitions
        stored = validation.suite.to_json_dict()
        validation.batch_definition  # noqa: B018 - its data asset must still resolve
    except Exception:  # none stored yet, or GX cannot read it back: made again
        return None
    same_suite = _without_ids(stored) == _without_ids(_suite(definition).to_json_dict())
    return checkpoint if same_suite and checkpoint.result_format == RESULT_FORMAT else None


def _checkpoint(context: Any, source: Any, definition: dict[str, Any]) -> Any:
    """Suite → validation definition → checkpoint (idempotent). No Data Docs action: GX's
    Data Docs need CDN assets; ``validation_page`` renders the results instead."""
    import great_expectations as gx

    name = definition["name"]
    suite = context.suites.add_or_update(_suite(definition))
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
            result_format=RESULT_FORMAT,
        )
    )


class _Checkpoints:
    """GX's context and each suite's checkpoint, made when a batch first has to run: importing
    GX takes seconds, which a run that keeps every batch never pays. The checkpoints stay in
    ``<out>/gx`` for an analyst to run; a chunk is validated by the checkpoint's validator
    itself, because a checkpoint run also files every chunk's result in GX's results store
    (indented JSON, a copy per run that is never removed: a quarter of validate's time)."""

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self.context: Any = None
        self.source: Any = None
        self.by_suite: dict[str, Any] = {}

    def run(self, definition: dict[str, Any], frame: Any) -> dict[str, Any]:
        if self.context is None:
            self.context = _context(self.warehouse)
        name = definition["name"]
        if name not in self.by_suite:
            self.by_suite[name] = _stored_checkpoint(self.context, definition) or _checkpoint(
                self.context, self._source(), definition
            )
        return checkpoint_run(self.by_suite[name], frame)

    def _source(self) -> Any:
        """The pandas data source the suites' assets hang from: the stored one, as it is (made
        again, it would drop the assets of the checkpoints read back)."""
        if self.source is None:
            sources = self.context.data_sources
            self.source = sources.all().get("ogi_frames") or sources.add_pandas("ogi_frames")
        return self.source


Batches = dict[str, dict[str, dict[str, Any]]]  # suite → chunk → {stamp, evaluated, result}


def _kept_batch(last_run: Batches, suite: str, chunk: int, stamp: str) -> dict[str, Any] | None:
    """The last run's result for this suite and chunk, if it was made from the same rows."""
    batch = last_run.get(suite, {}).get(str(chunk))
    return batch if batch is not None and batch["stamp"] == stamp else None


def validate(warehouse: Warehouse, chunk_reports: int = CHUNK_REPORTS) -> ValidationSummary:
    """Run every suite over the warehouse, a chunk of reports at a time; keep each suite's
    merged GX result as JSON under ``<out>/validation/``, and the page of them all,
    ``<out>/validation/index.html``. A chunk whose frame is the one the last run validated
    (same rows, same suites and code) keeps that run's result: after an incremental build GX
    runs on the chunks that changed, and the results still cover the whole warehouse."""
    suites = load_suites()
    checkpoints = _Checkpoints(warehouse)
    warehouse.validation_dir.mkdir(parents=True, exist_ok=True)
    last_run = _read_cache(warehouse)
    batches: Batches = {d["name"]: {} for d in suites}
    summary = ValidationSummary()
    with duckdb.connect(
        str(warehouse.database), read_only=True, config={"memory_limit": VALIDATE_MEMORY_LIMIT}
    ) as con:
        chunks = report_chunks(con, chunk_reports)
        stamps = batch_stamps(con, suites, chunks)
        for chunk in range(chunks.count):
            with _ChunkFrames(con, suites, chunks.where(chunk)) as frames:
                for definition in suites:
                    name = definition["name"]
                    if (stamp := stamps[name].get(chunk)) is None:
                        continue  # no rows here: nothing to judge (and no columns)
                    batch = _kept_batch(last_run, name, chunk, stamp)
                    if batch is None:
                        frame = frames.frame(definition)
                        run = checkpoints.run(definition, frame)
                        batch = {"stamp": stamp, "evaluated": len(frame), "result": run}
                        summary.batches_run += 1
                    else:
                        summary.batches_reused += 1
                    batches[name][str(chunk)] = batch
        if summary.batches_run or _batch_keys(batches) != _batch_keys(last_run):
            _write_cache(warehouse, batches)
        results = _merged_results(warehouse, suites, batches, summary)
        page = _validation_page(con, suites, results)
    summary.page = write_page(page, warehouse.validation_dir / "index.html")
    _write_summary(summary, warehouse)
    return summary


def _merged_results(
    warehouse: Warehouse,
    suites: list[dict[str, Any]],
    batches: Batches,
    summary: ValidationSummary,
) -> list[tuple[str, dict[str, Any]]]:
    """Each suite's result merged over its chunks, written as ``<suite>.json`` and added up in
    ``summary``: (suite kind, result) per suite."""
    results = []
    for definition in suites:
        name = definition["name"]
        result = merged_result(definition, [b["result"] for b in batches[name].values()])
        results.append((definition["meta"]["kind"], result))
        summary.results.append(
            SuiteResult(
                suite=name,
                kind=definition["meta"]["kind"],
                success=bool(result["success"]),
                evaluated=sum(b["evaluated"] for b in batches[name].values()),
                unexpected_count=sum(
                    int(r.get("result", {}).get("unexpected_count") or 0) for r in result["results"]
                ),
                unexpected_ids=_unexpected_ids(result),
            )
        )
        write_text_atomically(_json(result), warehouse.validation_dir / f"{name}.json")
    return results


def _validation_page(
    con: duckdb.DuckDBPyConnection,
    suites: list[dict[str, Any]],
    results: list[tuple[str, dict[str, Any]]],
) -> str:
    """The page of every suite's result, its flagged rows named by agency, year and file and
    shown with their values, read from the warehouse."""
    reports = {
        r[0]: (r[1], r[2], r[3])
        for r in con.table("marts.dim_reports")
        .select("report_id", "agency_name", "report_year", "source_file")
        .fetchall()
    }
    return render_validation_page(
        results, reports, lambda wanted: flagged_values(con, suites, wanted)
    )


def _json(data: object) -> str:
    """JSON in one line: with no indent, the standard library encodes in C (ten times faster)."""
    return json.dumps(data, ensure_ascii=False, default=str)


def _cache_base(chunks: Chunks) -> str:
    """What a chunk's result depends on besides its rows: the suites and code (the project's
    fingerprint), Great Expectations' version, and how the reports are split."""
    from ogi.pipeline import project_fingerprint

    return f"{project_fingerprint()}:{version('great_expectations')}:{chunks.count}"


def _cache_file(warehouse: Warehouse) -> Path:
    """The kept results: a row per suite and chunk (suite, chunk, stamp, evaluated, and GX's
    result as JSON text, which zstd keeps a fifth of its size; the flagged rows in it grow with
    the warehouse)."""
    return warehouse.validation_dir / "chunk_results.parquet"


def _batch_keys(batches: Batches) -> set[tuple[str, str]]:
    return {(suite, chunk) for suite, by_chunk in batches.items() for chunk in by_chunk}


def _read_cache(warehouse: Warehouse) -> Batches:
    """The last run's result per suite and chunk; nothing when there is none or it is unreadable
    (then every chunk is validated again)."""
    import polars as pl

    try:
        rows = pl.read_parquet(
            _cache_file(warehouse), columns=["suite", "chunk", "stamp", "evaluated", "result"]
        ).rows()
    except (OSError, pl.exceptions.PolarsError):
        return {}
    cached: Batches = {}
    for suite, chunk, stamp, evaluated, result in rows:
        batch = {"stamp": stamp, "evaluated": evaluated, "result": json.loads(result)}
        cached.setdefault(suite, {})[str(chunk)] = batch
    return cached


def _write_cache(warehouse: Warehouse, batches: Batches) -> None:
    """Whole or not at all: a killed run leaves the previous file, whose stamps still hold."""
    import polars as pl

    rows = [
        (suite, int(chunk), b["stamp"], b["evaluated"], _json(b["result"]))
        for suite, by_chunk in batches.items()
        for chunk, b in by_chunk.items()
    ]
    schema = {"suite": pl.String, "chunk": pl.Int64, "stamp": pl.String, "evaluated": pl.Int64}
    frame = pl.DataFrame(rows, schema={**schema, "result": pl.String}, orient="row")
    write_atomically(frame, _cache_file(warehouse))
    (warehouse.validation_dir / "chunk_results.json").unlink(missing_ok=True)  # before 2026-12


def checkpoint_run(checkpoint: Any, frame: Any) -> dict[str, Any]:
    """One suite's GX result over one frame, as JSON: what the checkpoint's run returns, not
    filed in GX's results store (``validate`` keeps the results)."""
    from great_expectations.validator.v1_validator import Validator

    (validation,) = checkpoint.validation_definitions
    validator = Validator(
        batch_definition=validation.batch_definition,
        batch_parameters={"dataframe": frame},
        result_format=checkpoint.result_format,
    )
    return _suite_result_json(validator.validate_expectation_suite(validation.suite))


def _suite_result_json(suite_result: Any) -> dict[str, Any]:
    """GX's ``to_json_dict`` of a suite's result, each expectation's result serialised once: the
    suite's own ``to_json_dict`` copies and converts every list of flagged rows five times over."""
    expectations = [result.to_json_dict() for result in suite_result.results]
    for expectation in expectations:  # GX's partial list holds every id when values are excluded
        if partial := (expectation.get("result") or {}).get("partial_unexpected_index_list"):
            expectation["result"]["partial_unexpected_index_list"] = _joined(partial, PARTIAL_ROWS)
    suite_result.results = []
    whole: dict[str, Any] = suite_result.to_json_dict()
    whole["results"] = expectations
    return whole


def merged_result(definition: dict[str, Any], chunks: list[dict[str, Any]]) -> dict[str, Any]:
    """One suite's results over the chunks of reports as one result: per expectation, counts
    added up and the lists of flagged rows joined; a success only where every chunk succeeded."""
    if not chunks:
        return _nothing_to_validate(definition)
    merged = dict(chunks[0])
    by_expectation: dict[str, list[dict[str, Any]]] = {}  # GX orders each run's results its own way
    for chunk in chunks:
        for part in chunk["results"]:
            by_expectation.setdefault(_expectation_key(part), []).append(part)
    merged["results"] = [_merged_expectation(parts) for parts in by_expectation.values()]
    merged["success"] = all(chunk["success"] for chunk in chunks)
    passed = sum(bool(r["success"]) for r in merged["results"])
    total = len(merged["results"])
    merged["statistics"] = {
        **chunks[0].get("statistics", {}),
        "evaluated_expectations": total,
        "successful_expectations": passed,
        "unsuccessful_expectations": total - passed,
        "success_percent": 100.0 * passed / total if total else None,
    }
    return merged


def _expectation_key(part: dict[str, Any]) -> str:
    config = part.get("expectation_config", {})
    kwargs = {k: v for k, v in config.get("kwargs", {}).items() if k not in ("batch_id",)}
    return json.dumps([config.get("type"), kwargs, config.get("meta")], sort_keys=True, default=str)


def _merged_expectation(parts: list[dict[str, Any]]) -> dict[str, Any]:
    merged = dict(parts[0])
    merged["success"] = all(part["success"] for part in parts)
    details = [part.get("result") or {} for part in parts]
    result: dict[str, Any] = {}
    for key in dict.fromkeys(k for detail in details for k in detail):
        values = [detail[key] for detail in details if detail.get(key) is not None]
        if "percent" in key:  # shares are worked out again from the counts, below
            continue
        if key in ("unexpected_index_list", "partial_unexpected_index_list"):
            limit = PARTIAL_ROWS if key.startswith("partial") else None
            result[key] = _joined([entry for v in values for entry in v], limit)
        elif values and all(isinstance(v, list) for v in values):
            result[key] = [item for v in values for item in v]
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            result[key] = sum(values)  # element, missing and unexpected counts
        else:
            result[key] = values[0] if values else None
    if elements := result.get("element_count"):
        missing, unexpected = result.get("missing_count") or 0, result.get("unexpected_count") or 0
        result["missing_percent"] = 100.0 * missing / elements
        result["unexpected_percent"] = result["unexpected_percent_total"] = (
            100.0 * unexpected / elements
        )
        if elements > missing:
            result["unexpected_percent_nonmissing"] = 100.0 * unexpected / (elements - missing)
    merged["result"] = result
    failed = [part for part in parts if (part.get("exception_info") or {}).get("raised_exception")]
    if failed:
        merged["exception_info"] = failed[0]["exception_info"]
    return merged


def _joined(
    index_list: list[dict[str, list[Any]]], limit: int | None = None
) -> list[dict[str, list[Any]]]:
    """GX's lists of flagged rows' ids (an entry ``{"check_id": [...]}`` per run) as one entry,
    of the first ``limit`` ids if given."""
    joined: dict[str, list[Any]] = {}
    for entry in index_list:
        for column, ids in entry.items():
            joined.setdefault(column, []).extend(ids)
    return [{c: ids[:limit] for c, ids in joined.items()}] if joined else []


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
    ids = {
        i for expectation in result["results"] for i in flagged_ids(expectation.get("result") or {})
    }
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
