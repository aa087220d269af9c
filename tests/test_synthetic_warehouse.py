"""The marts on a synthetic corpus of a few thousand agency-years, against the generator's truth.

ogi.synthetic writes a raw layer directly (no documents): 400 agencies × 6 years, both
templates, 10% of agencies leaving the legal-person columns blank, 3% of reports broken
(（七）总计 one too high), 2% of reports arriving twice, governments summing up their region.
The expected values below come from the generator's own bookkeeping, not from the SQL.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from extract.landing import read_raw
from ogi.pipeline import Warehouse, build
from ogi.synthetic import MORE_DEPARTMENTS, generate, write_raw, write_raw_in_slices


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pl.DataFrame]:
    out = tmp_path_factory.mktemp("synthetic")
    corpus = generate(agencies=400, seed=11)
    write_raw(corpus, out / "raw")
    build(Warehouse(out))
    return out, corpus.truth


def _sql(out: Path, query: str) -> pl.DataFrame:
    with duckdb.connect(str(out / "ogi.duckdb"), read_only=True) as con:
        return con.sql(query).pl()


def test_one_row_per_agency_year_and_duplicates_collapsed(
    synthetic: tuple[Path, pl.DataFrame],
) -> None:
    out, truth = synthetic
    facts = _sql(out, "select agency_name, report_year, report_count from marts.fct_agency_year")
    assert facts.height == truth.height == 400 * 6
    raw_reports = pl.read_parquet(out / "raw" / "reports.parquet").height
    assert facts["report_count"].sum() == raw_reports  # every copy counted, one chosen


def test_measures_equal_the_generated_values(synthetic: tuple[Path, pl.DataFrame]) -> None:
    out, truth = synthetic
    facts = _sql(
        out,
        "select agency_name, report_year, requests__new_received__total as got from marts.fct_agency_year",
    )
    joined = facts.join(truth, on=["agency_name", "report_year"])
    assert joined.height == truth.height
    assert (joined["got"] == joined["new_received"]).all()


def test_broken_reports_are_exactly_the_balance_errors(
    synthetic: tuple[Path, pl.DataFrame],
) -> None:
    out, truth = synthetic
    failing = _sql(
        out,
        """
        select distinct reports.agency_name, reports.report_year
        from conformed.identity_checks as checks
        inner join conformed.reports as reports on checks.report_id = reports.report_id
        where checks.check_name = 'balance' and checks.scope = 'total' and checks.lhs <> checks.rhs
        """,
    )
    broken = truth.filter(pl.col("is_broken")).select("agency_name", "report_year")
    assert sorted(failing.iter_rows()) == sorted(broken.iter_rows())
    assert broken.height > 0


def test_continuity_holds_across_years(synthetic: tuple[Path, pl.DataFrame]) -> None:
    out, _ = synthetic
    breaks = _sql(
        out,
        "select count(*) as n from conformed.continuity_checks where check_name in "
        "('continuity', 'in_force') and lhs <> rhs",
    )
    checked = _sql(
        out, "select count(*) as n from conformed.continuity_checks where check_name = 'continuity'"
    )
    assert breaks["n"][0] == 0 and checked["n"][0] == 400 * 5 * 7
    # in force: only where both years print template 2021 (2022–2024 against the year before),
    # for 规章 and 规范性文件; none for 2021 against 2020's template-2019 report
    in_force = _sql(
        out,
        "select min(report_year) as first, count(*) as n from conformed.continuity_checks as checks "
        "inner join conformed.reports as reports on checks.report_id = reports.report_id "
        "where check_name = 'in_force'",
    )
    assert (in_force["first"][0], in_force["n"][0]) == (2022, 400 * 3 * 2)


def test_province_rollup_sums_self_reports_only(synthetic: tuple[Path, pl.DataFrame]) -> None:
    out, truth = synthetic
    agencies = _sql(out, "select agency_name, province_name from marts.dim_agencies")
    expected = (
        truth.filter(pl.col("report_scope") == "self")
        .join(agencies, on="agency_name")
        .group_by("province_name", "report_year")
        .agg(pl.col("new_received").sum().alias("expected"))
    )
    got = _sql(
        out,
        "select region_name as province_name, report_year, new_received from "
        "marts.fct_region_year where region_level = 'province'",
    )
    joined = expected.join(got, on=["province_name", "report_year"])
    assert joined.height == expected.height
    assert (joined["expected"] == joined["new_received"]).all()


def test_a_national_corpus_is_written_a_slice_of_departments_at_a_time(tmp_path: Path) -> None:
    """write_raw_in_slices (the bench's 1M reports) generates a few departments at a time and
    streams the slices into one raw layer: no agency is in two slices, no report twice, every
    agency has its six years, and the layer is one the pipeline reads."""
    counts = write_raw_in_slices(agencies=50, raw_dir=tmp_path / "raw", slice_agencies=12)
    frames = read_raw(tmp_path / "raw")
    assert frames is not None  # the schemas of a landed raw layer, and its completion marker
    reports = frames["reports"]
    assert counts == {name: frame.height for name, frame in frames.items()}
    assert reports["report_id"].n_unique() == reports.height
    per_agency = reports.group_by("agency_name").agg(pl.col("report_year").n_unique())
    assert per_agency.height == 50 and (per_agency["report_year"] == 6).all()
    departments = {n for n in reports["agency_name"] for d in MORE_DEPARTMENTS if n.endswith(d)}
    assert departments  # five slices of three bodies: the last two reach beyond DEPARTMENTS
    assert frames["cells"]["report_id"].is_in(reports["report_id"].implode()).all()
