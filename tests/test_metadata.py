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
