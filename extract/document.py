"""What every format reader produces: the document's text and its table cells in reading order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol


class Rereader(Protocol):
    """Reads the cell at a position again from its page image: (text, confidence) per
    enlargement. ``every_mark`` keeps the smallest marks (a decimal point), specks too."""

    def __call__(
        self, position: str, *, every_mark: bool = False
    ) -> Sequence[tuple[str, float]]: ...


@dataclass(frozen=True)
class Cell:
    """One printed table cell (or one line of a text layout that has no cell structure).

    ``row`` identifies the printed row when the format knows it (HTML ``<tr>``, a PDF table
    row, a tab-separated line, a blank-line-separated block); ``None`` when it does not.
    ``ocr_confidence`` is the recogniser's score for a cell read from an image.
    ``fused`` marks a cell whose digits are known to hold several values run together
    (a crawler flattened the table). ``page`` is 1-based where the format has pages; ``box`` is
    the cell's rectangle on it, ``(x0, top, x1, bottom)`` in PDF points from the page's top-left
    corner, where the format has page geometry (PDF with a text layer).
    """

    text: str
    row: int | None
    position: str
    page: int | None = None
    fused: bool = False
    is_ocr: bool = False  # read from a page image
    ocr_confidence: float | None = (
        None  # the recogniser's lowest score in the cell (None: nothing recognised)
    )
    row_span: int = 1  # printed rows the cell spans (HTML rowspan)
    box: tuple[float, float, float, float] | None = None


@dataclass
class Document:
    """A document as read: full text for sections and metadata, cells for the tables."""

    text: str
    cells: list[Cell]
    layout: str
    title_hint: str | None = None
    published_hint: str | None = None  # a page field (发布日期/发布时间) outside the report text
    properties_date: str | None = (
        None  # the file's own creation date (PDF/DOCX properties): weakest
    )
    warnings: list[str] = field(default_factory=list)
    # Scans only: reads the cell at a ``position`` again, larger, for the identities to choose.
    reread: Rereader | None = None
