"""The identities choose among a scan's re-read cells (extract/reread.py), with a stand-in for
the page's re-reader. The numbers are h13's section 四 as printed (tests/fixtures/expected/
h13_huaian_city_gov_2024.json): 未经复议直接起诉 13 维持, 4 纠正, 8 其他, 1 尚未审结, 26 总计.
"""

from __future__ import annotations

from collections.abc import Sequence

from extract.align import Method, TableValue
from extract.reread import doubt_money_cells, reread_by_identities
from extract.template import TableKey, TemplateVersion

PRINTED = {"upheld": "13", "corrected": "4", "other": "8", "pending": "1", "total": "26"}


class StandIn:
    """Reads each position as told; records what it was asked."""

    def __init__(self, readings: dict[str, list[tuple[str, float]]]) -> None:
        self.readings = readings
        self.asked: list[tuple[str, bool]] = []

    def __call__(self, position: str, *, every_mark: bool = False) -> Sequence[tuple[str, float]]:
        self.asked.append((position, every_mark))
        return self.readings.get(position, [])


def _value(
    col: str,
    text: str,
    confidence: float,
    table: TableKey = TableKey.REVIEW_LITIGATION,
    row: str = "",
) -> TableValue:
    row = row or ("litigation_direct" if table is TableKey.REVIEW_LITIGATION else "admin_fees")
    return TableValue(
        table_key=table,
        row_key=row,
        col_key=col,
        raw_row_label=row,
        col_label=col,
        row_order=2,
        col_order=1,
        value_text=text,
        source_text=None,
        value=float(text) if text else None,
        is_blank=not text,
        unit=None,
        position=f"cell {row}.{col}" if table is TableKey.REQUESTS else f"cell {col}",
        page=2,
        method=Method.READ,
        label_score=1.0,
        is_ocr=True,
        ocr_confidence=confidence if text else None,
    )


def _litigation(**first_read: tuple[str, float]) -> list[TableValue]:
    """The row as OCR read it: the printed numbers, confidently, except those given."""
    return [_value(col, *first_read.get(col, (printed, 0.99))) for col, printed in PRINTED.items()]


def _settled(
    values: list[TableValue], stand_in: StandIn
) -> tuple[dict[str, TableValue], list[str]]:
    warnings: list[str] = []
    settled = reread_by_identities(values, stand_in, TemplateVersion.V2021, warnings)
    return {v.col_key: v for v in settled}, warnings


def test_a_lone_digit_the_page_passed_over_is_read_again_and_kept() -> None:
    """尚未审结 read as nothing breaks 13 + 4 + 8 + 0 = 26; read again, both enlargements see
    "1", and 1 mends it."""
    stand_in = StandIn({"cell pending": [("1", 0.93), ("1", 0.97)]})
    row, warnings = _settled(_litigation(pending=("", 0.0)), stand_in)
    assert row["pending"].value == 1.0 and row["pending"].method is Method.REREAD_BY_IDENTITY
    assert row["pending"].ocr_confidence == 0.93  # the doubtful of the two readings
    assert row["upheld"].method is Method.READ  # the cells in no doubt are not touched
    assert len(warnings) == 1 and "'1'" in warnings[0]


def test_enlargements_that_disagree_change_nothing() -> None:
    stand_in = StandIn({"cell pending": [("1", 0.93), ("7", 0.95)]})
    row, warnings = _settled(_litigation(pending=("", 0.0)), stand_in)
    assert row["pending"].value is None and row["pending"].is_blank
    assert row["pending"].method is Method.READ and warnings == []


def test_a_confident_first_reading_is_never_replaced() -> None:
    """总计 read "28" with confidence 0.99 breaks the row; a re-read of it as "26" would mend it,
    but a confident reading is the report's, and the broken identity stays a finding."""
    stand_in = StandIn({"cell total": [("26", 0.99), ("26", 0.99)]})
    row, _ = _settled(_litigation(total=("28", 0.99)), stand_in)
    assert row["total"].value == 28.0 and ("cell total", False) not in stand_in.asked


def test_two_ways_to_mend_a_row_leave_it_as_first_read() -> None:
    """维持 read "11" and 尚未审结 "2", both in doubt: 11 + 4 + 8 + 2 = 25, not 26. Re-read as
    "12" and "3", both 12 + 2 and 11 + 3 mend the row: no reading is chosen."""
    stand_in = StandIn(
        {"cell upheld": [("12", 0.9), ("12", 0.9)], "cell pending": [("3", 0.9), ("3", 0.9)]}
    )
    row, warnings = _settled(_litigation(upheld=("11", 0.6), pending=("2", 0.6)), stand_in)
    assert (row["upheld"].value, row["pending"].value) == (11.0, 2.0) and warnings == []


def test_a_re_read_that_does_not_mend_the_row_is_not_kept() -> None:
    stand_in = StandIn({"cell pending": [("7", 0.9), ("7", 0.9)]})
    row, _ = _settled(_litigation(pending=("", 0.0)), stand_in)
    assert row["pending"].value is None and row["pending"].method is Method.READ


def test_a_money_cell_that_reads_otherwise_when_read_again_is_left_null() -> None:
    """h13's 行政事业性收费 is 96171.6 万元; at 100 dpi the page's reading lost the point."""
    fee = _value("amount_wan_yuan", "961716", 0.99, TableKey.PROACTIVE)
    stand_in = StandIn({"cell amount_wan_yuan": [("96171.6", 0.99), ("96171.6", 0.99)]})
    warnings: list[str] = []
    (checked,) = doubt_money_cells([fee], stand_in, warnings)
    assert checked.value is None and checked.method is Method.AMBIGUOUS
    assert stand_in.asked == [("cell amount_wan_yuan", True)]  # read with every mark kept
    assert "'961716'" in warnings[0] and "'96171.6'" in warnings[0]


def test_a_money_cell_read_the_same_or_unreadably_again_keeps_its_value() -> None:
    fee = _value("amount_wan_yuan", "96171.6", 0.99, TableKey.PROACTIVE)
    for readings in ([("96171.6", 0.99), ("96171.6", 0.98)], [("3业9617.6", 0.79), ("2E8", 0.5)]):
        warnings: list[str] = []
        (checked,) = doubt_money_cells([fee], StandIn({"cell amount_wan_yuan": readings}), warnings)
        assert checked.value == 96171.6 and checked.method is Method.READ and warnings == []


def test_a_faint_re_read_is_kept_only_when_it_mends_the_row_whole() -> None:
    """A lone thin "1" at 100 dpi scores under 0.4 read alone (h13's copier100 scan: 0.39 and
    0.39). Both enlargements agree and 1 mends 13 + 4 + 8 + 1 = 26: kept. A faint "2" would
    leave 27 against 26: not kept. Under 0.3 a reading is no reading."""
    mended, _ = _settled(
        _litigation(pending=("", 0.0)), StandIn({"cell pending": [("1", 0.39), ("1", 0.39)]})
    )
    assert mended["pending"].value == 1.0 and mended["pending"].ocr_confidence == 0.39
    still_broken, _ = _settled(
        _litigation(pending=("", 0.0)), StandIn({"cell pending": [("2", 0.39), ("2", 0.39)]})
    )
    assert still_broken["pending"].value is None
    too_faint, _ = _settled(
        _litigation(pending=("", 0.0)), StandIn({"cell pending": [("1", 0.2), ("1", 0.39)]})
    )
    assert too_faint["pending"].value is None


def test_a_re_read_that_only_narrows_a_break_is_not_kept() -> None:
    """h13's 三 at 100 dpi: in 部分公开 (447, 7, 0, 0, 0, 0 → 454) the 7 was passed over; in
    危及"三安全一稳定" (5, 0, …, 0 → 5) the 5 and two 0s. Read again, the 7 reads "7" and a 0 of the
    second row "1". The 商业企业 column links the two cells; 7 mends its row and is kept. The "1"
    mends nothing (5 is still missing there), so the "0" cell keeps its first reading, blank."""
    columns = ("natural_person", "commercial", "research", "social_welfare")
    columns += ("legal_services", "other_org", "total")
    granted = ("447", "", "0", "0", "0", "0", "454")
    stability = ("", "", "0", "0", "", "0", "5")
    values = [
        _value(col, text, 0.9, TableKey.REQUESTS, row)
        for row, texts in (("partially_granted", granted), ("denied_security_stability", stability))
        for col, text in zip(columns, texts, strict=True)
    ]
    stand_in = StandIn(
        {
            "cell partially_granted.commercial": [("7", 0.36), ("7", 0.34)],
            "cell denied_security_stability.commercial": [("1", 0.67), ("1", 0.62)],
        }
    )
    warnings: list[str] = []
    settled = reread_by_identities(values, stand_in, TemplateVersion.V2021, warnings)
    got = {(v.row_key, v.col_key): v for v in settled}
    assert got[("partially_granted", "commercial")].value == 7.0
    stability_commercial = got[("denied_security_stability", "commercial")]
    assert stability_commercial.value is None and stability_commercial.is_blank
    assert len(warnings) == 1
