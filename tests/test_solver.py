"""Flattened tables solved as a whole: what the joint solver recovers and what it refuses.

Tables are generated consistent with the template's identities, flattened the way a crawler
does (each row's cells run together), optionally broken in one identity, and read back through
the aligner.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.align import Method, align
from extract.document import Cell
from extract.solver import _breaks, solve_jointly
from extract.template import (
    REQUEST_COLUMNS,
    REVIEW_ROWS,
    TemplateVersion,
    request_identities,
    request_rows,
    review_identities,
)
from tests.conftest import sample_path

V21 = TemplateVersion.V2021
ROWS = request_rows(V21)
OUTCOMES = [
    r.key
    for r in ROWS
    if r.key not in ("new_received", "carried_over", "total_processed", "carried_forward")
]
small = st.integers(min_value=0, max_value=30)


@st.composite
def consistent_tables(draw: st.DrawFn) -> dict[str, list[int]]:
    """Section 三 of template 2021 with every identity holding; most outcome cells 0."""
    table: dict[str, list[int]] = {key: [0] * 6 for key in (r.key for r in ROWS)}
    for column in range(6):
        for key in draw(st.lists(st.sampled_from(OUTCOMES), max_size=3)):
            table[key][column] = draw(small)
        processed = sum(table[key][column] for key in OUTCOMES)
        table["total_processed"][column] = processed
        table["carried_forward"][column] = draw(st.integers(0, 5))
        table["carried_over"][column] = draw(
            st.integers(0, processed + table["carried_forward"][column])
        )
        table["new_received"][column] = (
            processed + table["carried_forward"][column] - table["carried_over"][column]
        )
    return {key: [*parts, sum(parts)] for key, parts in table.items()}


@st.composite
def review_rows(draw: st.DrawFn) -> list[int]:
    values: list[int] = []
    for _ in REVIEW_ROWS:
        parts = draw(st.lists(st.integers(0, 12), min_size=4, max_size=4))
        values.extend([*parts, sum(parts)])
    return values


def _flattened(table: dict[str, list[int]], review: list[int]) -> list[Cell]:
    """The cells a crawler's text leaves: each label, then its row's digits run together."""
    cells = [
        Cell("三、收到和处理政府信息公开申请情况", None, "heading"),
        Cell("申请人情况", None, "header"),
    ]
    for row in ROWS:
        cells.append(Cell(row.label, None, f"label {row.key}"))
        cells.append(Cell("".join(map(str, table[row.key])), None, f"run {row.key}", fused=True))
    cells.append(Cell("四、政府信息公开行政复议、行政诉讼情况 行政复议", None, "heading 四"))
    cells.append(Cell("".join(map(str, review)), None, "run 四", fused=True))
    return cells


def _read(cells: list[Cell]) -> dict[tuple[str, str, str], tuple[float | None, Method]]:
    return {
        (v.table_key.value, v.row_key, v.col_key): (v.value, v.method)
        for v in align(cells, V21).values
    }


@given(consistent_tables(), review_rows())
@settings(max_examples=100, deadline=None)
def test_a_consistent_table_is_read_right_or_left_open(
    table: dict[str, list[int]], review: list[int]
) -> None:
    """Never a wrong number: each value is the printed one, or null and ambiguous."""
    got = _read(_flattened(table, review))
    for row in ROWS:
        for column, want in zip(REQUEST_COLUMNS, table[row.key], strict=True):
            value, method = got[("requests", row.key, column.key)]
            assert (
                method == Method.AMBIGUOUS
                and value is None
                or (value == want and method == Method.SPLIT_BY_CONSTRAINT)
            )


@given(review_rows(), st.integers(0, 2), st.integers(1, 9))
@settings(max_examples=60, deadline=None)
def test_a_broken_group_of_section_four_is_read_as_printed_or_refused(
    review: list[int], group: int, excess: int
) -> None:
    """The document prints a total that its parts do not make. The solver keeps a reading only
    when it is the one reading that breaks fewest identities by least: then it is the printed
    one, or a reading strictly better than the printed one (the document gives no way to tell)."""
    printed = list(review)
    printed[group * 5 + 4] += excess
    table = {r.key: [0] * 7 for r in ROWS}
    got = _read(_flattened(table, printed))
    read = [
        got[("review_litigation", row.key, c)]
        for row in REVIEW_ROWS
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    if all(method == Method.AMBIGUOUS for _, method in read):
        return
    values = [value for value, _ in read]
    assert all(v is not None for v in values)
    cells = [
        (row.key, c)
        for row in REVIEW_ROWS
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]

    def score(reading: list[float | int]) -> tuple[int, Decimal]:
        broken, size = _breaks(
            review_identities(),
            {cell: Decimal(str(v)) for cell, v in zip(cells, reading, strict=True)},
        )
        return len(broken), size

    if values != printed:
        assert score(values) < score(printed)
    else:
        assert {method for _, method in read} == {Method.SPLIT_BREAKING_IDENTITY}


def test_h14_reading_of_section_four_breaks_one_identity_by_four() -> None:
    run = "00202000001324015"
    cells = [
        Cell("四、政府信息公开行政复议、行政诉讼情况 行政复议", None, "h"),
        Cell(run, None, "run", fused=True),
    ]
    got = _read(cells)
    assert [got[("review_litigation", r.key, "total")][0] for r in REVIEW_ROWS] == [2, 0, 15]


def test_several_best_readings_are_refused() -> None:
    """Two readings keep every identity equally: nothing is chosen."""
    identity = request_identities(V21)[0]  # row_total of new_received
    first = {("new_received", "natural_person"): Decimal(1), ("new_received", "total"): Decimal(1)}
    second = {("new_received", "natural_person"): Decimal(2), ("new_received", "total"): Decimal(2)}
    result = solve_jointly([[first, second]], {}, [identity])
    assert result.chosen is None and "2 readings" in result.reason


def _crawler_text_with_an_ambiguous_row() -> str:
    """h14 (a real crawler dump) with section 三 changed so that 予以公开's digits split two ways
    under its own row total (1,10,0,0,0,0,11 or 11,0,0,0,0,0,11); the other rows decide it:
    natural persons sent 2 requests, 1 of them was not held, so 1 was granted."""
    text = sample_path("h14_pingtan_social_affairs_2024").read_text(encoding="utf-8")
    changes = {
        "一、本年新收政府信息公开申请数量 2000002": "一、本年新收政府信息公开申请数量 210000012",
        "（一）予以公开 2000002": "（一）予以公开 110000011",
        "1.本机关不掌握相关政府信息0000000": "1.本机关不掌握相关政府信息1000001",
        "（七）总计2000002": "（七）总计210000012",
    }
    for old, new in changes.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_a_row_that_splits_two_ways_is_decided_by_the_table(tmp_path) -> None:  # noqa: ANN001
    from extract.extraction import extract_file

    path = tmp_path / "pingtan_2024_altered.txt"
    path.write_text(_crawler_text_with_an_ambiguous_row(), encoding="utf-8")
    values = {
        (v.row_key, v.col_key): v
        for v in extract_file(path).values
        if v.table_key.value == "requests"
    }
    assert [values[("granted", c.key)].value for c in REQUEST_COLUMNS] == [1, 10, 0, 0, 0, 0, 11]
    assert values[("granted", "total")].method == Method.SPLIT_BY_CONSTRAINT
    assert [values[("total_processed", c.key)].value for c in REQUEST_COLUMNS] == [
        2,
        10,
        0,
        0,
        0,
        0,
        12,
    ]
