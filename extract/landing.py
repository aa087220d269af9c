"""The raw layer: extracted reports landed as Parquet, one file per entity, landed as one set."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

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
# alone, not on whether they were sorted in memory or merged as they streamed.
ROW_GROUP_ROWS = 131_072


def land(
    frames: dict[str, pl.DataFrame], raw_dir: Path, carried: Collection[str] = ()
) -> dict[str, int]:
    """Write the raw tables, each sorted, into a folder beside ``raw_dir`` and swap it in as
    one set: dbt and the next run see the whole previous landing or the whole new one.

    ``frames`` holds this run's rows, and the reports table whole. The rows of the reports in
    ``carried`` in the other tables are the last landing's: those tables are sorted report by
    report, so they are read as they stream and merged with the new rows by report id, never
    whole in memory (at 100,000 reports, sorting them all again took 30 s and 15 GB)."""
    staging = staging_folder(raw_dir)
    kept = pl.Series("report_id", list(carried), dtype=pl.String).implode()
    for name, frame in frames.items():
        rows = frame.sort(SORT_KEYS[name], nulls_last=True).lazy()
        if carried and name != "reports":
            last = pl.scan_parquet(raw_dir / f"{name}.parquet")
            rows = last.filter(pl.col("report_id").is_in(kept)).merge_sorted(rows, "report_id")
        rows.sink_parquet(staging / f"{name}.parquet", row_group_size=ROW_GROUP_ROWS)
    counts = {
        name: pl.scan_parquet(staging / f"{name}.parquet").select(pl.len()).collect().item()
        for name in frames
    }
    swap_in_raw(staging, raw_dir, counts)
    return counts


def swap_in_raw(staging: Path, raw_dir: Path, counts: dict[str, int]) -> None:
    """Mark the raw tables written into ``staging`` complete and swap them in for ``raw_dir``."""
    replace_folder(staging, raw_dir, {"extractor_version": EXTRACTOR_VERSION, "rows": counts})
