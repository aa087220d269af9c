"""Re-runs: nothing new changes nothing; a new file is the only one read; files are byte-identical."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import polars as pl
import pytest

import extract.landing
from ogi.cli import main
from tests.conftest import sample_path


def _digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))
    }


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for stem in ("001_133ea6e3b8938548", "h12_shuyang_county_ndrc_2023"):
        shutil.copy(sample_path(stem), folder)
    return folder


def test_second_run_with_nothing_new_changes_nothing(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w"
    assert main(["run", str(inputs), "--out", str(out)]) == 0
    published, raw = _digests(out / "publish"), _digests(out / "raw")
    capsys.readouterr()
    assert main(["run", str(inputs), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "0 read, 2 unchanged" in said and "up to date" in said
    assert _digests(out / "publish") == published and _digests(out / "raw") == raw


def test_only_new_files_are_read_and_removed_files_leave(
    inputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w"
    assert main(["extract", str(inputs), "--out", str(out)]) == 0
    shutil.copy(sample_path("003_a3eb1527e58fb63c"), inputs)
    (inputs / "001_133ea6e3b8938548.txt").rename(inputs / "renamed.txt")  # same bytes, new name
    capsys.readouterr()
    assert main(["extract", str(inputs), "--out", str(out)]) == 0
    assert "1 read, 2 unchanged" in capsys.readouterr().out
    reports = pl.read_parquet(out / "raw" / "reports.parquet")
    assert sorted(reports["source_file"]) == [
        "003_a3eb1527e58fb63c.txt",
        "h12_shuyang_county_ndrc_2023.html",
        "renamed.txt",
    ]
    (inputs / "renamed.txt").unlink()
    assert main(["extract", str(inputs), "--out", str(out)]) == 0
    reports = pl.read_parquet(out / "raw" / "reports.parquet")
    assert sorted(reports["source_file"]) == [
        "003_a3eb1527e58fb63c.txt",
        "h12_shuyang_county_ndrc_2023.html",
    ]
    cells = pl.read_parquet(out / "raw" / "cells.parquet")
    assert set(cells["report_id"]) == set(reports["report_id"])


def test_a_rebuild_writes_identical_published_files(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "w"
    assert main(["run", str(inputs), "--out", str(out)]) == 0
    first = _digests(out / "publish")
    (out / "state.json").unlink()  # force build, validate and publish again
    assert main(["run", str(inputs), "--out", str(out)]) == 0
    assert _digests(out / "publish") == first


def test_a_run_that_spills_every_report_lands_the_raw_layer_of_one_that_held_them(
    inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ogi extract` spills its rows past a limit, and lands the parts a range of report ids at
    a time. With a limit of one row (a part a report) and ranges of a kilobyte, a first run and
    a run that adds a file and carries the others over write the bytes of runs that held every
    row; and no spilled part is left behind."""
    held, spilled = tmp_path / "held", tmp_path / "spilled"

    def extract_both() -> None:
        assert main(["extract", str(inputs), "--out", str(held)]) == 0
        with monkeypatch.context() as patched:
            patched.setattr(extract.landing, "SPOOL_ROWS", 1)
            patched.setattr(extract.landing, "BUCKET_BYTES", 1000)
            assert main(["extract", str(inputs), "--out", str(spilled)]) == 0
        assert _digests(spilled / "raw") == _digests(held / "raw")
        assert sorted(p.name for p in spilled.iterdir()) == sorted(p.name for p in held.iterdir())

    extract_both()
    shutil.copy(sample_path("003_a3eb1527e58fb63c"), inputs)
    extract_both()
    reports = pl.read_parquet(spilled / "raw" / "reports.parquet")
    assert reports.height == 3
    cells = pl.read_parquet(spilled / "raw" / "cells.parquet")
    assert cells["report_id"].n_unique() == 3 and cells.height > 500
