"""Property-based tests of the digit splitter and the template aligner: they never crash, and
what they emit satisfies the identities they claim to have used."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.align import Method, align
from extract.digits import parts_sum_to_last, split_digits
from extract.document import Cell
from extract.formats.text import _is_flattened_table_line
from extract.template import REQUEST_COLUMNS, REQUEST_ROWS, TemplateVersion, request_rows

counts = st.integers(min_value=0, max_value=999)


@given(st.lists(counts, min_size=6, max_size=6), st.lists(st.booleans(), min_size=6, max_size=6))
@settings(max_examples=300, deadline=None)
def test_splitter_finds_the_printed_row_and_only_rows_that_add_up(
    parts: list[int], spaced: list[bool]
) -> None:
    row = [*parts, sum(parts)]
    text = "".join(str(v) + (" " if i < 6 and spaced[i] else "") for i, v in enumerate(row))
    result = split_digits(text, [(7, parts_sum_to_last)])
    assert tuple(Decimal(v) for v in row) in result.candidates or result.exhausted
    for candidate in result.candidates:
        assert sum(candidate[:-1]) == candidate[-1]


@given(st.text(alphabet="0123456789 -.元万", max_size=40), st.integers(min_value=1, max_value=15))
@settings(max_examples=300, deadline=None)
def test_splitter_never_crashes(text: str, width: int) -> None:
    result = split_digits(text, [(width, None)])
    for candidate in result.candidates:
        assert len(candidate) == width


def _every_split(chunks: list[str], count: int) -> set[tuple[Decimal, ...]]:
    """Every way to cut the chunks, each on its own, into ``count`` numbers (no leading zeros)."""
    if not chunks:
        return {()} if count == 0 else set()
    first, rest = chunks[0], chunks[1:]
    found: set[tuple[Decimal, ...]] = set()
    for end in range(1, len(first) + 1):
        head = first[:end]
        if head != "0" and head.startswith("0"):
            continue
        remainder = [first[end:], *rest] if end < len(first) else rest
        found |= {(Decimal(head), *tail) for tail in _every_split(remainder, count - 1)}
    return found


@given(st.lists(st.sampled_from("0123456789 "), min_size=1, max_size=11), st.integers(2, 5))
@settings(max_examples=400, deadline=None)
def test_splitter_finds_every_split_that_adds_up(chars: list[str], width: int) -> None:
    """The search prunes the splits that cannot add up; it must not prune one that does."""
    text = "".join(chars)
    chunks = text.split()
    expected = {c for c in _every_split(chunks, width) if sum(c[:-1]) == c[-1]}
    result = split_digits(text, [(width, parts_sum_to_last)])
    if not expected and chunks:  # spaces are tried as boundaries first, then ignored
        joined = "".join(chunks)
        expected = {c for c in _every_split([joined], width) if sum(c[:-1]) == c[-1]}
    assert set(result.candidates) == expected


ROW_WORDS = sorted({k for row in request_rows(TemplateVersion.V2021) for k in row.keywords})


# three rows' words and 其他处理, whose 其他 (row other_other) is printed only inside it
THREE_ROWS_AND_A_PREFIX = [
    *[row.keywords[0] for row in REQUEST_ROWS if "其他" not in "".join(row.keywords)][:3],
    "其他处理",
]


@given(st.lists(st.one_of(st.sampled_from(ROW_WORDS), st.text("0123 其他，", max_size=3))))
@example(THREE_ROWS_AND_A_PREFIX)
@settings(max_examples=300, deadline=None)
def test_a_flattened_line_counts_each_row_whose_words_it_holds(pieces: list[str]) -> None:
    line = "".join(pieces)
    rows_held = sum(1 for row in REQUEST_ROWS if any(k in line for k in row.keywords))
    assert _is_flattened_table_line(line) == (rows_held >= 5)


LABELS = [row.label for row in request_rows(TemplateVersion.V2019)] + [
    "申请人情况",
    "总计",
    "自然人",
    "第二十条第（一）项",
    "信息内容",
    "行政复议",
]
cell_text = st.one_of(st.sampled_from(LABELS), counts.map(str), st.just(""), st.text(max_size=8))


@given(
    st.lists(
        st.tuples(cell_text, st.one_of(st.none(), st.integers(0, 30)), st.booleans()), max_size=120
    )
)
@settings(max_examples=200, deadline=None)
def test_aligner_never_crashes_and_keeps_its_claims(
    stream: list[tuple[str, int | None, bool]],
) -> None:
    cells = [
        Cell(text, row, f"c{i}", fused=fused and text.isdigit())
        for i, (text, row, fused) in enumerate(stream)
    ]
    for version in TemplateVersion:
        alignment = align(cells, version)
        rows: dict[tuple[str, str], list] = {}
        for value in alignment.values:
            rows.setdefault((value.table_key.value, value.row_key), []).append(value)
        for (table, _), values in rows.items():
            if table == "requests" and values[0].method in (
                Method.SPLIT_BY_CONSTRAINT,
                Method.RECOVERED_BY_CONSTRAINT,
            ):
                numbers = [v.value or 0 for v in sorted(values, key=lambda v: v.col_order)]
                assert sum(numbers[:-1]) == numbers[-1]


@given(st.lists(st.lists(counts, min_size=6, max_size=6), min_size=23, max_size=23))
@settings(max_examples=50, deadline=None)
def test_a_printed_table_is_read_back_exactly(parts: list[list[int]]) -> None:
    cells = [Cell("申请人情况", 1, "h")]
    expected = {}
    for r_i, (row, values) in enumerate(
        zip(request_rows(TemplateVersion.V2019), parts, strict=True), start=2
    ):
        printed = [*values, sum(values)]
        cells.append(Cell(row.label, r_i, f"r{r_i}"))
        cells += [Cell(str(v), r_i, f"r{r_i}c{c}") for c, v in enumerate(printed)]
        expected.update(
            {(row.key, col.key): v for col, v in zip(REQUEST_COLUMNS, printed, strict=True)}
        )
    got = {
        (v.row_key, v.col_key): v.value
        for v in align(cells, TemplateVersion.V2019).values
        if v.table_key.value == "requests"
    }
    assert got == expected
