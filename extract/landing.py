"""The raw layer: extracted reports landed as Parquet, one file per entity, landed as one set."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from extract.extraction import EXTRACTOR_VERSION, ExtractedReport, Status
from extract.files import recover_folder, replace_folder, staging_folder

Schema = dict[str, pl.DataType | type[pl.DataType]]  # a raw table's columns and their types

REPORTS_SCHEMA: Schema = {
    "report_id": pl.String,
    "source_path": pl.String,
    "source_file": pl.String,
    "file_format": pl.String,
    "size_bytes": pl.Int64,
    "status": pl.String,
    "error": pl.String,
    "warnings": pl.List(pl.String),
    "agency_name": pl.String,
    "agency_source": pl.String,
    "report_year": pl.Int32,
    "year_source": pl.String,
    "published_on": pl.String,
    "published_source": pl.String,
    "template_version": pl.String,
    "template_evidence": pl.String,
    "layout": pl.String,
    "report_scope": pl.String,
    "scope_evidence": pl.String,
    "extractor_version": pl.String,
}

CELLS_SCHEMA: Schema = {
    "report_id": pl.String,
    "table_key": pl.String,
    "row_key": pl.String,
    "col_key": pl.String,
    "raw_row_label": pl.String,
    "col_label": pl.String,
    "row_order": pl.Int32,
    "col_order": pl.Int32,
    "value_text": pl.String,
    "source_text": pl.String,
    "value": pl.Float64,
    "is_blank": pl.Boolean,
    "unit": pl.String,
    "position": pl.String,
    "page": pl.Int32,
    "method": pl.String,
    "label_score": pl.Float64,
    "is_ocr": pl.Boolean,
    "ocr_confidence": pl.Float64,
    "box_x0": pl.Float64,
    "box_top": pl.Float64,
    "box_x1": pl.Float64,
    "box_bottom": pl.Float64,
}

BOX_COLUMNS = ("box_x0", "box_top", "box_x1", "box_bottom")

FIGURES_SCHEMA: Schema = {
    "report_id": pl.String,
    "figure_key": pl.String,
    "value": pl.Float64,
    "section_number": pl.Int32,
    "quote": pl.String,
}

SECTIONS_SCHEMA: Schema = {
    "report_id": pl.String,
    "section_number": pl.Int32,
    "heading": pl.String,
    "body": pl.String,
}

OUTLINE_SCHEMA: Schema = {
    "report_id": pl.String,
    "position": pl.Int32,
    "line": pl.Int32,
    "numeral": pl.String,
    "number": pl.Int32,
    "heading": pl.String,
    "kind": pl.String,
    "topic": pl.Int32,
    "at_line_start": pl.Boolean,
}


def _report_row(report: ExtractedReport) -> dict[str, object]:
    meta = report.metadata
    return {
        "report_id": report.report_id,
        "source_path": report.source_path,
        "source_file": report.source_file,
        "file_format": report.file_format,
        "size_bytes": report.size_bytes,
        "status": report.status.value,
        "error": report.error,
        "warnings": list(report.warnings),
        "agency_name": meta.agency_name if meta else None,
        "agency_source": meta.agency_source if meta else None,
        "report_year": meta.report_year if meta else None,
        "year_source": meta.year_source if meta else None,
        "published_on": meta.published_on if meta else None,
        "published_source": meta.published_source if meta else None,
        "template_version": report.template_version,
        "template_evidence": report.template_evidence,
        "layout": report.layout,
        "report_scope": report.scope,
        "scope_evidence": report.scope_evidence,
        "extractor_version": EXTRACTOR_VERSION,
    }


def _cell_rows(report: ExtractedReport) -> Iterable[dict[str, object]]:
    for v in report.values:
        yield {
            "report_id": report.report_id,
            "table_key": v.table_key.value,
            "row_key": v.row_key,
            "col_key": v.col_key,
            "raw_row_label": v.raw_row_label,
            "col_label": v.col_label,
            "row_order": v.row_order,
            "col_order": v.col_order,
            "value_text": v.value_text,
            "source_text": v.source_text,
            "value": v.value,
            "is_blank": v.is_blank,
            "unit": v.unit,
            "position": v.position,
            "page": v.page,
            "method": v.method.value,
            "label_score": v.label_score,
            "is_ocr": v.is_ocr,
            "ocr_confidence": v.ocr_confidence,
            **dict(zip(BOX_COLUMNS, v.box or (None,) * 4, strict=True)),
        }


def _section_rows(report: ExtractedReport) -> Iterable[dict[str, object]]:
    for s in report.sections:
        yield {
            "report_id": report.report_id,
            "section_number": s.number,
            "heading": s.heading,
            "body": s.text,
        }


def _figure_rows(report: ExtractedReport) -> Iterable[dict[str, object]]:
    for f in report.figures:
        yield {
            "report_id": report.report_id,
            "figure_key": f.figure_key,
            "value": f.value,
            "section_number": f.section_number,
            "quote": f.quote,
        }


def _outline_rows(report: ExtractedReport) -> Iterable[dict[str, object]]:
    for position, h in enumerate(report.outline, 1):
        yield {
            "report_id": report.report_id,
            "position": position,
            "line": h.line,
            "numeral": h.numeral,
            "number": h.number,
            "heading": h.heading,
            "kind": h.kind.value,
            "topic": h.topic,
            "at_line_start": h.at_line_start,
        }


# Sort keys: the same input gives byte-identical Parquet on every run.
SORT_KEYS = {
    "reports": ["source_path", "report_id"],
    "cells": ["report_id", "table_key", "row_order", "col_order", "row_key", "col_key"],
    "sections": ["report_id", "section_number"],
    "narrative_figures": ["report_id", "figure_key"],
    "outline": ["report_id", "position"],
}
SCHEMAS: dict[str, Schema] = {
    "reports": REPORTS_SCHEMA,
    "cells": CELLS_SCHEMA,
    "sections": SECTIONS_SCHEMA,
    "narrative_figures": FIGURES_SCHEMA,
    "outline": OUTLINE_SCHEMA,
}


def report_frames(reports: list[ExtractedReport]) -> dict[str, pl.DataFrame]:
    """The raw layer's raw tables for ``reports``."""
    rows = {
        "reports": [_report_row(r) for r in reports],
        "cells": [row for r in reports for row in _cell_rows(r)],
        "sections": [row for r in reports for row in _section_rows(r)],
        "narrative_figures": [row for r in reports for row in _figure_rows(r)],
        "outline": [row for r in reports for row in _outline_rows(r)],
    }
    return {name: pl.DataFrame(rows[name], schema=SCHEMAS[name], orient="row") for name in SCHEMAS}


@dataclass(frozen=True)
class LandedReport:
    """One file's rows of the raw tables, made where the file was read (a worker process,
    or a cluster's worker). Polars frames cross a process boundary as their Arrow columns (a
    frame pickles as serialised Arrow), not as a Python object per cell. Also what a progress
    line shows."""

    report_id: str
    source_file: str
    status: Status
    error: str | None
    frames: dict[str, pl.DataFrame]

    def frame(self, name: str) -> pl.DataFrame:
        return self.frames[name]


def landed(report: ExtractedReport) -> LandedReport:
    """``report`` as its rows of the raw tables."""
    frames = report_frames([report])
    return LandedReport(report.report_id, report.source_file, report.status, report.error, frames)


def combined_frames(reports: list[LandedReport]) -> dict[str, pl.DataFrame]:
    """The raw layer's raw tables for ``reports``, one frame each."""
    return {
        name: pl.concat(
            [pl.DataFrame(schema=SCHEMAS[name])] + [r.frame(name) for r in reports], rechunk=True
        )
        for name in SCHEMAS
    }


@dataclass(frozen=True)
class LandedBatch:
    """Several files' rows of the raw tables as one set of frames, report after report, and
    what each report is: what a worker sends back for a batch of files, one result instead of
    one a file (the main process shares the cores with the workers)."""

    heads: list[tuple[str, str, Status, str | None]]  # report_id, source_file, status, error
    heights: dict[str, list[int]]  # each report's number of rows in each table
    frames: dict[str, pl.DataFrame]

    @classmethod
    def of(cls, reports: list[LandedReport]) -> LandedBatch:
        return cls(
            [(r.report_id, r.source_file, r.status, r.error) for r in reports],
            {name: [r.frame(name).height for r in reports] for name in SCHEMAS},
            combined_frames(reports),
        )

    def reports(self) -> list[LandedReport]:
        """Each report with its own rows: slices of the batch's frames, not copies."""
        offsets = dict.fromkeys(self.frames, 0)
        reports = []
        for i, (report_id, source_file, status, error) in enumerate(self.heads):
            frames = {}
            for name, frame in self.frames.items():
                height = self.heights[name][i]
                frames[name] = frame.slice(offsets[name], height)
                offsets[name] += height
            reports.append(LandedReport(report_id, source_file, status, error, frames))
        return reports


def read_raw(raw_dir: Path) -> dict[str, pl.DataFrame] | None:
    """The raw layer as landed last time, or None when there is none (or it has an older shape).
    A landing that a killed run left half done is finished or undone first."""
    reports = last_reports(raw_dir)
    if reports is None:
        return None
    others = {
        name: pl.read_parquet(raw_dir / f"{name}.parquet") for name in SCHEMAS if name != "reports"
    }
    return {"reports": reports, **others}


def last_reports(raw_dir: Path) -> pl.DataFrame | None:
    """The reports table of the last landing, when every raw table of it is there with this
    shape; None otherwise. The other tables are not read: ``land`` streams the rows it keeps.
    A landing that a killed run left half done is finished or undone first."""
    recover_folder(raw_dir)
    try:
        schemas = {name: pl.read_parquet_schema(raw_dir / f"{name}.parquet") for name in SCHEMAS}
        if any(dict(schemas[name]) != dict(pl.Schema(SCHEMAS[name])) for name in SCHEMAS):
            return None
        return pl.read_parquet(raw_dir / "reports.parquet")
    except (FileNotFoundError, OSError, pl.exceptions.PolarsError):
        return None


# Rows a row group of a raw table holds. Fixed, so that the bytes of a table depend on its rows
# alone, not on whether they were sorted in memory, merged as they streamed, or spilled.
ROW_GROUP_ROWS = 131_072
# Rows of the tables other than reports that a run holds in memory before it spills them to a
# part file (~2,000 reports of ~250 cells, ~150 bytes a cell in memory).
SPOOL_ROWS = 500_000
# Bytes of rows in memory sorted at a time when spilled parts are landed: a range of report ids.
# Bytes, not rows: a row of sections holds a section's whole text.
BUCKET_BYTES = 128 * 2**20
PART_ROW_GROUP_ROWS = 16_384  # small row groups: a bucket reads only its ids' row groups of a part


class Spool:
    """This run's rows of the raw tables as they arrive, report by report. The tables other than
    reports are held in memory up to ``limit_rows`` rows, then written to a part file each,
    sorted; so the main process holds a bounded number of rows however many files a run reads
    (it held every row before: 4.9 GB at 20,000 text files, ~240 KB a report).
    The reports table, one row a report, stays in memory."""

    def __init__(self, folder: Path, limit_rows: int | None = None) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        self.limit_rows = limit_rows or SPOOL_ROWS
        self.parts: list[Path] = []  # one folder a spill, a file a table in each
        self.spilled_rows: dict[str, int] = {}  # each table's rows in the parts
        self.spilled_bytes: dict[str, int] = {}  # and their size in memory
        self.added = 0
        self._pending: list[LandedReport] = []
        self._pending_rows = 0
        self._reports: list[pl.DataFrame] = []

    def add(self, report: LandedReport) -> None:
        self._pending.append(report)
        self._pending_rows += sum(
            f.height for name, f in report.frames.items() if name != "reports"
        )
        self.added += 1
        if self._pending_rows >= self.limit_rows:
            self.spill()

    def spill(self) -> None:
        """Write the rows held in memory to a new part."""
        frames = combined_frames(self._pending)
        self._reports.append(frames.pop("reports"))
        part = self.folder / f"part-{len(self.parts):05d}"
        part.mkdir()
        for name, frame in frames.items():
            frame.sort(SORT_KEYS[name], nulls_last=True).write_parquet(
                part / f"{name}.parquet", row_group_size=PART_ROW_GROUP_ROWS
            )
            self.spilled_rows[name] = self.spilled_rows.get(name, 0) + frame.height
            self.spilled_bytes[name] = self.spilled_bytes.get(name, 0) + int(frame.estimated_size())
        self.parts.append(part)
        self._pending, self._pending_rows = [], 0

    def frames(self) -> dict[str, pl.DataFrame]:
        """The rows still held in memory, and the whole reports table."""
        frames = combined_frames(self._pending)
        frames["reports"] = pl.concat([*self._reports, frames["reports"]])
        return frames

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def spool_folder(raw_dir: Path) -> Path:
    """Where a run spills its rows on their way to ``raw_dir``."""
    return raw_dir.with_name(f"{raw_dir.name}.spool")


def land(
    frames: dict[str, pl.DataFrame],
    raw_dir: Path,
    carried: Collection[str] = (),
    spool: Spool | None = None,
) -> dict[str, int]:
    """Write the raw tables, each sorted, into a folder beside ``raw_dir`` and swap it in as
    one set: dbt and the next run see the whole previous landing or the whole new one.

    ``frames`` holds this run's rows, and the reports table whole, or with ``spool`` the rows
    it did not spill. The rows of the reports in ``carried`` in the other
    tables are the last landing's: those tables are sorted report by report, so they are read
    as they stream and merged with the new rows by report id, never whole in memory (at 100,000
    reports, sorting them all again took 30 s and 15 GB)."""
    staging = staging_folder(raw_dir)
    kept = pl.Series("report_id", list(carried), dtype=pl.String).implode()
    for name, frame in frames.items():
        rows = frame.sort(SORT_KEYS[name], nulls_last=True).lazy()
        last_file = raw_dir / f"{name}.parquet"
        carried_rows = (
            pl.scan_parquet(last_file).filter(pl.col("report_id").is_in(kept)) if carried else None
        )
        target = staging / f"{name}.parquet"
        if spool and spool.parts and name != "reports":
            parts = pl.scan_parquet([part / f"{name}.parquet" for part in spool.parts])
            size = _bytes_in_memory(frame, spool, name, last_file if carried else None)
            _land_in_buckets([rows, parts, carried_rows], size, target)
            continue
        if carried_rows is not None and name != "reports":
            rows = carried_rows.merge_sorted(rows, "report_id")
        rows.sink_parquet(target, row_group_size=ROW_GROUP_ROWS)
    counts = {
        name: pl.scan_parquet(staging / f"{name}.parquet").select(pl.len()).collect().item()
        for name in frames
    }
    swap_in_raw(staging, raw_dir, counts)
    return counts


def _land_in_buckets(sources: list[pl.LazyFrame | None], size: int, target: Path) -> None:
    """Land a table from sources of rows each sorted report by report (rows held in memory,
    sorted part files, rows carried over), a range of report ids at a time: each range's rows
    are read (a part's row groups outside it are skipped), put in report order and written to a
    file; the files are then streamed into ``target`` in order. Memory is that of one range,
    about BUCKET_BYTES of the ``size`` bytes the sources hold, whatever their number of rows."""
    present = [source for source in sources if source is not None]
    buckets = target.with_name(f"{target.stem}.buckets")
    buckets.mkdir()
    files = []
    for number, in_range in enumerate(_id_ranges(size)):
        # Each report's rows come from one source, already in order: a stable sort by report id
        # is the full sort.
        frame = pl.concat([source.filter(in_range) for source in present]).collect()
        files.append(buckets / f"{number:03d}.parquet")
        frame.sort("report_id", maintain_order=True).write_parquet(files[-1])
    pl.scan_parquet(files).sink_parquet(target, row_group_size=ROW_GROUP_ROWS)
    shutil.rmtree(buckets)


def _bytes_in_memory(held: pl.DataFrame, spool: Spool, name: str, last_file: Path | None) -> int:
    """About the size in memory of a table's rows: those ``held``, those ``spool`` spilled, and
    those of ``last_file`` (as many bytes a row as the spilled ones)."""
    spilled_rows, spilled_bytes = spool.spilled_rows[name], spool.spilled_bytes[name]
    last_rows = pq.read_metadata(last_file).num_rows if last_file is not None else 0
    return (
        int(held.estimated_size())
        + spilled_bytes
        + last_rows * spilled_bytes // max(spilled_rows, 1)
    )


def _id_ranges(size: int) -> list[pl.Expr]:
    """Conditions that split report ids (sha256 hex) into about ``size / BUCKET_BYTES`` ranges,
    a power of two of them up to 256, in order, together covering every string."""
    count = 1
    while count < 256 and count * BUCKET_BYTES < size:
        count *= 2
    step = 256 // count
    bounds = [None, *(f"{i * step:02x}" for i in range(1, count)), None]
    report_id = pl.col("report_id")
    ranges = []
    for low, high in itertools.pairwise(bounds):
        in_range = pl.lit(True)
        if low is not None:
            in_range &= report_id >= low
        if high is not None:
            in_range &= report_id < high
        ranges.append(in_range)
    return ranges


def swap_in_raw(staging: Path, raw_dir: Path, counts: dict[str, int]) -> None:
    """Mark the raw tables written into ``staging`` complete and swap them in for ``raw_dir``."""
    replace_folder(staging, raw_dir, {"extractor_version": EXTRACTOR_VERSION, "rows": counts})
