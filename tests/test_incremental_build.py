"""An incremental build publishes exactly what a build from scratch publishes, after reports
arrive, are replaced by a corrected re-issue (one of them the year before of another agency's
report, so its cross-year checks compare a new pair), are renamed, and leave; and validating
it, which reuses the results of the chunks of reports that did not change, gives what
validating from nothing does.

One warehouse is built step by step (each build reusing the last one's rows of the reports
still there); at every step a second warehouse is built from nothing on the same inputs, and the
published data files must be byte-identical."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from extract.extraction import file_sha256
from ogi.cli import main
from ogi.pipeline import Warehouse
from ogi.quality import validate
from tests.conftest import SAMPLES
from tests.test_pipeline import _altered

SEEDS = SAMPLES / "seeds"
REAL = SAMPLES / "real"
DATA_SUFFIXES = (".parquet", ".csv")


def _published(out: Path) -> dict[str, bytes]:
    publish = out / "publish"
    return {
        str(path.relative_to(publish)): path.read_bytes()
        for path in sorted(publish.rglob("*"))
        if path.suffix in DATA_SUFFIXES
    }


def _build_and_publish(inputs: Path, out: Path, *flags: str) -> None:
    assert main(["--quiet", "extract", str(inputs), "--out", str(out), "--jobs", "1"]) == 0
    assert main(["--quiet", "build", "--out", str(out), *flags]) == 0
    assert main(["--quiet", "publish", "--out", str(out)]) == 0


def _compared_with(out: Path, document: Path) -> int:
    """How many cross-year checks in ``out``'s warehouse compare a report with ``document``."""
    report_id = file_sha256(document)
    with duckdb.connect(str(Warehouse(out).database), read_only=True) as connection:
        row = connection.execute(
            "select count(*) from conformed.continuity_checks where compared_report_id = ?",
            [report_id],
        ).fetchone()
    return int(row[0]) if row else 0


def _reports_with_values(out: Path) -> set[str]:
    """The reports ``out``'s warehouse holds values of (none before its first build)."""
    if not Warehouse(out).database.exists():
        return set()
    with duckdb.connect(str(Warehouse(out).database), read_only=True) as connection:
        rows = connection.execute("select distinct report_id from conformed.report_values")
        return {row[0] for row in rows.fetchall()}


def _report_ids(parquet: Path) -> set[str]:
    """The report_id column of a Parquet file, as a set."""
    return {row[0] for row in duckdb.sql(f"select report_id from '{parquet}'").fetchall()}


def test_incremental_build_publishes_what_a_full_build_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs, kept = tmp_path / "inputs", tmp_path / "kept"
    inputs.mkdir()
    consistent = (SEEDS / "001_133ea6e3b8938548.txt").read_text(encoding="utf-8")
    steps = {
        "first reports": lambda: (
            [
                shutil.copy(SEEDS / f"{name}.txt", inputs)
                for name in ("000_c78f62d35b0910a5", "001_133ea6e3b8938548", "002_88a088b4017afa2e")
            ]
            + [shutil.copy(REAL / "h02_pingtan_zone_2019.txt", inputs)]
        ),
        # h03 is h02's agency a year later: cross-year checks now pair them
        "reports added": lambda: [
            shutil.copy(REAL / "h03_pingtan_zone_2020.txt", inputs),
            shutil.copy(SEEDS / "003_a3eb1527e58fb63c.txt", inputs),
        ],
        # the same agency-year re-issued with 本年新收 corrected: a new file replaces the old
        "a corrected re-issue": lambda: (
            (inputs / "001_133ea6e3b8938548.txt").unlink(),
            (inputs / "001_corrected.txt").write_text(
                _altered("balance", consistent), encoding="utf-8"
            ),
        ),
        # h03's year before re-issued: h03's cross-year checks now compare it with the new file
        "the year before re-issued": lambda: (
            (inputs / "h02_pingtan_zone_2019.txt").unlink(),
            (inputs / "h02_reissued.txt").write_text(
                (REAL / "h02_pingtan_zone_2019.txt").read_text(encoding="utf-8") + "\n（更正版）\n",
                encoding="utf-8",
            ),
        ),
        # the same bytes under another name: kept rows that name the file must follow it
        "a file renamed": lambda: (
            (inputs / "002_88a088b4017afa2e.txt").rename(inputs / "002_renamed.txt"),
        ),
        "reports removed": lambda: (
            (inputs / "000_c78f62d35b0910a5.txt").unlink(),
            (inputs / "h02_reissued.txt").unlink(),
        ),
    }
    reused = 0
    for step, (name, change) in enumerate(steps.items()):
        change()
        values_before = _reports_with_values(kept)
        capsys.readouterr()
        _build_and_publish(inputs, kept)
        said = capsys.readouterr().out
        assert ("(incremental:" in said) == (step > 0), f"{name}: {said}"
        # the key tests of the kept models read the reports the last green build had not
        listed, raw = Warehouse(kept).reports_to_test, Warehouse(kept).raw / "reports.parquet"
        assert _report_ids(listed) == _report_ids(raw) - values_before, name
        scratch = tmp_path / f"scratch_{step}"
        _build_and_publish(inputs, scratch, "--full-refresh")
        assert "(from scratch)" in capsys.readouterr().out
        got, expected = _published(kept), _published(scratch)
        assert got.keys() == expected.keys(), name
        differing = [file for file in expected if got[file] != expected[file]]
        assert not differing, f"{name}: {differing}"
        if name == "the year before re-issued":  # the kept build checked the new pair
            assert _compared_with(kept, inputs / "h02_reissued.txt") > 0
        # chunks of 2 reports: several chunks, some unchanged from the last step's validation
        checked = validate(Warehouse(kept), chunk_reports=2)
        assert checked.results == validate(Warehouse(scratch), chunk_reports=2).results, name
        reused += checked.batches_reused
    assert reused > 0  # later steps kept the results of chunks they did not change
