"""The raw layer: extracted reports landed as Parquet, one file per entity, written atomically."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from extract.report import EXTRACTOR_VERSION, ExtractedReport

REPORTS_SCHEMA = {
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
    "extractor_version": pl.String,
}

CELLS_SCHEMA = {
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
}

FIGURES_SCHEMA = {
    "report_id": pl.String,
    "figure_key": pl.String,
    "value": pl.Float64,
    "section_number": pl.Int32,
    "quote": pl.String,
}

SECTIONS_SCHEMA = {
    "report_id": pl.String,
    "section_number": pl.Int32,
    "heading": pl.String,
    "body": pl.String,
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
        }


def _section_rows(report: ExtractedReport) -> Iterable[dict[str, object]]:
    for s in report.sections:
        yield {"report_id": report.report_id, "section_number": s.number, "heading": s.heading, "body": s.text}


def _figure_rows(report: ExtractedReport) -> Iterable[dict[str, object]]:
    for f in report.figures:
        yield {
            "report_id": report.report_id,
            "figure_key": f.figure_key,
            "value": f.value,
            "section_number": f.section_number,
            "quote": f.quote,
        }


def write_atomically(frame: pl.DataFrame, target: Path) -> None:
    """Write next to the target and rename over it: readers never see a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        frame.write_parquet(temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def land(reports: list[ExtractedReport], raw_dir: Path) -> dict[str, int]:
    """Write reports, cells and sections Parquet; return the row counts."""
    frames = {
        "reports": pl.DataFrame([_report_row(r) for r in reports], schema=REPORTS_SCHEMA, orient="row"),
        "cells": pl.DataFrame([row for r in reports for row in _cell_rows(r)], schema=CELLS_SCHEMA, orient="row"),
        "sections": pl.DataFrame([row for r in reports for row in _section_rows(r)], schema=SECTIONS_SCHEMA, orient="row"),
        "narrative_figures": pl.DataFrame([row for r in reports for row in _figure_rows(r)], schema=FIGURES_SCHEMA, orient="row"),
    }
    for name, frame in frames.items():
        write_atomically(frame, raw_dir / f"{name}.parquet")
    return {name: frame.height for name, frame in frames.items()}
