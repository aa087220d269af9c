"""A band of a PDF page with some printed cells boxed, as an inline PNG: the audit page shows a
reader the printed numbers of a broken identity without opening the file.

Boxes come from the raw layer (pdfplumber's cell rectangles, PDF points from the page's top-left
corner); the page is rendered with pypdfium2. A file that is no longer where it was read, or
whose bytes changed since, gives no image: a crop of another version would mislead.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from extract.extraction import file_sha256

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
SIDE_COLOURS = {
    "lhs": (31, 99, 180),
    "rhs": (214, 110, 0),
}  # the page's left/right-side colours, darker
SCALE = 2.0  # pixels per PDF point: 144 dpi, small digits stay legible
MARGIN = 18.0  # points of page shown above and below the boxed rows


@dataclass(frozen=True)
class BoxedCell:
    box: Box
    side: str  # "lhs" or "rhs"


def verified_source(path: str | None, report_id: str) -> Path | None:
    """The file a report was read from, if it is still there with the same bytes."""
    if not path or not Path(path).is_file():
        return None
    try:
        return Path(path) if file_sha256(Path(path)) == report_id else None
    except OSError:
        return None


def crop_png(pdf_path: Path, page_number: int, cells: list[BoxedCell]) -> bytes:
    """The page's full width, from just above the highest boxed cell to just below the lowest,
    each cell outlined in its side's colour."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        image = pdf[page_number - 1].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image)
    for cell in cells:
        x0, top, x1, bottom = (v * SCALE for v in cell.box)
        draw.rectangle(
            (x0 + 1, top + 1, x1 - 1, bottom - 1), outline=SIDE_COLOURS[cell.side], width=4
        )
    upper = max(0.0, min(c.box[1] for c in cells) - MARGIN) * SCALE
    lower = min(image.height, (max(c.box[3] for c in cells) + MARGIN) * SCALE)
    band = image.crop((0, int(upper), image.width, int(lower)))
    out = io.BytesIO()
    band.convert("P", palette=Image.Palette.ADAPTIVE, colors=64).save(
        out, format="PNG", optimize=True
    )
    return out.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
