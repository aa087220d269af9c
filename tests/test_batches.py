"""Degenerate batches: each one builds, validates and publishes, with every input file accounted for.

Real batches are one city's or one zone's reports at a time, in whatever shape the analyst has
them. Each batch here is made from the bundled reports (altered where the shape asks for it);
the assertions read the published Parquet as an analyst would.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from ogi.cli import main
from tests.conftest import SAMPLES, sample_path

SEED_CITY = "000_c78f62d35b0910a5"  # 邢台市机关后勤服务中心: a city-level body, 2020
SEED_DISTRICT = "001_133ea6e3b8938548"  # 淄博市张店区机关事务服务中心, 2020, every cell printed 0
REAL_2021 = ("h12_shuyang_county_ndrc_2023", "h13_huaian_city_gov_2024")
REGION_SUMMARIES = (
    "h13_huaian_city_gov_2024",
    "h03_pingtan_zone_2020",
)  # 全市… / 全区各级行政机关…


def _copy(stem: str, folder: Path, name: str | None = None) -> Path:
    source = sample_path(stem)
    target = folder / (name or source.name)
    shutil.copy(source, target)
    return target


def _all_failed(folder: Path) -> None:
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (folder / "note.txt").write_text("这不是年度报告。\n", encoding="utf-8")


def _one_report(folder: Path) -> None:
    _copy(SEED_CITY, folder)


def _no_region(folder: Path) -> None:
    """The district seed with every place name taken out: nothing can place the agency."""
    text = sample_path(SEED_DISTRICT).read_text(encoding="utf-8")
    for place in ("淄博市张店区", "淄博市", "张店区", "淄博", "张店", "山东省", "山东"):
        text = text.replace(place, "")
    (folder / "no_region.txt").write_text(text, encoding="utf-8")


def _only_2019(folder: Path) -> None:
    for path in (SAMPLES / "seeds").iterdir():
        shutil.copy(path, folder)


def _only_2021(folder: Path) -> None:
    for stem in REAL_2021:
        _copy(stem, folder)


def _without_section_four(folder: Path) -> None:
    text = sample_path(SEED_DISTRICT).read_text(encoding="utf-8")
    head, rest = text.split("四、政府信息公开行政复议、行政诉讼情况", 1)
    _, tail = rest.split("五、存在的主要问题及改进情况", 1)
    (folder / "no_section_four.txt").write_text(
        head + "五、存在的主要问题及改进情况" + tail, encoding="utf-8"
    )


def _only_region_summaries(folder: Path) -> None:
    for stem in REGION_SUMMARIES:
        _copy(stem, folder)


def _two_copies(folder: Path) -> None:
    _copy(SEED_CITY, folder, "report.txt")
    _copy(SEED_CITY, folder, "report (1).txt")


def _corrected_reissue(folder: Path) -> None:
    """Two different files for one agency-year: the original and a re-issue with one cell corrected."""
    original = _copy(SEED_DISTRICT, folder, "zhangdian_2020.txt")
    text = original.read_text(encoding="utf-8")
    lines = text.split("\n")
    label = next(
        i
        for i, line in enumerate(lines)
        if line.strip().endswith("一、本年新收政府信息公开申请数量")
    )
    cells = [i for i in range(label + 1, len(lines)) if lines[i].startswith("\t")][:7]
    lines[cells[0]], lines[cells[6]] = "\t1", "\t1"  # 1 request from a natural person, total 1
    (folder / "zhangdian_2020_corrected.txt").write_text("\n".join(lines), encoding="utf-8")


BATCHES: dict[str, Callable[[Path], None]] = {
    "every file failed": _all_failed,
    "one report": _one_report,
    "no region resolvable": _no_region,
    "only template 2019": _only_2019,
    "only template 2021": _only_2021,
    "a report without section 四": _without_section_four,
    "only region summaries": _only_region_summaries,
    "two copies of one file": _two_copies,
    "a corrected re-issue": _corrected_reissue,
}


def _run(folder: Path, out: Path) -> pl.DataFrame:
    assert main(["--quiet", "run", str(folder), "--out", str(out), "--jobs", "1"]) == 0
    return pl.read_parquet(out / "publish" / "dim_reports.parquet")


@pytest.mark.parametrize("batch", BATCHES)
def test_degenerate_batch_builds_and_publishes_every_file(tmp_path: Path, batch: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    BATCHES[batch](folder)
    reports = _run(folder, tmp_path / "out")
    assert sorted(reports["source_file"]) == sorted(p.name for p in folder.iterdir())
    failed = reports.filter(pl.col("status") == "failed")
    assert failed["error_message"].null_count() == 0
    for name in (
        "fct_report_values",
        "fct_agency_year",
        "report_findings",
        "dim_agencies",
        "dim_regions",
    ):
        assert (tmp_path / "out" / "publish" / f"{name}.parquet").is_file()


def test_every_file_failed_keeps_each_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _all_failed(folder)
    reasons = dict(
        _run(folder, tmp_path / "out").select("source_file", "error_message").iter_rows()
    )
    assert reasons == {
        "empty.pdf": "empty file",
        "photo.jpg": "unsupported format: .jpg",
        "note.txt": "not a report: no template table found",
    }
    # no report to judge: no finding suite reports findings, and the pipeline's own accounting
    # (raw_integrity) still checks every file
    summary = pl.read_parquet(tmp_path / "out" / "validation" / "summary.parquet")
    assert summary.filter(~pl.col("success")).is_empty()
    integrity = summary.filter(pl.col("suite") == "raw_integrity").row(0, named=True)
    assert integrity["rows_evaluated"] == 3
    assert set(summary.filter(pl.col("suite") != "raw_integrity")["rows_evaluated"]) == {0}


def test_city_level_agency_alone_has_its_region(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _one_report(folder)
    _run(folder, tmp_path / "out")
    agency = pl.read_parquet(tmp_path / "out" / "publish" / "dim_agencies.parquet").row(
        0, named=True
    )
    assert (agency["agency_name"], agency["city_name"], agency["county_name"]) == (
        "邢台市机关后勤服务中心",
        "邢台市",
        None,
    )
    assert agency["region_code"] == "130500"  # 邢台市
    assert (
        pl.read_parquet(tmp_path / "out" / "publish" / "dim_agencies.parquet").schema["county_name"]
        == pl.String
    )


def test_unplaceable_agency_is_published_without_a_region(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _no_region(folder)
    reports = _run(folder, tmp_path / "out")
    row = reports.row(0, named=True)
    assert row["status"] != "failed"
    assert (row["region_code"], row["region_source"]) == (None, "none")
    assert reports.schema["region_code"] == pl.String


def test_corrected_reissue_keeps_both_files_apart(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _corrected_reissue(folder)
    _run(folder, tmp_path / "out")
    values = pl.read_parquet(tmp_path / "out" / "publish" / "fct_report_values.parquet").filter(
        (pl.col("row_key") == "new_received") & (pl.col("col_key") == "total")
    )
    assert dict(values.select("source_file", "value").iter_rows()) == {
        "zhangdian_2020.txt": 0,
        "zhangdian_2020_corrected.txt": 1,
    }
