"""Property: whatever subset of real reports, fixtures and broken files a batch holds, the run
exits 0, publishes one dim_reports row per input, and each report's published values are the
ones it gets in any other batch (here: the batch of the whole pool, and the batch of one)."""

from __future__ import annotations

import shutil
import tempfile
from functools import cache
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ogi.cli import main
from tests.conftest import sample_path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = {
    "empty.pdf": b"",
    "photo.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "truncated.pdf": b"%PDF-1.7\n1 0 obj\n<<",
}
POOL: dict[str, Path | bytes] = {
    **{
        p.name: p
        for p in map(
            sample_path,
            ("000_c78f62d35b0910a5", "h02_pingtan_zone_2019", "h12_shuyang_county_ndrc_2023"),
        )
    },
    **{
        name: FIXTURES / name
        for name in ("h13_huaian_city_gov_2024.docx", "h01_shanghai_gov_office_2019.gbk.html")
    },
    **BROKEN,
}
VALUE_KEY = ["source_file", "table_key", "row_key", "col_key"]


def _published(names: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(dim_reports, fct_report_values) of a run over the named pool files."""
    with tempfile.TemporaryDirectory(prefix="ogi-batch-") as workdir:
        folder = Path(workdir) / "in"
        folder.mkdir()
        for name in names:
            source = POOL[name]
            if isinstance(source, Path):
                shutil.copy(source, folder / name)
            else:
                (folder / name).write_bytes(source)
        out = Path(workdir) / "out"
        assert main(["--quiet", "run", str(folder), "--out", str(out), "--jobs", "1"]) == 0
        reports = pl.read_parquet(out / "publish" / "dim_reports.parquet")
        values = pl.read_parquet(out / "publish" / "fct_report_values.parquet")
    columns = [
        "source_file",
        "status",
        "error_message",
        "agency_name",
        "report_year",
        "template_version",
        "region_code",
    ]
    return reports.select(columns).sort("source_file"), values.select(
        *VALUE_KEY, "value", "is_blank"
    ).sort(VALUE_KEY)


@cache
def _whole_pool() -> tuple[pl.DataFrame, pl.DataFrame]:
    return _published(sorted(POOL))


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(st.sets(st.sampled_from(sorted(POOL)), min_size=1, max_size=4))
@example({"000_c78f62d35b0910a5.txt"})
@example({"empty.pdf", "photo.jpg"})
def test_a_report_publishes_the_same_values_in_any_batch(names: set[str]) -> None:
    reports, values = _published(sorted(names))
    assert reports["source_file"].to_list() == sorted(names)
    all_reports, all_values = _whole_pool()
    assert reports.equals(all_reports.filter(pl.col("source_file").is_in(names)))
    assert values.equals(all_values.filter(pl.col("source_file").is_in(names)))
