"""Shared fixtures: the bundled real reports and their hand-read expected values."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extract.report import ExtractedReport, extract_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = Path(__file__).resolve().parent / "expected"


def sample_path(stem: str) -> Path:
    return next(p for p in SAMPLES.rglob(f"{stem}.*") if p.is_file())


def expected_documents() -> list[str]:
    return sorted(p.stem for p in EXPECTED.glob("*/*.json"))


def load_expected(stem: str) -> dict:
    path = next(EXPECTED.glob(f"*/{stem}.json"))
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def extracted(stem: str) -> ExtractedReport:
    return extract_file(sample_path(stem))


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
