"""Accuracy against hand-read values: documents with an expected-values JSON are scored cell by
cell.

Expected JSON (``tests/expected/seeds/`` and ``tests/expected/real/``, one per sample):
``agency_name``, ``report_year``, ``template``, ``requests`` {row_key: 7 values},
``review_litigation`` (15 values), ``proactive`` {row_key: values in the template's column
order}; ``null`` is a blank cell (or, for a value the document does not let anyone read
unambiguously, a value the extractor must not produce).
A document ``X.anything.ext`` is scored against ``X.json`` found in one of the expected folders.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from extract.align import TableValue
from extract.extraction import READERS, ExtractedReport, extract_file
from extract.metadata import expand_abbreviation
from extract.template import (
    REQUEST_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    TemplateVersion,
    proactive_rows,
)
from ogi.project import PROJECT_DIR

Key = tuple[str, str, str]

# The documents with hand-read values: the samples and the format fixtures of a source checkout.
# The documents read right, all of them. `make accuracy` adds tests/scans/, the degraded scans
# (scripts/degrade_scans.py), scored as one group per degradation.
DEFAULT_SCORED = [PROJECT_DIR / "samples", PROJECT_DIR / "tests" / "fixtures"]
DEFAULT_EXPECTED = [
    PROJECT_DIR / "tests" / "expected" / "seeds",
    PROJECT_DIR / "tests" / "expected" / "real",
    PROJECT_DIR / "tests" / "fixtures" / "expected",
]


def expected_path(document: Path, folders: Iterable[Path]) -> Path | None:
    """``h13.gbk.txt`` → ``h13.json`` in the first folder that has it."""
    stem = document.name.split(".")[0]
    for folder in folders:
        candidate = folder / f"{stem}.json"
        if candidate.is_file():
            return candidate
    return None


def expected_cells(expected: dict) -> dict[Key, float | None]:
    """Every (table, row, column) the JSON gives, with its value (None = blank / unreadable)."""
    version = TemplateVersion(expected["template"])
    cells: dict[Key, float | None] = {}
    for row_key, values in expected.get("requests", {}).items():
        for column, value in zip(REQUEST_COLUMNS, values, strict=True):
            cells[("requests", row_key, column.key)] = value
    flat = expected.get("review_litigation") or []
    for r_i, row in enumerate(REVIEW_ROWS):
        for c_i, column in enumerate(REVIEW_COLUMNS):
            if flat:
                cells[("review_litigation", row.key, column.key)] = flat[
                    r_i * len(REVIEW_COLUMNS) + c_i
                ]
    columns = {p.row.key: p.columns[version] for p in proactive_rows(version)}
    for row_key, values in expected.get("proactive", {}).items():
        for column, value in zip(columns[row_key], values, strict=True):
            cells[("proactive", row_key, column.key)] = value
    return cells


def in_wan_yuan(value: TableValue) -> float | None:
    """The published value: money printed in 元 becomes 万元 (as the conformed layer does)."""
    if value.value is not None and value.col_key == "amount_wan_yuan" and value.unit == "元":
        return float(Decimal(str(value.value)) / 10000)
    return value.value


@dataclass(frozen=True)
class CellMiss:
    key: Key
    expected: float | None
    got: str
    why: str = ""  # how the value came to be missed, from the extraction's own account


@dataclass
class DocumentScore:
    path: Path
    form: str  # the file format, or the shape that matters more: flattened text, markdown, scan
    parsed: bool
    cells: int
    correct: int
    blank_zero_errors: int
    metadata_correct: bool
    wrong_numbers: int = 0  # a number where the document prints another (or none): never acceptable
    misses: list[CellMiss] = field(default_factory=list)
    flagged: str | None = None  # why the document was not read: needs_ocr, or a missing tool


# Failures that are an honest "cannot read this here", not a misread: reported, not scored.
FLAG_PREFIXES = ("needs_ocr", "unsupported: install")


def _flag(report: ExtractedReport) -> str | None:
    error = report.error or ""
    return next((prefix for prefix in FLAG_PREFIXES if error.startswith(prefix)), None)


def form_of(report: ExtractedReport) -> str:
    """What a document is, for accuracy: its format, or its shape where that is what is hard."""
    if report.layout in ("flattened", "markdown"):
        return report.layout
    if any(v.is_ocr for v in report.values):
        return f"scan/{degradation(report.source_path)}"
    return report.file_format


def degradation(source_path: str) -> str:
    """``h01.copier150.scan.pdf`` → ``copier150``; a clean fixture scan is ``clean``."""
    parts = Path(source_path).name.split(".")
    return parts[1] if len(parts) == 4 else "clean"


def score_report(report: ExtractedReport, expected: dict) -> DocumentScore:
    got: dict[Key, TableValue] = {
        (v.table_key.value, v.row_key, v.col_key): v for v in report.values
    }
    result = DocumentScore(
        Path(report.source_path), form_of(report), report.status.value != "failed", 0, 0, 0, False
    )
    result.flagged = _flag(report)
    if result.flagged:
        return result
    for key, want in expected_cells(expected).items():
        result.cells += 1
        value = got.get(key)
        if value is None:
            result.misses.append(CellMiss(key, want, "missing", _why(report, key, None)))
            continue
        number = in_wan_yuan(value)
        if (
            want is None
            and number is None
            or want is not None
            and number is not None
            and abs(number - want) < 1e-6
        ):
            result.correct += 1
        else:
            if (want == 0 and value.is_blank) or (want is None and number == 0):
                result.blank_zero_errors += 1
            elif number is not None:
                result.wrong_numbers += 1
            result.misses.append(CellMiss(key, want, value.value_text, _why(report, key, value)))
    meta = report.metadata
    result.metadata_correct = bool(
        meta
        and meta.report_year == expected.get("report_year")
        and report.template_version == expected.get("template")
        and meta.agency_name is not None
        and _same_agency(meta.agency_name, expected.get("agency_name", ""))
    )
    return result


_SECTIONS = {"proactive": "二", "requests": "三", "review_litigation": "四"}


def _why(report: ExtractedReport, key: Key, value: TableValue | None) -> str:
    """The extraction's own account of a missed cell: the first warning that names its row, or
    what the value says of itself."""
    _, row_key, col_key = key
    named = [w for w in report.warnings if row_key in w]
    cell = [w for w in named if f"{row_key}.{col_key}" in w]
    if value is not None and value.value is None and value.is_blank:
        return "read as blank: nothing recognised in the cell"
    if value is not None and value.value is not None:
        return f"read as {value.value_text!r} ({value.method.value})"
    section = [w for w in report.warnings if w.startswith(f"section {_SECTIONS[key[0]]}")]
    found = cell or named or section
    if found:
        return found[0].replace("\n", " ")
    return "row not found" if value is None else f"left null ({value.method.value})"


def _same_agency(printed: str, expected: str) -> bool:
    """The shared files sometimes add a bracketed note (平潭综合实验区（管委会）) the document does not
    print, or give the full name where the title prints a short form (市科委)."""
    return expected in (printed, expand_abbreviation(printed)) or expected.split("（")[0] == printed


def score_documents(documents: Iterable[Path], expected_folders: list[Path]) -> list[DocumentScore]:
    scores = []
    for document in documents:
        path = expected_path(document, expected_folders)
        if path is None or document.suffix.lower() not in READERS:
            continue
        expected = json.loads(path.read_text(encoding="utf-8"))
        scores.append(score_report(extract_file(document), expected))
    return scores


def render_table(scores: list[DocumentScore]) -> str:
    """Per form and overall: reports parsed, cells compared and correct, blank/zero errors, metadata."""
    groups: dict[str, list[DocumentScore]] = defaultdict(list)
    for s in sorted(scores, key=lambda s: s.form):
        groups[s.form].append(s)
    groups["ALL"] = list(scores)
    widths = {"form": -18, "reports": 8, "parsed": 8, "flagged": 8, "cells": 8, "correct": 9}
    widths |= {"accuracy": 10, "wrong": 7, "blank/0": 9, "metadata": 10}
    lines = ["".join(f"{name:<{-w}}" if w < 0 else f"{name:>{w}}" for name, w in widths.items())]
    for name, items in groups.items():
        scored = [s for s in items if not s.flagged]
        cells = sum(s.cells for s in scored)
        correct = sum(s.correct for s in scored)
        accuracy = f"{100 * correct / cells:.2f}%" if cells else "-"
        parsed, flagged = sum(s.parsed for s in items), len(items) - len(scored)
        blank_zero, metadata = (
            sum(s.blank_zero_errors for s in scored),
            sum(s.metadata_correct for s in scored),
        )
        wrong = sum(s.wrong_numbers for s in scored)
        lines.append(
            f"{name:<18}{len(items):>8}{parsed:>8}{flagged:>8}{cells:>8}{correct:>9}{accuracy:>10}"
            f"{wrong:>7}"
            f"{blank_zero:>9}{metadata:>7}/{len(scored):<2}"
        )
    for s in scores:
        if s.flagged:
            lines.append(f"  flagged {s.path.name}: {s.flagged} (not scored)")
        lines += [f"  miss {s.path.name} {line}" for line in _misses_by_row(s.misses)]
    return "\n".join(lines)


def _misses_by_row(misses: list[CellMiss]) -> list[str]:
    """Every missed cell, the cells of one row missed for one reason on one line."""
    rows: dict[tuple[str, str, str], list[CellMiss]] = defaultdict(list)
    for miss in misses:
        rows[(miss.key[0], miss.key[1], miss.why)].append(miss)
    return [
        f"{table}.{row} {', '.join(m.key[2] for m in row_misses)}: expected "
        f"{[m.expected for m in row_misses]}, got {[m.got for m in row_misses]} — {why}"
        for (table, row, why), row_misses in rows.items()
    ]
