"""One document in, one extracted report out; never raises for a bad document."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from extract.align import TableValue, align
from extract.document import Document
from extract.formats.doc import UnsupportedFormatError, read_doc
from extract.formats.docx import read_docx
from extract.formats.html import read_html
from extract.formats.markdown import read_markdown
from extract.formats.ocr import NeedsOcrError
from extract.formats.pdf import read_pdf
from extract.formats.text import read_text
from extract.metadata import Metadata, detect_scope, detect_template_version, read_metadata
from extract.narrative import NarrativeFigure, narrative_figures
from extract.numbers import compact_section
from extract.reread import doubt_money_cells, reread_by_identities
from extract.sections import OutlineHeading, Section, outline, split_sections
from extract.template import MONEY_COLUMNS, TemplateVersion

EXTRACTOR_VERSION = "0.3.0"
log = logging.getLogger(__name__)

Reader = Callable[[Path], Document]
READERS: dict[str, tuple[str, Reader]] = {
    ".txt": ("text", read_text),
    ".text": ("text", read_text),
    ".md": ("markdown", read_markdown),
    ".markdown": ("markdown", read_markdown),
    ".html": ("html", read_html),
    ".htm": ("html", read_html),
    ".shtml": ("html", read_html),
    ".pdf": ("pdf", read_pdf),
    ".docx": ("docx", read_docx),
    ".doc": ("doc", read_doc),
    ".wps": ("doc", read_doc),
}


class Status(StrEnum):
    PARSED = "parsed"
    PARSED_WITH_WARNINGS = "parsed_with_warnings"
    FAILED = "failed"


@dataclass(frozen=True)
class ExtractedReport:
    report_id: str
    source_path: str
    source_file: str
    file_format: str
    size_bytes: int
    status: Status
    error: str | None
    warnings: tuple[str, ...]
    metadata: Metadata | None
    template_version: str | None
    template_evidence: str | None
    layout: str | None
    scope: str | None = None
    scope_evidence: str | None = None
    values: tuple[TableValue, ...] = field(default=())
    sections: tuple[Section, ...] = field(default=())
    figures: tuple[NarrativeFigure, ...] = field(default=())
    outline: tuple[OutlineHeading, ...] = field(default=())


def failed_report(
    report_id: str, path: Path, file_format: str, size: int, reason: str, layout: str | None = None
) -> ExtractedReport:
    """A file recorded as failed, with its reason: nothing read from it."""
    return ExtractedReport(
        report_id,
        str(path),
        path.name,
        file_format,
        size,
        Status.FAILED,
        reason,
        (),
        None,
        None,
        None,
        layout,
    )


def duplicate_report(path: Path, report_id: str, first_file: str) -> ExtractedReport:
    """The same bytes as an earlier input: recorded (failed, "duplicate of …"), not extracted again."""
    alias = hashlib.sha256(f"{report_id}:{path}".encode()).hexdigest()
    file_format = READERS.get(
        path.suffix.lower(), (path.suffix.lower().lstrip(".") or "none", None)
    )[0]
    error = f"duplicate of {first_file}"
    return failed_report(alias, path, file_format, path.stat().st_size, error)


def refused_report(path: Path, reason: str) -> ExtractedReport:
    """A file that is listed but not read (a link out of the input tree, unreadable): recorded."""
    report_id = hashlib.sha256(f"refused:{path}".encode()).hexdigest()
    file_format = path.suffix.lower().lstrip(".") or "none"
    return failed_report(report_id, path, file_format, 0, reason)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_file(path: Path, report_id: str | None = None) -> ExtractedReport:
    """Read, align and describe one file. Any failure becomes status ``failed`` with its reason.

    ``report_id`` is the file's SHA-256 when the caller has already computed it."""
    size = path.stat().st_size
    report_id = report_id or file_sha256(path)
    file_format, reader = READERS.get(
        path.suffix.lower(), (path.suffix.lower().lstrip(".") or "none", None)
    )

    def failed(reason: str, layout: str | None = None) -> ExtractedReport:
        return failed_report(report_id, path, file_format, size, reason, layout)

    if reader is None:
        return failed(f"unsupported format: {path.suffix or 'no extension'}")
    if size == 0:
        return failed("empty file")
    try:
        document = reader(path)
    except (
        NeedsOcrError,
        UnsupportedFormatError,
    ) as exc:  # known limits: the reason says what to do
        return failed(str(exc))
    except Exception as exc:  # a broken document must not stop the batch: record why
        log.debug("reading %s failed", path, exc_info=True)
        return failed(f"{type(exc).__name__}: {exc}")
    metadata = read_metadata(
        document.text,
        document.title_hint,
        document.published_hint,
        path.stem,
        document.properties_date,
    )
    version, evidence = detect_template_version(document.text, metadata.report_year)
    alignment = align(document.cells, version)
    if document.reread is not None:
        reread, warned = document.reread, alignment.warnings
        alignment.values = reread_by_identities(alignment.values, reread, version, warned)
        alignment.values = doubt_money_cells(alignment.values, reread, warned)
    if not alignment.values:
        return failed("not a report: no template table found", document.layout)
    warnings = [*document.warnings, *alignment.warnings, *_fraction_warnings(alignment.values)]
    if metadata.report_year is None:
        warnings.append("reporting year not found")
    elif (version == TemplateVersion.V2021) != (metadata.report_year >= 2021):
        warnings.append(
            f"template {version.value} printed for reporting year {metadata.report_year} (the "
            "wrong template for the year)"
        )
    status = Status.PARSED_WITH_WARNINGS if warnings else Status.PARSED
    sections = tuple(split_sections(document.text))
    scope, scope_evidence = detect_scope(
        "\n".join(compact_section(s.text) for s in sections if s.number in (0, 1))
    )
    return ExtractedReport(
        report_id=report_id,
        source_path=str(path),
        source_file=path.name,
        file_format=file_format,
        size_bytes=size,
        status=status,
        error=None,
        warnings=tuple(warnings),
        metadata=metadata,
        template_version=version.value,
        template_evidence=evidence,
        layout=document.layout,
        scope=scope,
        scope_evidence=scope_evidence,
        values=tuple(alignment.values),
        sections=sections,
        figures=tuple(narrative_figures(sections)),
        outline=tuple(outline(document.text)),
    )


def _fraction_warnings(values: Sequence[TableValue]) -> list[str]:
    """A count printed with a fraction is a misprint or a misread: kept as printed, published
    as no count, and said here."""
    return [
        f"a fraction in a count cell: {v.row_key}.{v.col_key} = {v.value_text!r} @{v.position} "
        "(not published as a count)"
        for v in values
        if v.value is not None and v.col_key not in MONEY_COLUMNS and v.value != int(v.value)
    ]
