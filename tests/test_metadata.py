"""Metadata read from what each document prints, with where it came from."""

from __future__ import annotations

import pytest

from tests.conftest import extracted


@pytest.mark.parametrize(
    ("stem", "published_on", "source"),
    [
        ("h01_shanghai_gov_office_2019", "2020-01-31", "page_field"),  # 发布日期：2020-01-31
        ("h12_shuyang_county_ndrc_2023", "2024-01-17", "page_field"),  # metadata table 公开日期
        ("h02_pingtan_zone_2019", "2020-01-20", "page_field"),  # crawler header 发布时间
        ("002_88a088b4017afa2e", "2021-01-21", "signature"),  # 2021年1月21日 under the signature
        ("004_66df8ac17934f989", "2021-01-15", "signature"),
        (
            "h13_huaian_city_gov_2024",
            "2025-02-25",
            "document_properties",
        ),  # no printed date: CreationDate
        ("000_c78f62d35b0910a5", None, "none"),
    ],
)
def test_publication_date_and_its_source(stem: str, published_on: str | None, source: str) -> None:
    meta = extracted(stem).metadata
    assert meta is not None
    assert (meta.published_on, meta.published_source) == (published_on, source)


@pytest.mark.parametrize(
    ("stem", "source"),
    [
        (
            "003_a3eb1527e58fb63c",
            "title",
        ),  # 附件： line before the title, title wrapped over two lines
        ("h02_pingtan_zone_2019", "title_hint"),  # the crawler's 标题 field
        (
            "h13_huaian_city_gov_2024",
            "title",
        ),  # PDF Title property names no agency: the printed title wins
    ],
)
def test_agency_source(stem: str, source: str) -> None:
    meta = extracted(stem).metadata
    assert meta is not None and meta.agency_source == source


def test_template_2021_detected_from_print_not_year() -> None:
    report = extracted("h12_shuyang_county_ndrc_2023")
    assert report.template_version == "2021"
    assert report.template_evidence is not None and report.template_evidence.startswith(
        "printed markers"
    )


def test_a_title_at_the_head_of_a_very_long_line() -> None:
    """A crawler dump can hold a whole page on one line: its title is read from the line's head,
    and the rest of the line decides as before (a separator, or nothing, after 报告)."""
    from extract.metadata import _title_match

    title = "上海市人民政府办公厅2019年政府信息公开工作年度报告"
    page = "一、总体情况 2019年，市政府办公厅坚持以习近平新时代中国特色社会主义思想为指导。" * 20
    assert _title_match(f"{title}_上海市人民政府 {page}") == ("上海市人民政府办公厅", 2019)
    assert _title_match(f"{title}。{page}") is None  # a sentence that names the report
    # spaced out so that 报告 ends exactly where the head is cut: the whole line decides
    cut_at_title_end = " " * (400 - len(title)) + title
    assert _title_match(cut_at_title_end + "的通知已印发") is None
    assert _title_match(cut_at_title_end + "_上海市人民政府") == ("上海市人民政府办公厅", 2019)
