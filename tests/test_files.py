"""Folders replaced as a whole: every state a killed process can leave is put right."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import extract.landing
from extract.files import COMPLETE_MARKER, recover_folder, replace_folder, staging_folder
from extract.landing import SORT_KEYS, Spool, land, landed, read_raw, report_frames
from tests.conftest import extracted


def _folder(path: Path, content: str) -> Path:
    path.mkdir(parents=True)
    (path / "data.txt").write_text(content, encoding="utf-8")
    return path


def _content(path: Path) -> str:
    return (path / "data.txt").read_text(encoding="utf-8")


def test_replace_swaps_in_the_new_version(tmp_path: Path) -> None:
    target = _folder(tmp_path / "raw", "old")
    staging = staging_folder(target)
    (staging / "data.txt").write_text("new", encoding="utf-8")
    replace_folder(staging, target, {"rows": 1})
    assert _content(target) == "new"
    assert (target / COMPLETE_MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_killed_while_writing_the_new_version_keeps_the_old(tmp_path: Path) -> None:
    target = _folder(tmp_path / "raw", "old")
    _folder(tmp_path / "raw.next", "half written")  # no completion marker
    recover_folder(target)
    assert _content(target) == "old"
    assert not (tmp_path / "raw.next").exists()


def test_killed_between_the_two_renames_finishes_the_swap(tmp_path: Path) -> None:
    _folder(tmp_path / "raw.old", "old")
    staging = _folder(tmp_path / "raw.next", "new")
    (staging / COMPLETE_MARKER).write_text("{}", encoding="utf-8")
    recover_folder(tmp_path / "raw")
    assert _content(tmp_path / "raw") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_killed_after_moving_the_old_version_aside_without_a_new_one_restores_it(
    tmp_path: Path,
) -> None:
    _folder(tmp_path / "raw.old", "old")
    _folder(tmp_path / "raw.next", "half written")
    recover_folder(tmp_path / "raw")
    assert _content(tmp_path / "raw") == "old"


def test_killed_after_the_swap_removes_the_leftover(tmp_path: Path) -> None:
    _folder(tmp_path / "raw", "new")
    _folder(tmp_path / "raw.old", "old")
    recover_folder(tmp_path / "raw")
    assert _content(tmp_path / "raw") == "new"
    assert not (tmp_path / "raw.old").exists()


@pytest.mark.parametrize("stem", ["000_c78f62d35b0910a5", "h12_shuyang_county_ndrc_2023"])
def test_raw_layer_lands_as_one_set(tmp_path: Path, stem: str) -> None:
    raw = tmp_path / "raw"
    frames = report_frames([extracted(stem)])
    counts = land(frames, raw)
    assert counts["reports"] == 1 and counts["cells"] == frames["cells"].height > 0
    _folder(tmp_path / "raw.next", "a landing killed half way")  # the next landing died early
    again = read_raw(raw)
    assert again is not None
    assert again["cells"].equals(frames["cells"].sort(SORT_KEYS["cells"], nulls_last=True))
    assert pl.read_parquet(raw / "reports.parquet")["report_id"].to_list() == [
        extracted(stem).report_id
    ]
    assert not (tmp_path / "raw.next").exists()


LANDED_STEMS = (
    "000_c78f62d35b0910a5",
    "h12_shuyang_county_ndrc_2023",
    "h03_pingtan_zone_2020",
    "001_133ea6e3b8938548",
)


def _tables(folder: Path) -> dict[str, bytes]:
    return {name: (folder / f"{name}.parquet").read_bytes() for name in SORT_KEYS}


def test_a_landing_that_carries_reports_over_writes_the_bytes_of_one_from_scratch(
    tmp_path: Path,
) -> None:
    """The rows of reports carried over from the last landing are merged in as they stream, not
    sorted again with the new ones: the tables must still be byte for byte those of a landing of
    the same reports from scratch, after a report is added and after one leaves."""
    first, second, third = (extracted(stem) for stem in LANDED_STEMS[:3])
    tables = _tables

    def carrying(new: list, kept: list) -> dict[str, pl.DataFrame]:
        frames = report_frames(new)
        frames["reports"] = report_frames(new + kept)["reports"]
        return frames

    raw = tmp_path / "raw"
    land(report_frames([first, second]), raw)
    land(carrying([third], [first, second]), raw, carried=[first.report_id, second.report_id])
    land(report_frames([first, second, third]), tmp_path / "added")
    assert tables(raw) == tables(tmp_path / "added")
    assert read_raw(raw)["cells"]["report_id"].n_unique() == 3  # type: ignore[index]
    land(carrying([], [first, third]), raw, carried=[third.report_id, first.report_id])
    land(report_frames([first, third]), tmp_path / "left")
    assert tables(raw) == tables(tmp_path / "left")
    cells = pl.read_parquet(raw / "cells.parquet")
    assert set(cells["report_id"]) == {first.report_id, third.report_id}
    assert cells.height == len(first.values) + len(third.values) > 100


def test_a_run_that_spills_its_rows_lands_the_bytes_of_one_that_held_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run holds a bounded number of rows: past the limit they are written to sorted parts,
    and the landing merges the parts a range of report ids at a time. Spilling after every
    report, with ranges of a kilobyte (most of the 256 ranges hold no report), must land the
    bytes of a run that held every row, from scratch and with reports carried over."""
    monkeypatch.setattr(extract.landing, "BUCKET_BYTES", 1000)
    reports = [extracted(stem) for stem in LANDED_STEMS]
    assert len({r.report_id[:2] for r in reports}) == 4  # four different ranges

    def spilled(new: list, kept: list, raw: Path, carried: list[str]) -> None:
        spool = Spool(tmp_path / "spool", limit_rows=1)
        for report in new:
            spool.add(landed(report))
        assert len(spool.parts) == len(new)
        frames = spool.frames()
        frames["reports"] = report_frames(new + kept)["reports"]
        land(frames, raw, carried=carried, spool=spool)
        spool.remove()

    spilled(reports, [], tmp_path / "spilled", [])
    land(report_frames(reports), tmp_path / "held")
    assert _tables(tmp_path / "spilled") == _tables(tmp_path / "held")
    cells = pl.read_parquet(tmp_path / "spilled" / "cells.parquet")
    assert cells.height == sum(len(r.values) for r in reports)
    assert cells["report_id"].unique(maintain_order=True).to_list() == sorted(
        r.report_id for r in reports
    )

    first, second, third, fourth = reports
    raw = tmp_path / "raw"
    land(report_frames([first, second]), raw)
    spilled([third, fourth], [first], raw, carried=[first.report_id])
    land(report_frames([first, third, fourth]), tmp_path / "again")
    assert _tables(raw) == _tables(tmp_path / "again")
