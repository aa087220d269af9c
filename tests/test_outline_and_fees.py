"""The outline (every heading numbered 一、二、…) and the fees the prose states, read from real
reports. Expected headings and amounts are read from the documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.extraction import READERS, extract_file
from extract.narrative import fee_statement
from extract.sections import HeadingKind, OutlineHeading, numeral_value, outline
from tests.conftest import SAMPLES

REAL = SAMPLES / "real"


def _outline(path: Path) -> list[OutlineHeading]:
    return outline(READERS[path.suffix][1](path).text)


def _sections_and_topics(headings: list[OutlineHeading]) -> list[tuple[str, str, int | None]]:
    return [(h.numeral, h.kind.value, h.topic) for h in headings if h.kind != "table_label"]


def test_a_template_outline_reads_as_six_sections_in_order() -> None:
    headings = _outline(REAL / "h01_shanghai_gov_office_2019.html")
    assert _sections_and_topics(headings) == [
        (numeral, "section", number) for number, numeral in enumerate("一二三四五六", 1)
    ]
    # section 三's table numbers its own rows 一 to 四: kept, marked as table labels
    labels = [h.heading for h in headings if h.kind is HeadingKind.TABLE_LABEL]
    assert labels[0].startswith("一、本年新收政府信息公开申请数量")
    assert labels[-1].startswith("四、结转下年度继续办理")
    assert all(h.at_line_start for h in headings)


def test_an_outline_with_promoted_sub_topics_and_a_restart() -> None:
    """h10 numbers five topics of section 一 as sections 二 to 六, restarts at 一 for the tables,
    and heads 其他需要报告的事项 as 五 (lines 13-205 of the Markdown)."""
    headings = _outline(REAL / "h10_shanghai_stc_2024.md")
    assert [h.heading for h in headings if h.kind is HeadingKind.SUB_TOPIC] == [
        "二、工作机制保障",
        "三、主动公开工作情况",
        "四、政府信息公开申请情况",
        "五、政府信息管理",
        "六、政府信息公开平台建设",
    ]
    sections = [(h.numeral, h.topic) for h in headings if h.kind is HeadingKind.SECTION]
    assert sections == [("一", 1), ("一", 2), ("二", 3), ("三", 4), ("五", 6)]


def test_a_dump_without_line_breaks_is_read_from_running_text() -> None:
    """h14's crawler text runs the whole report into a few lines; its 四 is misprinted
    四、政府信息公开行政法复议 and still heads section 四."""
    headings = _outline(REAL / "h14_pingtan_social_affairs_2024.txt")
    assert [h.topic for h in headings] == [1, 2, 3, 4, 5, 6]
    assert not any(h.at_line_start for h in headings)
    assert headings[3].heading.startswith("四、政府信息公开行政法复议")


def test_a_converter_tag_before_a_heading_is_skipped() -> None:
    """Seed 001 prints its first heading as [bookmark: _GoBack]一、总体情况."""
    headings = _outline(SAMPLES / "seeds" / "001_133ea6e3b8938548.txt")
    assert _sections_and_topics(headings)[0] == ("一", "section", 1)


@pytest.mark.parametrize(("numeral", "value"), [("一", 1), ("六", 6), ("十", 10), ("十二", 12)])
def test_numeral_values(numeral: str, value: int) -> None:
    assert numeral_value(numeral) == value


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # h13, section 六
        ("2024年,市政府严格落实《政府信息公开信息处理费管理办法》,全年收取政府信息公开信息处理费3940元。",
         ("fee_yuan", 3940.0)),
        # h14, h10 and h12, section 六: none charged
        ("2024年度我局未产生信息公开处理费。", ("fee_yuan", 0.0)),
        ("2024年,市科委未发生政府信息公开收费事项。", ("fee_yuan", 0.0)),
        ("2023年度,县发展和改革局政府信息公开未发生收费情况。", ("fee_yuan", 0.0)),
        # amounts in 万元 are landed in 元; the 行政事业性收费 is its own figure
        ("全年收取行政事业性收费9617.16万元。", ("admin_fee_yuan", 96171600.0)),
        ("本年度未收取行政事业性收费。", ("admin_fee_yuan", 0.0)),
        # money that is not a fee charged
        ("政府信息公开工作经费12万元。", None),
        ("严格落实《政府信息公开信息处理费管理办法》。", None),
    ],
)  # fmt: skip
def test_fee_statements(sentence: str, expected: tuple[str, float] | None) -> None:
    assert fee_statement(sentence) == expected


def test_the_fee_is_read_from_a_published_pdf() -> None:
    report = extract_file(REAL / "h13_huaian_city_gov_2024.pdf")
    fees = {f.figure_key: f for f in report.figures if "fee" in f.figure_key}
    assert set(fees) == {"fee_yuan"}
    assert (fees["fee_yuan"].value, fees["fee_yuan"].section_number) == (3940.0, 6)
