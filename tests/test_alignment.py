"""Regressions of the template aligner, one per quirk found in the bundled reports."""

from __future__ import annotations

from extract.align import Method, align
from extract.document import Cell
from extract.template import TemplateVersion
from tests.conftest import extracted


def _value(stem: str, table: str, row: str, col: str):
    return next(
        v
        for v in extracted(stem).values
        if (v.table_key.value, v.row_key, v.col_key) == (table, row, col)
    )


def test_seed_004_misprinted_label_is_placed_by_its_numbering() -> None:
    # 004 prints 8.属于行政执法案卷 twice; the second is row 8 of （三）, 行政查询事项.
    value = _value("004_66df8ac17934f989", "requests", "denied_admin_query", "total")
    assert value.raw_row_label.endswith("8.属于行政执法案卷")


def test_seed_002_lost_cell_is_recovered_only_by_the_row_total() -> None:
    value = _value("002_88a088b4017afa2e", "requests", "denied_state_secret", "total")
    assert value.method == Method.RECOVERED_BY_CONSTRAINT
    assert any(
        "lost cell is fixed by the row total" in w
        for w in extracted("002_88a088b4017afa2e").warnings
    )


def test_seed_002_row_broken_across_a_page() -> None:
    # "(三) 不" … "予公开\t2.其他法律行政法规禁止公开" on the next page
    value = _value("002_88a088b4017afa2e", "requests", "denied_prohibited_by_law", "natural_person")
    assert value.method == Method.READ and value.value == 0


def test_h13_pdf_row_split_inside_merged_label() -> None:
    value = _value("h13_huaian_city_gov_2024", "requests", "unavailable_needs_creation", "total")
    assert value.value == 11 and value.page == 5


def test_lost_cell_with_two_possible_places_is_ambiguous() -> None:
    # 1 + 2 = 3 with one cell lost: the gap could hold 0 in several places → different rows.
    cells = [Cell("申请人情况", 1, "r1"), Cell("（一）予以公开", 2, "r2")] + [
        Cell(t, 2, f"c{i}") for i, t in enumerate(["1", "2", "0", "0", "0", "3"])
    ]
    alignment = align(cells, TemplateVersion.V2019)
    granted = [v for v in alignment.values if v.row_key == "granted"]
    assert {v.method for v in granted} == {Method.AMBIGUOUS}
    assert all(v.value is None for v in granted)


def test_extra_proactive_row_keeps_its_own_key() -> None:
    value = _value("004_66df8ac17934f989", "proactive", "other_documents", "new_made")
    assert value.raw_row_label == "其他主动公开文件"


def test_report_stored_as_a_string_in_a_script(tmp_path) -> None:
    """h01's portal serves the report as ``let content = "<p>…<table>…"``; read it from there."""
    import json

    from extract.extraction import extract_file
    from tests.conftest import sample_path

    original = sample_path("h01_shanghai_gov_office_2019")
    content = json.dumps(original.read_text(encoding="utf-8"), ensure_ascii=False)
    script = f"<script>let content = {content};</script>"
    page = f"<html><head><title>门户</title></head><body><div id='app'></div>{script}</body></html>"
    wrapped = tmp_path / "h01_in_script.html"
    wrapped.write_text(page, encoding="utf-8")
    report = extract_file(wrapped)
    assert {(v.row_key, v.col_key, v.value, v.is_blank) for v in report.values} == {
        (v.row_key, v.col_key, v.value, v.is_blank)
        for v in extracted("h01_shanghai_gov_office_2019").values
    }
    assert any("<script>" in w for w in report.warnings)
