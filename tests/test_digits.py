"""The digit splitter on runs printed in h02/h03 (a crawler dropped the cell separators)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extract.digits import parts_sum_to_last, split_digits

ROW = [(7, parts_sum_to_last)]


@pytest.mark.parametrize(
    ("printed", "cells"),
    [
        ("230 000023", [23, 0, 0, 0, 0, 0, 23]),  # h02 本年新收
        ("200 000121", [20, 0, 0, 0, 0, 1, 21]),  # h03 本年新收
        ("6000017", [6, 0, 0, 0, 0, 1, 7]),  # h03 予以公开
        ("23 0 00 0 023", [23, 0, 0, 0, 0, 0, 23]),  # h02 （七）总计
        ("0 0 00 00 0", [0] * 7),  # h02 结转下年度
    ],
)
def test_row_total_makes_the_split_unique(printed: str, cells: list[int]) -> None:
    result = split_digits(printed, ROW)
    assert result.unique == tuple(Decimal(c) for c in cells)


def test_fifteen_zeros_of_section_four() -> None:
    assert (
        split_digits("000000000000000", [(5, parts_sum_to_last)] * 3).unique == (Decimal(0),) * 15
    )


def test_several_splits_are_reported_not_guessed() -> None:
    result = split_digits(
        "898989", [(3, None)]
    )  # h02 规范性文件: no identity constrains section 二
    assert result.unique is None
    assert len(result.candidates) > 1


def test_minus_sign_is_a_boundary() -> None:
    assert split_digits("35-15", [(2, None)]).unique == (
        Decimal(35),
        Decimal(-15),
    )  # h03 行政事业性收费


def test_no_leading_zeros_and_every_candidate_satisfies_the_identity() -> None:
    result = split_digits("1000001", ROW)
    assert result.candidates
    for candidate in result.candidates:
        assert sum(candidate[:-1]) == candidate[-1]
