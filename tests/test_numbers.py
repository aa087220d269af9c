"""Printed cell text → number, as the seeds print it."""

from __future__ import annotations

import pytest

from extract.numbers import parse_value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("0", 0, None),
        (" 0", 0, None),  # seed 000: leading space
        ("0 ", 0, None),  # seed 000: trailing space
        ("\u30000", 0, None),  # seed 001/003: ideographic space
        ("\u20020", 0, None),  # seed 004: en space
        ("1个", 1, "个"),  # seed 000
        ("369.71万元", 369.71, "万元"),  # seed 000
        ("506.48 万", 506.48, "万"),  # seed 002
        ("251000元", 251000, "元"),  # h01
        ("１２３", 123, None),  # full-width digits
        ("-15", -15, None),  # 本年增/减 may be negative
        ("1,234", 1234, None),
    ],
)
def test_numbers_as_printed(text: str, value: float, unit: str | None) -> None:
    parsed = parse_value(text)
    assert parsed.is_numeric and not parsed.is_blank
    assert parsed.value == pytest.approx(value)
    assert parsed.unit == unit


@pytest.mark.parametrize("text", ["", " ", "\xa0", "\u3000", "-", "—", "/"])
def test_blank_marks_are_blank_not_zero(text: str) -> None:
    parsed = parse_value(text)
    assert parsed.is_blank and parsed.value is None


@pytest.mark.parametrize("text", ["自然人", "1.属于国家秘密", "第二十条第（一）项", "2020年"])
def test_labels_are_not_numbers(text: str) -> None:
    assert not parse_value(text).is_numeric
