"""The whole pipeline on the bundled reports plus copies altered to break each identity.

One run (extract → dbt build → Great Expectations → publish) in a temporary warehouse; the
assertions read the published Parquet and the warehouse as an analyst would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest

from extract.template import measures
from ogi.cli import main
from ogi.generate import RATE_COLUMNS
from ogi.gx_frame import RowConditionsOnce
from ogi.pipeline import BIG_FACTS, PUBLISHED_MODELS, Warehouse, _published_query
from ogi.project import PROJECT_DIR
from ogi.quality import identity_frame, load_suites, report_chunks, validate
from ogi.validation_page import PAGE_ROWS, render_validation_page
from tests.conftest import SAMPLES, require_tool

CONSISTENT = SAMPLES / "seeds" / "001_133ea6e3b8938548.txt"  # every cell printed 0
SAMPLE_FILES = 12


def _set_cells(text: str, label: str, changes: dict[int, str]) -> str:
    """In a cell-a-line report, replace the n-th value cell (0-based) after the row labelled ``label``."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().endswith(label))
    cells = [i for i in range(start + 1, len(lines)) if lines[i].startswith("\t")][:15]
    for position, new in changes.items():
        lines[cells[position]] = f"\t{new}"
    return "\n".join(lines)


# Each alteration targets one identity (a change may disturb a neighbour too; the target must be caught).
ALTERATIONS = {
    "balance": [("一、本年新收政府信息公开申请数量", {0: "1", 6: "1"})],
    "row_total": [
        ("二、上年结转政府信息公开申请数量", {0: "1"}),
        ("四、结转下年度继续办理", {0: "1"}),
    ],
    "outcome_total": [("（一）予以公开", {0: "1", 6: "1"})],
    "review_total": [("总计", {})],  # handled below: section 四 is one row of 15 cells
    "non_negative": [("2.重复申请", {1: "-1", 0: "1"})],
    "corrected_within_total": [],  # handled below: section 四's row
}
SECTION_FOUR_CHANGES = {
    "review_total": {0: "1"},
    "corrected_within_total": {6: "1"},
}  # 维持 of 复议; 纠正 of 直接起诉


def _altered(identity: str, source: str) -> str:
    if identity in SECTION_FOUR_CHANGES:
        # the last 15 cells before section 五 are section 四's row
        head, tail = source.split("五、存在的主要问题及改进情况", 1)
        lines = head.split("\n")
        value_lines = [i for i, line in enumerate(lines) if re.fullmatch(r"\t\s*0\s*", line)][-15:]
        for position, new in SECTION_FOUR_CHANGES[identity].items():
            lines[value_lines[position]] = f"\t{new}"
        return "\n".join(lines) + "五、存在的主要问题及改进情况" + tail
    text = source
    for label, changes in ALTERATIONS[identity]:
        text = _set_cells(text, label, changes)
    return text


PAIR_AGENCY = "淄博市张店区机关后勤保障中心"


def _cross_year_pair(source: str) -> dict[str, str]:
    """The consistent report as two years of another agency; the earlier year carries 1 request
    forward that the later year does not take over (continuity breaks), and both years'
    narratives are the same text (copied-text finding)."""
    renamed = source.replace("淄博市张店区机关事务服务中心", PAIR_AGENCY).replace(
        "张店区机关事务服务中心", PAIR_AGENCY
    )
    earlier = renamed.replace("2020", "2019")
    earlier = _set_cells(earlier, "一、本年新收政府信息公开申请数量", {0: "1", 6: "1"})
    earlier = _set_cells(earlier, "四、结转下年度继续办理", {0: "1", 6: "1"})
    return {"pair_2019.txt": earlier, "pair_2020.txt": renamed}


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = tmp_path_factory.mktemp("inputs")
    shutil.copytree(SAMPLES, inputs / "samples")
    source = CONSISTENT.read_text(encoding="utf-8")
    for identity in ALTERATIONS:
        (inputs / f"altered_{identity}.txt").write_text(
            _altered(identity, source), encoding="utf-8"
        )
    (inputs / "not_a_report.txt").write_text("这不是年度报告。\n", encoding="utf-8")
    for name, text in _cross_year_pair(source).items():
        (inputs / name).write_text(text, encoding="utf-8")
    predecessor = (SAMPLES / "seeds" / "000_c78f62d35b0910a5.txt").read_text(encoding="utf-8")
    predecessor = predecessor.replace(
        "邢台市机关后勤服务中心", "邢台市政府机关事务管理局", 1
    ).replace("2020年政府信息公开", "2019年政府信息公开")
    (inputs / "lineage_2019.txt").write_text(predecessor, encoding="utf-8")
    narrative = source.replace(
        "（二）依申请公开情况。2020年度无依申请公开的信息。",
        "（二）依申请公开情况。本年度共受理政府信息公开申请5件。",
    )
    assert narrative != source
    (inputs / "altered_narrative.txt").write_text(narrative, encoding="utf-8")
    (inputs / "unknown.xyz").write_bytes(b"\x00\x01")
    out = tmp_path_factory.mktemp("warehouse")
    assert main(["run", str(inputs), "--out", str(out)]) == 0
    return out


def _published(warehouse: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(warehouse / "publish" / f"{name}.parquet")


def test_every_published_file_exists(warehouse: Path) -> None:
    for model in PUBLISHED_MODELS:
        assert (warehouse / "publish" / f"{model}.parquet").is_file()


def test_a_kept_table_is_published_as_the_bytes_of_one_built_from_scratch(tmp_path: Path) -> None:
    """DuckDB's Parquet writer leaves out the definition levels of a column its table's
    statistics say holds no null, and a table kept between builds still counts the null of a
    row it deleted: `select *` writes the same rows as other bytes. The published query does
    not."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.kept (k integer, v bigint)")
    con.execute("insert into marts.kept values (1, 5), (2, null)")
    con.execute("delete from marts.kept where k = 2")
    con.execute("insert into marts.kept values (3, 7)")
    con.execute("create table marts.fresh as from (values (1, 5::bigint), (3, 7::bigint)) t (k, v)")
    written: dict[str, dict[str, bytes]] = {}
    for table in ("kept", "fresh"):
        queries = {
            "select *": f"select * from marts.{table} order by k",
            "published": _published_query(con, table, "k"),
        }
        for how, query in queries.items():
            target = tmp_path / f"{table} {how}.parquet"
            con.execute(f"copy ({query}) to '{target}' (format parquet)")
            assert con.sql(f"from '{target}'").fetchall() == [(1, 5), (3, 7)]
            written.setdefault(how, {})[table] = target.read_bytes()
    assert written["select *"]["kept"] != written["select *"]["fresh"]  # what the query is for
    assert written["published"]["kept"] == written["published"]["fresh"]


def test_the_published_docs_name_no_path_of_the_building_machine(warehouse: Path) -> None:
    """dbt's static site carries the manifest: its compiled and run paths, the raw sources'
    read_parquet and the project's root are published relative, not as this machine's paths."""
    built = (warehouse / "dbt" / "target" / "static_index.html").read_text(encoding="utf-8")
    published = (warehouse / "publish" / "docs" / "index.html").read_text(encoding="utf-8")
    out, project = str(warehouse.resolve()), str(PROJECT_DIR.resolve())
    assert f"read_parquet('{out}/raw/cells.parquet')" in built  # what the scrub has to take out
    assert f'"root_path": "{project}"' in built
    assert out not in published and project not in published
    assert "read_parquet('raw/cells.parquet')" in published
    assert '"compiled_path": "dbt/target/compiled/ogi_warehouse/models/' in published
    assert '"root_path": "."' in published


def test_every_input_file_has_exactly_one_state(warehouse: Path) -> None:
    reports = _published(warehouse, "dim_reports")
    assert reports.height == SAMPLE_FILES + len(ALTERATIONS) + 2 + 4
    assert reports["report_id"].n_unique() == reports.height
    states = dict(zip(reports["source_file"], reports["status"], strict=True))
    assert states["unknown.xyz"] == "failed"
    assert states["not_a_report.txt"] == "failed"
    failed = reports.filter(pl.col("status") == "failed")
    assert failed["error_message"].null_count() == 0


def test_published_paths_are_relative_to_the_input_folder(warehouse: Path) -> None:
    paths = dict(
        _published(warehouse, "dim_reports").select("source_file", "source_path").iter_rows()
    )
    assert re.fullmatch(
        r"inputs\d+/samples/seeds/000_c78f62d35b0910a5\.txt", paths["000_c78f62d35b0910a5.txt"]
    )
    assert not any(path.startswith("/") for path in paths.values())  # never the machine's own paths


def test_published_values_are_what_the_documents_print(warehouse: Path) -> None:
    values = _published(warehouse, "fct_report_values")

    def value(source: str, table: str, row: str, col: str) -> tuple[float | None, bool, str | None]:
        hit = values.filter(
            (pl.col("source_file") == source)
            & (pl.col("table_key") == table)
            & (pl.col("row_key") == row)
            & (pl.col("col_key") == col)
        )
        assert hit.height == 1, (source, table, row, col)
        return hit["value"][0], hit["is_blank"][0], hit["value_text"][0]

    assert value("h13_huaian_city_gov_2024.pdf", "requests", "new_received", "total")[0] == 3119
    assert (
        value("h13_huaian_city_gov_2024.pdf", "requests", "other_handling", "total")[0]
        == 71 + 6 + 110
    )  # derived
    assert value("h01_shanghai_gov_office_2019.html", "requests", "granted", "total") == (
        None,
        True,
        "",
    )
    assert value(
        "h01_shanghai_gov_office_2019.html",
        "proactive",
        "centralized_procurement",
        "amount_wan_yuan",
    )[:2] == (None, False)
    assert (
        value(
            "000_c78f62d35b0910a5.txt", "proactive", "centralized_procurement", "amount_wan_yuan"
        )[2]
        == "369.71万元"
    )
    money = values.filter(
        (pl.col("col_key") == "amount_wan_yuan")
        & (pl.col("source_file") == "h01_shanghai_gov_office_2019.html")
    )
    assert money["amount_wan_yuan"].to_list() == [
        Decimal("25.1")
    ]  # printed 25.1 (万元); a money cell has no count


def test_published_types_are_what_a_bi_tool_expects(warehouse: Path) -> None:
    """Counts are integers, money DECIMAL(18,4), years integers, flags booleans: in polars, and
    in pandas with its default reader (nullable Int64, not float64)."""
    facts = _published(warehouse, "fct_agency_year")
    for measure in measures():
        expected = pl.Decimal(18, 4) if measure.value_type == "money" else pl.Int64
        assert facts.schema[measure.name] == expected, measure.name
    assert [c for c, t in facts.schema.items() if t == pl.Float64] == [
        c.name for c in RATE_COLUMNS if c.data_type == "double"
    ]
    assert facts.columns[16 : 16 + len(measures())] == [
        m.name for m in measures()
    ]  # template order, after the heading
    assert not [c for c in facts.columns if facts[c].null_count() == facts.height], (
        "a column the template makes always null"
    )
    frames = {
        model: pd.read_parquet(warehouse / "publish" / f"{model}.parquet")
        for model in ("fct_agency_year", *BIG_FACTS)
    }
    assert str(frames["fct_agency_year"]["requests__new_received__total"].dtype) == "Int64"
    assert str(frames["fct_agency_year"]["report_year"].dtype) == "Int32"
    huaian = frames["fct_agency_year"].set_index("agency_name").loc["淮安市人民政府"]
    assert huaian["requests__new_received__total"] == 3119
    values = frames["fct_report_values"]
    assert str(values["value"].dtype) == "Int64" and str(values["is_blank"].dtype) == "boolean"
    assert {type(v) for v in values["amount_wan_yuan"].dropna()} == {Decimal}
    assert str(frames["fct_request_outcomes"]["value"].dtype) == "Int64"
    for path in (warehouse / "publish").glob("*.parquet"):
        schema = pl.read_parquet_schema(path)
        assert pl.Float64 not in {
            t
            for c, t in schema.items()
            if not c.startswith(("share_", "reconsideration_correction", "litigation_correction"))
            and c not in ("rate", "threshold", "peer_percentile", "coverage")  # fractions
        }, path.name
        assert all(t == pl.Boolean for c, t in schema.items() if c.startswith(("is_", "has_"))), (
            path.name
        )
        assert all(
            t == pl.Int32 for c, t in schema.items() if c in ("report_year", "succeeded_in_year")
        ), path.name


def test_fct_agency_year_has_one_row_per_agency_and_year(warehouse: Path) -> None:
    facts = _published(warehouse, "fct_agency_year")
    assert facts["agency_year_id"].n_unique() == facts.height
    huaian = facts.filter(pl.col("agency_name") == "淮安市人民政府")
    assert huaian["requests__new_received__total"].to_list() == [3119]
    assert huaian["review_litigation__reconsideration__total"].to_list() == [351]


def _failing(warehouse: Path, source: str) -> set[str]:
    findings = _published(warehouse, "report_findings")
    return set(
        findings.filter((pl.col("source_file") == source) & (pl.col("status") == "fail"))[
            "identity"
        ]
    )


@pytest.mark.parametrize(
    "identity", ["balance", "row_total", "outcome_total", "review_total", "corrected_within_total"]
)
def test_each_identity_break_is_a_finding(warehouse: Path, identity: str) -> None:
    assert identity in _failing(warehouse, f"altered_{identity}.txt")


def test_identity_break_has_evidence_with_positions(warehouse: Path) -> None:
    findings = _published(warehouse, "report_findings").filter(
        (pl.col("source_file") == "altered_balance.txt")
        & (pl.col("identity") == "balance")
        & (pl.col("status") == "fail")
    )
    row = findings.filter(pl.col("scope") == "natural_person").row(0, named=True)
    assert (row["lhs"], row["rhs"], row["difference"], row["severity"], row["likely_cause"]) == (
        1,
        0,
        1,
        "error",
        "report",
    )
    assert "new_received.natural_person=1 @line" in row["evidence"]


def test_cross_year_continuity_break_and_copied_text(warehouse: Path) -> None:
    findings = _published(warehouse, "report_findings").filter(
        pl.col("source_file") == "pair_2020.txt"
    )
    failed = findings.filter(pl.col("status") == "fail")
    continuity = failed.filter(pl.col("identity") == "continuity")
    assert set(continuity["scope"]) == {"natural_person", "total"}
    assert set(continuity["severity"]) == {"warning"}
    reuse = findings.filter(
        (pl.col("identity") == "text_reuse") & (pl.col("scope") == "previous_year_same_agency")
    ).row(0, named=True)
    assert reuse["lhs"] == 1.0 and reuse["status"] == "fail"
    assert reuse["severity"] == "info"


def test_narrative_against_table(warehouse: Path) -> None:
    failed = _published(warehouse, "report_findings").filter(
        (pl.col("source_file") == "altered_narrative.txt") & (pl.col("status") == "fail")
    )
    row = failed.filter(pl.col("identity") == "narrative_new_received").row(0, named=True)
    assert (row["lhs"], row["rhs"], row["severity"]) == (5, 0, "warning")
    assert "共受理政府信息公开申请5件" in row["evidence"]


def test_narrative_figures_quote_only_their_own_cells(warehouse: Path) -> None:
    """淮安 2024's prose: 行政复议351件 and 行政诉讼46件. Section 四 prints 351 in 行政复议's 总计,
    26 in 未经复议直接起诉's and 20 in 复议后起诉's (26 + 20 = 46). Each figure is compared with
    its own rows and quotes only their cells."""
    findings = _published(warehouse, "report_findings").filter(
        pl.col("source_file") == "h13_huaian_city_gov_2024.pdf"
    )
    by_name = {r["identity"]: r for r in findings.iter_rows(named=True)}
    reconsideration = by_name["narrative_reconsideration"]
    assert (reconsideration["lhs"], reconsideration["rhs"]) == (351, 351)
    assert reconsideration["status"] == "pass" and not reconsideration["blanks_involved"]
    assert reconsideration["evidence"].endswith(
        "vs table: reconsideration.total=351 @page 5, table 2, row 4, cell 5"
    )
    litigation = by_name["narrative_litigation"]
    assert (litigation["lhs"], litigation["rhs"], litigation["status"]) == (46, 46, "pass")
    quoted = litigation["evidence"].split("vs table: ")[1]
    assert (
        "litigation_direct.total=26" in quoted
        and "litigation_after_reconsideration.total=20" in quoted
    )
    assert "reconsideration.total" not in quoted.replace("after_reconsideration", "")


def test_known_real_inconsistency_h01_narrative(warehouse: Path) -> None:
    # h01 prose: 予以公开及部分公开258件; the table: 予以公开 258+12+1+1 (总计 left blank) + 部分公开 3
    failed = _published(warehouse, "report_findings").filter(
        (pl.col("source_file") == "h01_shanghai_gov_office_2019.html")
        & (pl.col("status") == "fail")
    )
    row = failed.filter(pl.col("identity") == "narrative_granted_or_partial").row(0, named=True)
    assert (row["lhs"], row["rhs"], row["likely_cause"]) == (258, 275, "blank_cells")


def test_consistent_real_reports_have_no_error_level_finding(warehouse: Path) -> None:
    errors = _published(warehouse, "report_findings").filter(pl.col("severity") == "error")
    real = {p.name for p in SAMPLES.rglob("*") if p.is_file()}
    # h03: its detail rows vs its total; h14: 13+2+4+0 printed as 15 in section 四
    assert set(errors["source_file"]) & real == {
        "h03_pingtan_zone_2020.txt",
        "h14_pingtan_social_affairs_2024.txt",
    }


def test_identity_broken_inside_a_digit_run_is_the_reports(warehouse: Path) -> None:
    """h14's section 四 is read as printed (the one reading that breaks fewest identities): the
    broken group is an error with cause report, not 'not evaluable'."""
    findings = _published(warehouse, "report_findings").filter(
        (pl.col("source_file") == "h14_pingtan_social_affairs_2024.txt")
        & (pl.col("identity") == "review_total")
    )
    verdicts = {
        r["scope"]: (r["status"], r["severity"], r["likely_cause"], r["lhs"], r["rhs"])
        for r in findings.iter_rows(named=True)
    }
    assert verdicts["litigation_after_reconsideration"] == ("fail", "error", "report", 15, 19)
    assert verdicts["reconsideration"][0] == verdicts["litigation_direct"][0] == "pass"


def test_markdown_rows_placed_by_order_are_published_as_uncertain(warehouse: Path) -> None:
    values = _published(warehouse, "fct_report_values").filter(
        pl.col("source_file") == "h10_shanghai_stc_2024.md"
    )
    partial = values.filter(
        (pl.col("row_key") == "partially_granted") & (pl.col("col_key") == "total")
    ).row(0, named=True)
    assert (partial["value"], partial["read_method"]) == (0, "placed_by_order")


def test_consistent_report_has_no_finding(warehouse: Path) -> None:
    assert _failing(warehouse, CONSISTENT.name) == set()


def test_known_real_inconsistency_h03(warehouse: Path) -> None:
    # h03: detail rows add to 27 (natural person 26) against a printed 总计 of 21 (20)
    findings = _published(warehouse, "report_findings").filter(
        (pl.col("source_file") == "h03_pingtan_zone_2020.txt") & (pl.col("status") == "fail")
    )
    rows = {
        (r["identity"], r["scope"]): (r["lhs"], r["rhs"], r["severity"])
        for r in findings.iter_rows(named=True)
    }
    assert rows[("outcome_total", "total")] == (21, 27, "error")
    assert rows[("outcome_total", "natural_person")] == (20, 26, "error")


def test_validation_in_chunks_of_reports_gives_the_same_results(
    warehouse: Path, tmp_path: Path
) -> None:
    """GX validates a chunk of reports at a time (bounded memory at any warehouse size); the
    merged results are those of one pass over all reports, on the page and in the summary."""
    copy = tmp_path / "warehouse"
    shutil.copytree(warehouse, copy, ignore=shutil.ignore_patterns("publish", "raw"))
    chunks = validate(Warehouse(copy), chunk_reports=3)
    one_pass = pl.read_parquet(warehouse / "validation" / "summary.parquet")
    with duckdb.connect(str(copy / "ogi.duckdb"), read_only=True) as con:
        assert report_chunks(con, 3).count > 5  # many chunks, not one
    assert [
        (r.suite, r.success, r.evaluated, r.unexpected_count, list(r.unexpected_ids))
        for r in chunks.results
    ] == one_pass.select(
        "suite", "success", "rows_evaluated", "unexpected_count", "unexpected_ids"
    ).rows()
    page = (copy / "validation" / "index.html").read_text(encoding="utf-8")
    assert page.count("flagged rows") == one_pass.filter(~pl.col("success")).height


def test_validation_reruns_only_the_chunks_whose_rows_changed(
    warehouse: Path, tmp_path: Path
) -> None:
    """A second validation of an unchanged warehouse keeps every chunk's result; when one
    report's check changes, GX runs again on that report's chunk alone, for the suites that
    read it, and the merged results show the change."""
    copy = tmp_path / "warehouse"
    shutil.copytree(warehouse, copy, ignore=shutil.ignore_patterns("publish", "raw"))
    first = validate(Warehouse(copy), chunk_reports=3)
    again = validate(Warehouse(copy), chunk_reports=3)
    assert first.batches_run > 20 and again.batches_run == 0
    # the results are kept in validation/ alone: none filed in GX's store, a checkpoint per suite
    assert not list((copy / "gx" / "uncommitted" / "validations").rglob("*.json"))
    ran = {r.suite for r in first.results if r.evaluated}
    assert len(ran) > 15 and ran <= {p.stem for p in (copy / "gx" / "checkpoints").glob("*.json")}
    assert again.batches_reused == first.batches_run
    assert again.results == first.results
    with duckdb.connect(str(copy / "ogi.duckdb")) as con:
        check_id = con.sql(
            "select check_id from reporting.gx_evaluable_findings "
            "where check_family = 'completeness' and lhs = 1 order by check_id limit 1"
        ).fetchall()[0][0]
        reading_it = sum(  # the suites whose frame holds that row
            d["meta"]["frame"] == "findings"
            and con.sql(
                f"select count(*) from reporting.gx_evaluable_findings "
                f"where check_id = '{check_id}' and ({d['meta']['where']})"
            ).fetchall()[0][0]
            for d in load_suites()
        )
        con.execute("update marts.report_findings set lhs = 0 where check_id = ?", [check_id])
    changed = validate(Warehouse(copy), chunk_reports=3)
    completeness = {r.suite: r for r in changed.results}["completeness"]
    before = {r.suite: r for r in first.results}["completeness"]
    assert check_id in completeness.unexpected_ids
    assert completeness.unexpected_count == before.unexpected_count + 1
    assert reading_it >= 1
    assert changed.batches_run == reading_it  # one chunk, for each suite that reads the row


def test_a_changed_suite_is_validated_as_written_not_as_stored(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate reads back the checkpoints an earlier run stored in <out>/gx instead of storing
    them again, but only while each still holds its suite as written: a suite changed since is
    stored anew and checks what it now says."""
    copy = tmp_path / "warehouse"
    shutil.copytree(warehouse, copy, ignore=shutil.ignore_patterns("publish", "raw"))
    stored = {
        path.relative_to(copy): path.read_bytes()
        for folder in ("checkpoints", "validation_definitions", "expectations")
        for path in (copy / "gx" / folder).glob("*.json")
    }
    assert len(stored) > 45
    suites = load_suites()
    non_negative = next(d for d in suites if d["name"] == "values_non_negative")
    smallest = next(
        e for e in non_negative["expectations"] if e["kwargs"].get("column") == "min_value"
    )
    smallest["kwargs"]["min_value"] = 10**9  # now every report's smallest count fails it
    monkeypatch.setattr("ogi.quality.load_suites", lambda: suites)
    changed = validate(Warehouse(copy), chunk_reports=3)  # other chunks: nothing kept
    result = {r.suite: r for r in changed.results}["values_non_negative"]
    assert result.evaluated > 10 and result.unexpected_count == result.evaluated
    rewritten = {path for path, data in stored.items() if (copy / path).read_bytes() != data}
    assert Path("gx/expectations/values_non_negative.json") in rewritten
    assert all(path.stem == "values_non_negative" for path in rewritten), rewritten


def test_great_expectations_agrees_with_the_findings(warehouse: Path) -> None:
    """Every finding suite's failing rows are exactly report_findings' failures it covers."""
    summary = pl.read_parquet(warehouse / "validation" / "summary.parquet")
    with duckdb.connect(str(warehouse / "ogi.duckdb"), read_only=True) as con:
        for definition in load_suites():
            if definition["meta"]["frame"] != "findings":
                continue
            where = definition["meta"]["where"]
            failing = {
                r[0]
                for r in con.sql(
                    f"select check_id from marts.report_findings where status = 'fail' and {where}"
                ).fetchall()
            }
            suite = summary.filter(pl.col("suite") == definition["name"]).row(0, named=True)
            assert set(suite["unexpected_ids"]) == failing, definition["name"]
            assert suite["success"] == (not failing)
    non_negative = summary.filter(pl.col("suite") == "values_non_negative").row(0, named=True)
    assert not non_negative["success"]
    assert any(
        i.startswith(tuple(_ids_of(warehouse, "altered_non_negative.txt")))
        for i in non_negative["unexpected_ids"]
    )
    integrity = summary.filter(pl.col("suite") == "raw_integrity").row(0, named=True)
    assert integrity["success"]


def test_identity_frame_filters_by_each_row_condition_once(warehouse: Path) -> None:
    """GX asks the identity frame for a version's rows ~4 times per expectation: the frame
    filters once per condition, gives the rows a plain query gives, and a caller that changes
    its answer does not change the next one."""
    with duckdb.connect(str(warehouse / "ogi.duckdb"), read_only=True) as con:
        plain = identity_frame(con, unsplit=False, where="true")
    frame = RowConditionsOnce(plain)
    condition = 'template_version == "2021"'
    first = frame.query(condition)
    first["added"] = 1
    again = frame.query(condition)
    assert "added" not in again.columns
    pd.testing.assert_frame_equal(again, plain.query(condition))
    assert 0 < len(again) < len(plain)  # the samples hold both templates
    assert len(frame._answers) == 1
    frame.query('template_version == "2019"')
    assert len(frame._answers) == 2


def test_validation_page_names_reports_and_prints_plain_numbers(warehouse: Path) -> None:
    page = (warehouse / "validation" / "index.html").read_text(encoding="utf-8")
    assert "https://" not in page and "<script" not in page  # opens offline
    # h03 prints （七）总计 21 for all applicants while its outcome rows add up to 27 (the document's own break)
    assert (
        "<td class='l'>h03_pingtan_zone_2020.txt</td><td class='l'>outcome_total.total</td><td "
        "class='l'>lhs = 21; rhs = 27</td>" in page
    )
    assert "Data asset: None" not in page and ".0000" not in page


def test_validation_page_shows_a_bounded_number_of_flagged_rows() -> None:
    """A suite flagging more rows than a page should hold shows the first PAGE_ROWS by agency,
    and says how many there are in all (the JSON beside the page keeps every one)."""
    flagged = [f"r{i:04d}.completeness.total" for i in range(PAGE_ROWS + 7)]
    reports = {
        f"r{i:04d}": (f"agency {PAGE_ROWS + 7 - i:04d}", 2020, f"{i}.txt")
        for i in range(PAGE_ROWS + 7)
    }
    result = {
        "suite_name": "completeness",
        "success": False,
        "results": [
            {
                "success": False,
                "expectation_config": {"type": "expect_column_values_to_be_null",
                                       "kwargs": {"column": "lhs"}},
                "result": {"element_count": 900, "unexpected_count": len(flagged),
                           "unexpected_index_list": [{"check_id": flagged}]},
            }
        ],
    }  # fmt: skip
    asked: dict[str, list[str]] = {}

    def row_values(wanted: dict[str, list[str]]) -> dict[str, dict[str, dict[str, object]]]:
        asked.update(wanted)
        return {"completeness": {i: {"lhs": 3} for i in wanted["completeness"]}}

    page = render_validation_page([("finding", result)], reports, row_values)
    assert page.count("<td class='l'>completeness.total</td>") == PAGE_ROWS
    # the values of the rows shown, and of those alone, are looked up
    assert page.count("lhs = 3") == PAGE_ROWS and len(asked["completeness"]) == PAGE_ROWS
    assert f"The first {PAGE_ROWS} of {PAGE_ROWS + 7}," in page
    assert "agency 0001" in page and f"agency {PAGE_ROWS + 7:04d}" not in page  # by agency


def _ids_of(warehouse: Path, source: str) -> list[str]:
    reports = _published(warehouse, "dim_reports")
    return reports.filter(pl.col("source_file") == source)["report_id"].to_list()


def test_duckdb_file_is_queryable_read_only(warehouse: Path) -> None:
    """Every cell the extractors landed is in the fact table, plus one derived （六）其他处理 cell
    per column of each 2021 report that printed its three rows (counted from the raw layer)."""
    landed = pl.read_parquet(warehouse / "raw" / "cells.parquet")
    reports = pl.read_parquet(warehouse / "raw" / "reports.parquet")
    printed_three = landed.join(
        reports.filter(pl.col("template_version") == "2021"), on="report_id"
    ).filter(pl.col("row_key").is_in(["other_no_correction", "other_unpaid_fee", "other_other"]))
    derived = printed_three.select("report_id", "col_key").unique().height
    with duckdb.connect(str(warehouse / "ogi.duckdb"), read_only=True) as con:
        count = con.sql("select count(*) from marts.fct_report_values").fetchall()[0][0]
    assert derived > 0 and count == landed.height + derived


def test_missing_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope"), "--out", str(tmp_path / "w")]) == 2
    assert "input not found" in capsys.readouterr().err


def test_publish_out_of_memory_names_the_setting_and_keeps_the_last_files(
    warehouse: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "w"
    out.mkdir()
    shutil.copy(warehouse / "ogi.duckdb", out / "ogi.duckdb")
    shutil.copytree(warehouse / "publish", out / "publish")
    before = {p.name: p.read_bytes() for p in (out / "publish").glob("*.parquet")}
    monkeypatch.setattr("ogi.pipeline.DUCKDB_MEMORY_LIMIT", "1MB")  # DuckDB's own error follows
    capsys.readouterr()
    assert main(["publish", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Out of Memory Error" in err and "OGI_MEMORY_LIMIT" in err and "(1MB)" in err
    assert {p.name: p.read_bytes() for p in (out / "publish").glob("*.parquet")} == before


def test_query_is_read_only_and_prints_every_column(
    warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    target = tmp_path / "x.csv"
    assert main(["query", f"copy (select 1) to '{target}'", "--out", str(warehouse)]) == 2
    assert "only SELECT or EXPLAIN" in capsys.readouterr().err and not target.exists()
    assert main(["query", "select * from read_csv('/etc/hostname')", "--out", str(warehouse)]) == 1
    assert "Permission Error" in capsys.readouterr().err
    wide = "select " + ", ".join(f"{i} as column_{i}" for i in range(40))
    assert main(["query", wide, "--out", str(warehouse)]) == 0
    assert "column_39" in capsys.readouterr().out  # no column hidden
    sql = "select count(*) as n from marts.dim_reports"
    assert main(["query", sql, "--out", str(warehouse), "--format", "csv"]) == 0
    assert capsys.readouterr().out.strip() == f"n\n{SAMPLE_FILES + len(ALTERATIONS) + 2 + 4}"
    assert main(["query", sql, "--out", str(warehouse), "--format", "json"]) == 0
    assert capsys.readouterr().out.strip() == f'[{{"n":{SAMPLE_FILES + len(ALTERATIONS) + 2 + 4}}}]'
    assert main(["query", sql, "--out", str(warehouse), "--format", "markdown"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[0].replace(" ", "") == "|n|"


def test_findings_says_when_the_filter_matches_no_report(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["findings", "--out", str(warehouse), "--agency", "不存在"]) == 0
    assert "no report matches the filter" in capsys.readouterr().out


def test_agencies_kind_and_region(warehouse: Path) -> None:
    agencies = {
        r["agency_name"]: r for r in _published(warehouse, "dim_agencies").iter_rows(named=True)
    }
    assert agencies["淮安市人民政府"]["agency_kind"] == "people_government"
    assert agencies["上海市人民政府办公厅"]["agency_kind"] == "government_office"
    assert agencies["沭阳县发展和改革局"]["agency_kind"] == "department"
    zhangdian = agencies["淄博市张店区机关事务服务中心"]
    assert (zhangdian["region_code"], zhangdian["region_confidence"]) == ("370303", "high")
    yinzhou = agencies[
        "银州区机关事务服务中心"
    ]  # a bare district name: cpca places it in 铁岭市, 辽宁省
    assert (yinzhou["region_code"], yinzhou["city_name"], yinzhou["region_confidence"]) == (
        "211202",
        "铁岭市",
        "medium",
    )
    pingtan = agencies[
        "平潭综合实验区"
    ]  # not in cpca's divisions: the report's opening names 福建省
    assert (pingtan["province_name"], pingtan["region_source"], pingtan["region_confidence"]) == (
        "福建省",
        "document_context",
        "low",
    )


def test_merged_agency_continues_its_successors_series(warehouse: Path) -> None:
    agencies = {
        r["agency_name"]: r for r in _published(warehouse, "dim_agencies").iter_rows(named=True)
    }
    predecessor, successor = (
        agencies["邢台市政府机关事务管理局"],
        agencies["邢台市机关后勤服务中心"],
    )
    assert (
        predecessor["series_agency_id"] == successor["agency_id"] == successor["series_agency_id"]
    )
    assert predecessor["succeeded_in_year"] == 2020


def test_report_scope(warehouse: Path) -> None:
    scope = dict(
        _published(warehouse, "dim_reports").select("source_file", "report_scope").iter_rows()
    )
    assert scope["h13_huaian_city_gov_2024.pdf"] == "region"  # 全市共受理政府信息公开申请3119件
    assert scope["h03_pingtan_zone_2020.txt"] == "region"  # 全区各级行政机关共受理
    assert scope["h01_shanghai_gov_office_2019.html"] == "self"  # 市政府办公厅代表市政府共受理
    assert scope["h12_shuyang_county_ndrc_2023.html"] == "self"  # a department


def test_region_rollup_never_adds_a_region_summary(warehouse: Path) -> None:
    rollup = _published(warehouse, "fct_region_year").filter(pl.col("region_level") == "province")
    jiangsu = {
        r["report_year"]: r
        for r in rollup.filter(pl.col("region_code") == "320000").iter_rows(named=True)
    }
    assert (jiangsu[2023]["new_received"], jiangsu[2023]["self_reports"]) == (
        26,
        1,
    )  # 沭阳县发改局, self
    assert (jiangsu[2024]["new_received"], jiangsu[2024]["region_summary_reports"]) == (
        None,
        1,
    )  # 淮安市: counted, not summed


def test_rates_with_denominators(warehouse: Path) -> None:
    huaian = (
        _published(warehouse, "fct_agency_year")
        .filter(pl.col("agency_name") == "淮安市人民政府")
        .row(0, named=True)
    )
    assert huaian["rate_denominator_processed"] == 3050
    assert huaian["share_granted"] == pytest.approx(1362 / 3050)
    assert huaian["share_not_held"] == pytest.approx(769 / 3050)
    assert huaian["share_denied"] == pytest.approx((2 + 31 + 5 + 6 + 8 + 12 + 9 + 105) / 3050)
    assert huaian["reconsideration_correction_rate"] == pytest.approx(64 / 351)
    assert (huaian["rate_denominator_litigation"], huaian["litigation_correction_rate"]) == (
        46,
        pytest.approx(5 / 46),
    )


def test_request_outcomes_long_form_adds_up(warehouse: Path) -> None:
    outcomes = _published(warehouse, "fct_request_outcomes")
    facts = _published(warehouse, "fct_agency_year").filter(
        pl.col("agency_name") == "淮安市人民政府"
    )
    huaian = outcomes.filter(pl.col("agency_year_id") == facts["agency_year_id"][0])
    natural = huaian.filter(pl.col("applicant_type") == "natural_person")["value"].sum()
    assert (
        natural == 2932
    )  # h13's printed rows, natural persons: 1288 + 447 + … + 108 = （七）总计 2932
    assert huaian.filter(pl.col("outcome_group") == "denied")["value"].sum() == 178


def test_continuity_fact(warehouse: Path) -> None:
    """平潭综合实验区 2020 (h03) prints 上年结转 0 in all seven columns; its 2019 report (h02)
    prints 结转下年度 0 in all seven: seven continuity rows, each 0 against 0."""
    reports = _published(warehouse, "dim_reports")
    h02, h03 = (
        reports.filter(pl.col("source_file") == f"{name}.txt")["report_id"][0]
        for name in ("h02_pingtan_zone_2019", "h03_pingtan_zone_2020")
    )
    rows = _published(warehouse, "fct_continuity").filter(
        (pl.col("measure") == "continuity") & (pl.col("report_id") == h03)
    )
    assert rows["previous_report_id"].unique().to_list() == [h02]
    got = {
        r["scope"]: (r["this_year_value"], r["expected_from_previous_year"], r["difference"])
        for r in rows.iter_rows(named=True)
    }
    columns = (
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_services",
        "other_org",
        "total",
    )
    assert got == dict.fromkeys(columns, (0, 0, 0))


def test_data_dictionary_in_both_languages(warehouse: Path) -> None:
    dictionary = pl.read_csv(warehouse / "publish" / "data_dictionary.csv")
    row = dictionary.filter(
        (pl.col("model") == "fct_agency_year")
        & (pl.col("column") == "requests__new_received__natural_person")
    ).row(0, named=True)
    assert row["data_type"] == "bigint"
    assert row["description_en"].startswith(
        "Requests newly received this year, from natural persons (count; templates 2019 and 2021)"
    )
    assert row["description_en"].endswith("— 一、本年新收政府信息公开申请数量 · 自然人")
    assert (
        row["description_zh"]
        == "三、收到和处理政府信息公开申请情况 · 一、本年新收政府信息公开申请数量 · 自然人（数量）"
    )
    denied = dictionary.filter(pl.col("column") == "requests__denied_state_secret__total").row(
        0, named=True
    )
    assert "（三）不予公开 1.属于国家秘密" in denied["description_zh"]
    share = dictionary.filter(pl.col("column") == "share_granted").row(0, named=True)
    assert "requests__granted__total / rate_denominator_processed" in share["description_en"]
    money = dictionary.filter(pl.col("column") == "proactive__admin_fees__amount_wan_yuan").row(
        0, named=True
    )
    assert money["data_type"] == "decimal(18,4)" and "in 10,000 yuan" in money["description_en"]
    published = {
        (m, c)
        for m in PUBLISHED_MODELS
        for c in pl.read_parquet_schema(warehouse / "publish" / f"{m}.parquet")
    }
    assert set(zip(dictionary["model"], dictionary["column"], strict=True)) == published
    for language in ("description_en", "description_zh"):
        empty = dictionary.filter(pl.col(language).fill_null("").str.strip_chars() == "")
        assert empty.height == 0, f"{language} empty for {empty.select('model', 'column').rows()}"


def test_audit_report_is_self_contained(warehouse: Path) -> None:
    from lxml import etree

    assert main(["report", "--out", str(warehouse)]) == 0
    page = (warehouse / "report" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page and "<link" not in page  # nothing to fetch: works offline
    assert not re.search(r"src=['\"](?!data:)", page), "only inline images"
    tree = etree.HTML(page)
    assert len(tree.findall(".//svg")) >= 2  # the charts, inline
    shown = " ".join(tree.xpath("//body//text()"))
    hashes = [report_id[:12] for report_id in _published(warehouse, "dim_reports")["report_id"]]
    assert not [h for h in hashes if h in shown], "a report named by its hash"
    assert "Scope rule for every figure" in shown
    # 淮安市人民政府's report sums up its city (3,119 received): in the region table, never in the
    # agencies' per-year sums
    per_year = tree.xpath(
        "//h2[@id='requests']/following-sibling::table[1]//tr[td[1]='2024']/td/text()"
    )
    assert per_year == [
        "2024",
        "2",
        "36",
        "37",
    ]  # h10 (34 received) + h14 (2), both agencies' own reports
    regions = tree.xpath(
        "//h3[text()='Region summaries, counted apart']/following-sibling::table[1]//td/text()"
    )
    assert "h13_huaian_city_gov_2024.pdf" in regions and "3,119" in regions
    # h03's evidence: （七）总计 20 for natural persons (left) against its outcome rows adding up to 26 (right)
    heading = tree.xpath("//h3[text()='平潭综合实验区 — 2020 (h03_pingtan_zone_2020.txt)']")
    assert heading, "the evidence is headed by agency, year and file"
    fragment = heading[0].xpath("following-sibling::div[@class='fragment'][1]")[0]
    assert fragment.xpath(".//td[@class='lhs']/text()") == ["20"]
    assert sum(int(v) for v in fragment.xpath(".//td[@class='rhs']/text()")) == 26
    said = "".join(fragment.itertext())
    assert (
        "Left side ■ adds up to 20; right side ■ adds up to 26; the template requires left = right (difference -6)."
        in said
    )

    # readers' indicators in their own block, not among the findings: h10 discloses
    # (予以公开 + 部分公开) / 办理总数 below 40% (hand-read values)
    h10 = json.loads(
        (Path(__file__).parent / "expected/real/h10_shanghai_stc_2024.json").read_text()
    )
    requests = h10["requests"]
    rate = (requests["granted"][-1] + requests["partially_granted"][-1]) / requests[
        "total_processed"
    ][-1]
    beyond = tree.xpath("//h2[@id='indicators']/following-sibling::table[2]//tr[td]")
    listed = {tuple(row.xpath("td/text()")[i] for i in (0, 3, 5)) for row in beyond}
    assert ("disclosure_rate", "h10_shanghai_stc_2024.md", f"{rate:.1%}") in listed
    by_check = tree.xpath("//h2[@id='findings']/following-sibling::table[1]//td[1]/text()")
    assert by_check and "indicator" not in by_check
    # the findings beyond the identities, with their evidence: h10's outline as published
    # (five sub-topics of 一 numbered 二 to 六, no section 五 of its own)
    beyond_identities = tree.xpath(
        "//h3[starts-with(text(), 'Beyond the identities')]/following-sibling::table[1]//tr[td]"
    )
    outline = {
        row.xpath("td[2]/text()")[0]: row.xpath("td[8]/text()")[0]
        for row in beyond_identities
        if row.xpath("td[1]/text()") == ["outline"]
    }
    assert outline["sections_once"].startswith("missing: 五")
    assert "“二、工作机制保障” @line" in outline["promoted_sub_topics"]


# Each page opened from file:// and what its rendered DOM (scripts removed) must show.
PAGES = {
    "audit": (
        "report/index.html",
        "",
        (
            "Scope rule for every figure",
            "平潭综合实验区 — 2020 (h03_pingtan_zone_2020.txt)",
            'class="lhs"',
        ),
    ),
    "dbt docs": (
        "publish/docs/index.html",
        "#!/model/model.ogi_warehouse.fct_agency_year",
        (
            "fct_agency_year",
            "requests__new_received__natural_person",
            "Requests newly received this year",
        ),
    ),
    "validation": (
        "publish/validation/index.html",
        "",
        ("identity_outcome_total", "平潭综合实验区", "h03_pingtan_zone_2020.txt"),
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_render_offline_in_chromium(warehouse: Path, tmp_path: Path, page: str) -> None:
    """Headless Chromium opens the page from file:// with the network off, runs its scripts,
    and the rendered page shows its content (a screenshot is kept beside the test's files)."""
    import subprocess

    from PIL import Image

    require_tool("chromium", "apt-get install chromium fonts-noto-cjk")
    assert main(["report", "--out", str(warehouse)]) == 0
    path, fragment, expected = PAGES[page]
    uri = (warehouse / path).as_uri() + fragment
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--proxy-server=127.0.0.1:9", "--virtual-time-budget=3000",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
    ]  # fmt: skip
    shot = tmp_path / f"{page.replace(' ', '_')}.png"
    subprocess.run(
        ["chromium", *flags, f"--screenshot={shot}", uri],
        check=True,
        capture_output=True,
        timeout=120,
    )
    dumped = subprocess.run(
        ["chromium", *flags, "--dump-dom", uri],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    rendered = re.sub(
        r"<script.*?</script>", "", dumped.stdout, flags=re.S
    )  # what the page shows, not the data it carries
    for text in expected:
        assert text in rendered, f"{page}: {text!r} not rendered"
    histogram = Image.open(shot).convert("L").histogram()
    painted = 1 - max(histogram) / sum(
        histogram
    )  # the share of pixels not in the background's shade
    assert painted > 0.03, f"{page}: the screenshot is (nearly) blank ({painted:.1%} painted)"


def test_cli_findings_status_and_query(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert (
        main(
            [
                "findings",
                "--out",
                str(warehouse),
                "--agency",
                "平潭",
                "--year",
                "2020",
                "--severity",
                "error",
            ]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert "outcome_total/total: 21 vs 27 (cause: report)" in said and "2 failed checks" in said
    assert main(["status", "--out", str(warehouse)]) == 0
    assert "reports by status and format" in capsys.readouterr().out
    assert (
        main(["query", "select count(*) as n from marts.dim_reports", "--out", str(warehouse)]) == 0
    )
    assert f"{SAMPLE_FILES + len(ALTERATIONS) + 2 + 4} " in capsys.readouterr().out


def test_big_facts_are_written_once_year_first(warehouse: Path) -> None:
    """Each published fact is one file (no second, partitioned copy), the big facts written a
    year at a time, so that a row group holds one year and a filter on report_year skips the
    row groups of other years."""
    publish = warehouse / "publish"
    assert not (publish / "by_year").exists()
    assert sorted(p.name for p in publish.glob("*.parquet")) == sorted(
        [f"{model}.parquet" for model in PUBLISHED_MODELS] + ["data_dictionary.parquet"]
    )
    for model in BIG_FACTS:
        years = _published(warehouse, model)["report_year"].to_list()
        assert years == sorted(years) and len(set(years)) > 1, model
        row_groups = duckdb.sql(
            f"select stats_min_value, stats_max_value from parquet_metadata('{publish / model}.parquet') "
            "where path_in_schema = 'report_year'"
        ).fetchall()
        bounds = [(int(low), int(high)) for low, high in row_groups]
        assert bounds and all(before[1] <= after[0] for before, after in pairwise(bounds)), model
        assert all(low == high for low, high in bounds), model


def _planted_test_sql(
    warehouse: Path, connection: duckdb.DuckDBPyConnection, test_file: str, relation: str
) -> str:
    """A dbt test as compiled in ``warehouse`` (file name pattern ``test_file``), made to read a
    temp table ``planted``, a copy of conformed.``relation``, which it must find nothing in."""
    compiled = next((warehouse / "dbt" / "target" / "compiled").rglob(test_file))
    sql = compiled.read_text(encoding="utf-8")
    assert sql.count(f'"conformed"."{relation}"') == 2  # the relation the test reads, twice
    planted_sql = re.sub(rf'"[a-z_]+"\."conformed"\."{relation}"', "planted", sql)
    connection.execute(f"create temp table planted as select * from conformed.{relation}")
    assert connection.execute(planted_sql).fetchall() == []
    return planted_sql


REPORT_VALUES_KEY = "report_id, table_key, row_key, col_key"


def _write_twice(connection: duckdb.DuckDBPyConnection, key: tuple[object, ...]) -> None:
    """Write the row of temp table ``planted`` (a copy of report_values) with ``key`` again."""
    connection.execute(
        f"insert into planted select * from planted where ({REPORT_VALUES_KEY}) = (?, ?, ?, ?)",
        key,
    )


def test_the_primary_key_test_names_each_repeated_and_incomplete_key(warehouse: Path) -> None:
    """macros/primary_key.sql as dbt compiled it for report_values, run on a copy of the table
    with one row written twice and one row's row_key removed: it names those two keys, with the
    rows holding them, and nothing on the table as built."""
    with duckdb.connect(str(Warehouse(warehouse).database), read_only=True) as connection:
        planted_sql = _planted_test_sql(
            warehouse, connection, "primary_key_report_values_*.sql", "report_values"
        )
        key = REPORT_VALUES_KEY
        twice, emptied = connection.execute(
            f"select {key} from planted order by {key} limit 2"
        ).fetchall()
        _write_twice(connection, twice)
        connection.execute(
            f"update planted set row_key = null where ({key}) = (?, ?, ?, ?)", emptied
        )
        failures = connection.execute(planted_sql).fetchall()
    assert sorted(failures, key=str) == sorted(
        [(*twice, 2), (emptied[0], emptied[1], None, emptied[3], 1)], key=str
    )


def test_the_key_test_of_a_kept_model_reads_the_reports_listed_and_incomplete_keys(
    warehouse: Path, tmp_path: Path
) -> None:
    """report_values' key test as compiled for `ogi build` (kept_by_report: it reads the rows of
    the reports listed in var ogi_reports_to_test's file), on a copy of the table with a row of
    each of two reports written twice and a third report's row with its report_id removed:
    listing the second report, it names the second's key and the incomplete one, not the
    first's; with the listing of this build from nothing, every report, it names all three."""
    with duckdb.connect(str(Warehouse(warehouse).database), read_only=True) as connection:
        planted_sql = _planted_test_sql(
            warehouse, connection, "primary_key_report_values_*.sql", "report_values"
        )
        key = REPORT_VALUES_KEY
        first, second, third = connection.execute(
            f"select distinct on (report_id) {key} from planted order by {key} limit 3"
        ).fetchall()
        for twice in (first, second):
            _write_twice(connection, twice)
        connection.execute(
            f"update planted set report_id = null where ({key}) = (?, ?, ?, ?)", third
        )
        listed_by_build = str(Warehouse(warehouse).reports_to_test.resolve())
        assert listed_by_build in planted_sql
        listing = tmp_path / "second.parquet"
        connection.execute(
            f"copy (select ? as report_id) to '{listing}' (format parquet)", [second[0]]
        )
        second_listed = connection.execute(
            planted_sql.replace(listed_by_build, str(listing))
        ).fetchall()
        all_listed = connection.execute(planted_sql).fetchall()
    incomplete = (None, *third[1:], 1)
    assert sorted(second_listed, key=str) == sorted([(*second, 2), incomplete], key=str)
    assert sorted(all_listed, key=str) == sorted([(*first, 2), (*second, 2), incomplete], key=str)


def test_the_unique_test_names_each_repeated_value_and_leaves_nulls_alone(warehouse: Path) -> None:
    """dbt's unique test, re-implemented in macros/primary_key.sql, as dbt compiled it for
    reports.report_id, run on a copy of the table with one report written three times and
    two reports' ids removed: it names that id with its three rows, like dbt's own test, and
    nothing for the nulls (not_null's business) nor on the table as built."""
    with duckdb.connect(str(Warehouse(warehouse).database), read_only=True) as connection:
        planted_sql = _planted_test_sql(
            warehouse, connection, "unique_reports_report_id.sql", "reports"
        )
        assert "hash(report_id)" in planted_sql  # ours, not dbt's built-in
        first, second, third = (
            row[0]
            for row in connection.execute(
                "select report_id from planted order by report_id limit 3"
            ).fetchall()
        )
        for _ in range(2):  # from the table as built: one row each time
            connection.execute(
                "insert into planted select * from conformed.reports where report_id = ?", [first]
            )
        connection.execute(
            "update planted set report_id = null where report_id in (?, ?)", [second, third]
        )
        failures = connection.execute(planted_sql).fetchall()
    assert failures == [(first, 3)]


def test_build_leaves_no_database_file_open(warehouse: Path) -> None:
    """The run above built in this process: dbt-duckdb's instance must be closed afterwards, so
    other processes and the next step can open the file (checked on the process's open files)."""
    open_files = [
        os.readlink(link) for link in Path("/proc/self/fd").iterdir() if link.is_symlink()
    ]
    assert not [f for f in open_files if f.startswith(str(warehouse)) and ".duckdb" in f], (
        open_files
    )


def test_great_expectations_and_dbt_agree_on_every_identity(warehouse: Path) -> None:
    """GX adds up each report's values itself (expect_identity_to_hold, suites generated from
    the template); dbt's identity_checks does the same in SQL. On every report, the altered
    copies included, both must find exactly the same broken identities."""
    by_gx = set()
    for path in (warehouse / "validation").glob("identity_*.json"):
        for expectation in json.loads(path.read_text(encoding="utf-8"))["results"]:
            meta = expectation["expectation_config"]["meta"]
            flagged = expectation["result"].get("unexpected_index_list") or []
            assert len(flagged) <= 1  # the chunks' ids joined: [{"report_id": [...]}]
            for report_id in flagged[0]["report_id"] if flagged else []:
                by_gx.add((report_id, meta["identity"], meta["scope"]))
    with duckdb.connect(str(warehouse / "ogi.duckdb"), read_only=True) as con:
        by_dbt = set(
            con.sql(
                "select report_id, identity, scope from marts.report_findings "
                "where check_family = 'identity' and status = 'fail'"
            ).fetchall()
        )
    assert by_gx == by_dbt
    broken = {identity for _, identity, _ in by_dbt}
    assert broken == {
        "balance",
        "row_total",
        "outcome_total",
        "review_total",
        "corrected_within_total",
    }
