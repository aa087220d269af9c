"""Shared fixtures: the bundled real reports and their hand-read expected values."""

from __future__ import annotations

import json
import os
import shutil
from functools import cache
from pathlib import Path

import pytest

from extract.extraction import ExtractedReport, extract_file

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


def require_tool(command: str, install: str) -> None:
    """A system tool a test needs: in CI (which installs it, see .ci/run) its absence fails the
    test; on a developer's machine the test is skipped and says how to install it."""
    if shutil.which(command) is None:
        missing = f"{command} is not installed: {install} (.ci/run installs it)"
        pytest.fail(missing) if os.environ.get("CI") else pytest.skip(missing)
