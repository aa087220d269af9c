"""Development-time generator of degraded scans under tests/scans/ (CI never runs it).

A copier or a phone does to a printed report what the clean fixture scans never show: the page
is skewed, sampled at 100–200 dpi, blurred, noisy, printed on grey paper or darkened by a worn
photocopier, photographed slightly in perspective and saved as a lossy JPEG. This script renders
each fixture PDF (tests/fixtures/*.pdf with a text layer, typeset in the official layout) with
pdftoppm and applies one named degradation at a time, seeded, so that the files are the same on
every run. The scans are scored against the fixtures' hand-read values by ``make accuracy``.

    python scripts/degrade_scans.py            # needs: pdftoppm (apt), pillow, numpy, opencv
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
TARGET = ROOT / "tests" / "scans"
SOURCES = ["h01_shanghai_gov_office_2019", "h13_huaian_city_gov_2024"]


@dataclass(frozen=True)
class Degradation:
    name: str
    dpi: int
    skew_degrees: float  # positive: counter-clockwise
    blur_sigma: float  # Gaussian blur, in pixels at the scan's resolution
    noise_sigma: float  # sensor noise, grey levels
    paper: int  # grey level of the blank paper (255 = white)
    ink: int  # grey level of full ink (0 = black)
    jpeg_quality: int
    perspective: float = 0.0  # how much narrower the top edge is than the bottom, as a share
    speckles: float = 0.0  # share of pixels turned to toner dots (a worn photocopier)


DEGRADATIONS = [
    # The two scans of the issue, as a copier makes them.
    Degradation("copier150", 150, 1.2, 0.6, 6, 232, 20, 70),
    Degradation("copier100", 100, -0.6, 0.8, 9, 236, 25, 55),
    # Skew at both ends of what a feeder does, at the two other resolutions.
    Degradation("skew200", 200, 2.0, 0.5, 4, 245, 10, 80),
    Degradation("skewneg150", 150, -2.0, 0.6, 5, 240, 15, 75),
    # A darker, worn photocopy: grey background, heavy ink, toner dots.
    Degradation("photocopy", 150, 0.4, 0.7, 8, 200, 0, 65, speckles=0.002),
    # A page photographed from slightly above its bottom edge.
    Degradation("perspective", 150, 0.5, 0.7, 6, 228, 30, 70, perspective=0.025),
]


def render(pdf: Path, dpi: int) -> list[np.ndarray]:
    with tempfile.TemporaryDirectory() as workdir:
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{workdir}/page"], check=True
        )
        return [
            np.asarray(Image.open(p).convert("L")) for p in sorted(Path(workdir).glob("page*.png"))
        ]


def degrade(page: np.ndarray, how: Degradation, rng: np.random.Generator) -> Image.Image:
    height, width = page.shape
    # Ink and paper: map white→paper and black→ink (a grey background, a worn toner).
    image = how.ink + page.astype(np.float32) / 255 * (how.paper - how.ink)
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    inset = how.perspective * width / 2
    warped = np.float32([[inset, 0], [width - inset, 0], [width, height], [0, height]])
    transform = cv2.getPerspectiveTransform(corners, warped)
    rotation = cv2.getRotationMatrix2D((width / 2, height / 2), how.skew_degrees, 1.0)
    transform = np.vstack([rotation, [0, 0, 1]]) @ transform
    image = cv2.warpPerspective(
        image,
        transform,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=float(how.paper),
    )
    if how.blur_sigma:
        image = cv2.GaussianBlur(image, (0, 0), how.blur_sigma)
    image = image + rng.normal(0, how.noise_sigma, image.shape)
    if how.speckles:
        dots = rng.random(image.shape) < how.speckles
        image[dots] = how.ink
    pixels = np.clip(image, 0, 255).astype(np.uint8)
    # Baked-in JPEG artefacts at the scanner's quality (the PDF then stores the decoded pixels).
    buffer = io.BytesIO()
    Image.fromarray(pixels, "L").save(buffer, "JPEG", quality=how.jpeg_quality)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def make(stem: str, how: Degradation) -> Path:
    seed = zlib.crc32(f"{stem}/{how.name}".encode())
    rng = np.random.default_rng(seed)
    pages = [degrade(page, how, rng) for page in render(FIXTURES / f"{stem}.pdf", how.dpi)]
    target = TARGET / f"{stem}.{how.name}.scan.pdf"
    pages[0].save(
        target, save_all=True, append_images=pages[1:], resolution=how.dpi, quality=how.jpeg_quality
    )
    return target


if __name__ == "__main__":
    TARGET.mkdir(parents=True, exist_ok=True)
    for stem in SOURCES:
        for how in DEGRADATIONS:
            path = make(stem, how)
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB")  # noqa: T201
