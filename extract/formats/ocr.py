"""Scanned PDFs (pages that are images): OCR with RapidOCR's bundled PP-OCR models, offline.

Optional: ``pip install .[ocr]`` (rapidocr-onnxruntime). Without it a scan fails with a
``needs_ocr`` reason. Each page is first cleaned and straightened: the paper's shade is divided
out (grey paper, a dark photocopy, uneven light), and the skew is measured from the ink itself
(the angle at which the ink's rows are sharpest: ruling lines and text lines both count) and
rotated away. The table grid is then found from the ruling lines in the image (OpenCV, installed
with RapidOCR), so that blank cells stay blank cells; each recognised text box is placed in the
grid cell that holds its centre. Every cell read this way carries the OCR confidence, and the
identities later tell a misread from a report's own inconsistency.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from extract.document import Cell, Document

RENDER_SCALE = 2.0  # 144 dpi: what PP-OCR reads reliably for 10–12 pt CJK text
_DARK = 160  # grey level below which a pixel is ink (on a page whose paper is made white)
_RULE_CONTRAST = 45  # how much darker than white a rule's pixels are, at least (faint rules too)
_SHORTEST_RULE = 12  # a horizontal rule spans at least this share (1/n) of the page's width
_PAST = 5  # pixels a rule goes on past a band's bounding rules (text strokes stop at them)
_STRADDLE = 3  # pixels a text box reaches past a vertical on both sides: the vertical is its stroke
_WIDEST_RULE = 7  # pixels: a rule is 1–6 wide, blurred at 100 dpi too; strokes fused are wider
_LONGEST_STROKES = 4  # bands: digits stacked in a column fuse over 2–3 rows, a rule runs on
MAX_SKEW_DEGREES = 3.0  # a feeder or a hand-laid page; more is a page scanned sideways


class NeedsOcrError(ValueError):
    """A scan, and the OCR extra is not installed."""


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


Rect = tuple[float, float, float, float]


def _engine() -> Any:
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ModuleNotFoundError as exc:  # not installed (a failure to load it is reported as itself)
        raise NeedsOcrError(
            "needs_ocr: no text layer on any page (a scan); install the ocr extra: pip install '.[ocr]'"
        ) from exc
    return RapidOCR()


def read_scanned_pdf(path: Path) -> Document:
    import pypdfium2 as pdfium

    engine = _engine()
    cells: list[Cell] = []
    blocks: list[str] = []
    row_counter = 0
    rereader = CellRereader(engine)
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page_no in range(1, len(pdf) + 1):
            rendered = pdf[page_no - 1].render(scale=RENDER_SCALE).to_pil()
            gray = straighten(whiten(np.asarray(rendered.convert("L"))))
            result, _ = engine(gray, use_cls=False)  # pages are upright: a flip reads 18 as 81
            boxes = [_box(item) for item in (result or [])]
            grid = _grid_rows(gray, boxes)
            page_cells, text, row_counter = _page(boxes, grid, page_no, row_counter)
            rereader.add_page(page_no, gray, grid)
            cells.extend(page_cells)
            blocks.append(text)
    finally:
        pdf.close()
    document = Document(text="\n".join(blocks), cells=cells, layout="ocr", reread=rereader)
    document.warnings.append("scanned PDF: every value read by OCR (see ocr_confidence)")
    return document


REREAD_SCALES = (2.0, 3.0)  # a cell crop enlarged before it is recognised again
_INSET = 3  # pixels of a cell's border left out of its crop (the rules)
_INK_PAD = 6  # white pixels kept around the ink of a crop
_FAINT_INK = 200  # in a cell with no ink darker than _DARK, a lighter grey is tried
_SHORTEST_CHARACTER = 7  # pixels: a digit at 144 dpi is 12-16 tall; shorter ink is a speck
_MARK_SHARE = 0.5  # ink under half the height of the cell's tallest mark is a speck


# A cell of a table of counts read alone as one vertical stroke: the recogniser's letters for "1".
_LONE_STROKE = dict.fromkeys(("I", "l", "|", "丨"), "1")


class CellRereader:
    """Reads a grid cell again: its ink cropped from the levelled page, enlarged, recognised on
    its own (no detection, so a lone thin "1" the page's detector passed over is read too)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._pages: dict[int, np.ndarray] = {}
        self._rects: dict[str, tuple[int, Rect]] = {}

    def add_page(self, page_no: int, gray: np.ndarray, grid: list[list[Rect]]) -> None:
        self._pages[page_no] = gray
        for row_no, row in enumerate(grid, 1):
            for col_no, rect in enumerate(row, 1):
                self._rects[_cell_position(page_no, row_no, col_no)] = (page_no, rect)

    def __call__(self, position: str, *, every_mark: bool = False) -> list[tuple[str, float]]:
        import cv2

        found = self._rects.get(position)
        crop = _ink_crop(self._pages[found[0]], found[1], every_mark) if found else None
        if crop is None:  # not a grid cell, or no ink in it: nothing to read again
            return []
        readings = []
        for scale in REREAD_SCALES:
            enlarged = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
            recognised, _ = self._engine.text_rec([cv2.cvtColor(enlarged, cv2.COLOR_GRAY2BGR)])
            text, score = recognised[0]
            text = _LONE_STROKE.get(str(text).strip(), str(text))
            readings.append((despeckle(text), float(score)))
        return readings


def _ink_crop(gray: np.ndarray, rect: Rect, every_mark: bool = False) -> np.ndarray | None:
    """The cell's characters, inside its rules, on white with a margin; None when the cell holds
    none. Toner dots and specks (ink much shorter than the tallest mark in the cell) are
    painted out, so that they neither widen the crop nor read as a digit, unless
    ``every_mark``: a decimal point is as small as a speck."""
    import cv2

    x0, y0, x1, y1 = (int(round(v)) for v in rect)
    inner = gray[y0 + _INSET : y1 - _INSET + 1, x0 + _INSET : x1 - _INSET + 1]
    for threshold in (_DARK, _FAINT_INK):  # a thin digit at 100 dpi blurs to a light grey
        count, labels, stats, _ = cv2.connectedComponentsWithStats(
            (inner < threshold).astype(np.uint8)
        )
        heights = stats[1:, cv2.CC_STAT_HEIGHT]
        if count > 1 and heights.max() >= _SHORTEST_CHARACTER:
            break
    else:
        return None
    shortest = 0 if every_mark else _MARK_SHARE * heights.max()
    marks = [i + 1 for i, h in enumerate(heights) if h >= shortest]
    keep = np.isin(labels, marks)
    ys, xs = np.nonzero(keep)
    cleaned = np.where(keep | (inner >= threshold), inner, 255).astype(np.uint8)
    box = cleaned[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    return cv2.copyMakeBorder(
        box, _INK_PAD, _INK_PAD, _INK_PAD, _INK_PAD, cv2.BORDER_CONSTANT, value=(255,)
    )


def _cell_position(page_no: int, row_no: int, col_no: int) -> str:
    return f"page {page_no}, grid row {row_no}, cell {col_no}"


def whiten(gray: np.ndarray) -> np.ndarray:
    """Divide out the paper: its shade (grey paper, a dark photocopy, a lamp's falloff) is
    estimated as a closing wider than any stroke, so that paper becomes white and ink keeps
    its contrast against it."""
    import cv2

    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), 15)
    ratio = gray.astype(np.float32) / np.maximum(paper.astype(np.float32), 1)
    return np.clip(ratio * 255, 0, 255).astype(np.uint8)


def skew_degrees(gray: np.ndarray) -> float:
    """The rotation (counter-clockwise, OpenCV's sign) that makes the page's ink rows level:
    the angle whose horizontal projection of the ink is sharpest, to a hundredth of a degree."""
    ys, xs = np.nonzero(gray[::2, ::2] < _DARK)
    if len(xs) < 500:
        return 0.0
    xs_f, ys_f = xs.astype(np.float64), ys.astype(np.float64)

    def sharpness(degrees: float) -> float:
        angle = np.deg2rad(degrees)
        rows = np.round(ys_f * np.cos(angle) - xs_f * np.sin(angle)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    coarse = [float(a) for a in np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.1)]
    best = max(coarse, key=sharpness)
    fine = [float(a) for a in np.arange(best - 0.1, best + 0.1 + 1e-9, 0.01)]
    level: float = max(fine, key=sharpness)
    return round(level, 2)


def straighten(gray: np.ndarray) -> np.ndarray:
    """The page rotated level (white fills the corners); unchanged when it already is."""
    import cv2

    degrees = skew_degrees(gray)
    if abs(degrees) < 0.1:
        return gray
    height, width = gray.shape
    rotation = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(
        gray, rotation, (width, height), flags=cv2.INTER_CUBIC, borderValue=(255,)
    )


def _box(item: Any) -> Box:
    points, text, score = item
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys), despeckle(str(text)), float(score))


# A toner dot or a speck of dust beside a number is read as a stop or a tick: "7." "0。" "`3".
_SPECKLED_NUMBER = re.compile(
    r"[,'`·:：，。]*(\d+(?:\.\d+)?)[.,'`·:：，。]+|[,'`·:：，。]+(\d+(?:\.\d+)?)"
)


_SPECKLED_ZERO = re.compile(r"[.,'`·:：，。]+0+")  # ".0" is 0 whether its dot is a speck or not


def despeckle(text: str) -> str:
    """A number read with a speck beside it, without the speck (a leading "." is kept: ".5"
    is not "5", but ".0" is 0); any other text as read."""
    if _SPECKLED_ZERO.fullmatch(text.strip()):
        return "0"
    match = _SPECKLED_NUMBER.fullmatch(text.strip())
    return (match[1] or match[2]) if match else text


def _merge_close(values: list[float], tolerance: float) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= tolerance:
            continue
        merged.append(value)
    return merged


def _ruling_lines(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Masks of the horizontal and vertical rules. A rule is a run of pixels darker than the
    paper around it, long in one direction: the grey-level opening keeps, at each pixel, the
    faintest darkness along a window of that length, so a faint or thin rule survives while text
    strokes and noise do not; small breaks in a rule are then closed."""
    import cv2

    darkness = 255 - gray
    height, width = gray.shape
    along_x = max(20, width // 40)
    along_y = max(10, height // 100)
    horizontal = cv2.morphologyEx(
        darkness, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (along_x, 1))
    )
    vertical = cv2.morphologyEx(
        darkness, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, along_y))
    )
    horizontal = ((horizontal > _RULE_CONTRAST) * 255).astype(np.uint8)
    vertical = ((vertical > _RULE_CONTRAST) * 255).astype(np.uint8)
    return horizontal, vertical


def _grid_rows(gray: np.ndarray, boxes: Sequence[Box] = ()) -> list[list[Rect]]:
    """Rows of cell rectangles from the ruling lines: each band between two horizontal rules,
    cut by the vertical rules that cross the whole band and go on past it, into the band above
    or below (a merged cell is one rectangle). A vertical that only fills one band is a stroke
    of its text: a blurred, low-resolution scan fuses strokes with the rules that bound them.
    So is a short vertical wider than a rule that a recognised text box of the band straddles:
    at 100 dpi the strokes of digits centred in a column, one above the other in consecutive
    rows, blur into one thick line through the rules between them. (A detected box alone is no proof:
    on a clean page it can reach over the thin rule beside a narrow cell's word.)"""
    import cv2

    horizontal, vertical = _ruling_lines(gray)
    _, _, h_stats, _ = cv2.connectedComponentsWithStats(horizontal)
    _, _, v_stats, _ = cv2.connectedComponentsWithStats(vertical)
    shortest = gray.shape[1] // _SHORTEST_RULE  # a text stroke, a dash or underline is shorter
    rules_y = _merge_close([y + h / 2 for x, y, w, h, _ in h_stats[1:] if w >= shortest], 4)
    verticals = [(x + w / 2, y, y + h, w) for x, y, w, h, _ in v_stats[1:]]
    rows: list[list[Rect]] = []
    for top, bottom in zip(rules_y, rules_y[1:], strict=False):
        inside = [b for b in boxes if top <= b.cy <= bottom]
        crossing = _merge_close(
            [
                x
                for x, y0, y1, width in verticals
                if y0 <= top
                and y1 >= bottom
                and (y0 < top - _PAST or y1 > bottom + _PAST)
                and not (
                    width > _WIDEST_RULE
                    and y1 - y0 < _LONGEST_STROKES * (bottom - top)
                    and any(b.x0 + _STRADDLE < x < b.x1 - _STRADDLE for b in inside)
                )
            ],
            4,
        )
        if len(crossing) >= 2 and bottom - top > 6:
            rows.append(
                [
                    (left, top, right, bottom)
                    for left, right in zip(crossing, crossing[1:], strict=False)
                ]
            )
    return rows


def _inside(box: Box, rect: Rect) -> bool:
    x0, y0, x1, y1 = rect
    return x0 <= box.cx <= x1 and y0 <= box.cy <= y1


def _page(
    boxes: list[Box], grid: list[list[Rect]], page_no: int, row_counter: int
) -> tuple[list[Cell], str, int]:
    cells: list[Cell] = []
    placed: list[tuple[float, str]] = []
    used: set[int] = set()
    for row_no, row in enumerate(grid, 1):
        row_counter += 1
        rendered = []
        for col_no, rect in enumerate(row, 1):
            inside = [i for i, box in enumerate(boxes) if i not in used and _inside(box, rect)]
            used.update(inside)
            ordered = sorted((boxes[i] for i in inside), key=lambda b: (round(b.cy / 12), b.x0))
            text = "\n".join(b.text for b in ordered)
            confidence = min((b.score for b in ordered), default=None)
            position = _cell_position(page_no, row_no, col_no)
            cells.append(
                Cell(
                    text,
                    row_counter,
                    position,
                    page=page_no,
                    is_ocr=True,
                    ocr_confidence=confidence,
                )
            )
            rendered.append(text.replace("\n", ""))
        placed.append((row[0][1], "\t".join(rendered)))
    free = [box for i, box in enumerate(boxes) if i not in used]
    placed.extend(_lines(free))
    placed.sort(key=lambda item: item[0])
    return cells, "\n".join(text for _, text in placed), row_counter


def _lines(boxes: list[Box]) -> list[tuple[float, str]]:
    """Text outside tables, as lines: boxes whose vertical centres are close, left to right."""
    if not boxes:
        return []
    tolerance = 0.6 * float(np.median([b.y1 - b.y0 for b in boxes]))
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if lines and abs(box.cy - lines[-1][0].cy) <= tolerance:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [
        (line[0].y0, "".join(b.text for b in sorted(line, key=lambda b: b.x0))) for line in lines
    ]
