"""The bench writes its tables into the README (benchmarks/readme.py): a block is replaced whole
and nothing around it moves; the targets table keeps the rows of targets a run did not measure."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from readme import block, markdown_table, merged_rows, replace_block, table_rows  # noqa: E402

README = """# Performance

Some prose.

<!-- bench: extraction -->
old table
<!-- /bench -->

Why: prose that stays.

<!-- bench: targets -->
| target | run | measured |
|--------|-----|----------|
| text   | old | 220      |
| build  | old | 235      |
<!-- /bench -->
"""


def test_a_block_is_replaced_whole_and_the_text_around_it_stays() -> None:
    written = replace_block(README, "extraction", "| a |\n|---|\n| 1 |\n")
    assert "old table" not in written
    assert block(written, "extraction") == "| a |\n|---|\n| 1 |"
    assert (
        written.split("<!-- bench: extraction -->")[0]
        == README.split("<!-- bench: extraction -->")[0]
    )
    assert written.split("<!-- /bench -->", 1)[1] == README.split("<!-- /bench -->", 1)[1]


def test_a_missing_block_is_an_error_not_a_silent_skip() -> None:
    with pytest.raises(KeyError, match="parallel"):
        replace_block(README, "parallel", "x")
    with pytest.raises(KeyError, match="no <!-- /bench -->"):
        replace_block("<!-- bench: parallel -->\nunclosed", "parallel", "x")


def test_a_table_reads_back_as_its_rows() -> None:
    rows = [["text", "samples", 231.6], ["a long target name", "10,000 reports", 74.2]]
    table = markdown_table(["target", "run", "measured"], rows)
    assert table.splitlines()[1] == "|--------------------|----------------|----------|"
    assert table_rows(table) == [
        ["text", "samples", "231.6"],
        ["a long target name", "10,000 reports", "74.2"],
    ]


def test_targets_not_measured_keep_their_row_and_the_order_is_the_targets() -> None:
    kept = table_rows(block(README, "targets"))
    merged = merged_rows(["build", "parallel", "text"], kept, [["text", "new", 240.0]])
    assert merged == [["build", "old", "235"], ["text", "new", 240.0]]


def test_a_target_measured_at_two_sizes_keeps_both_rows_and_replaces_the_old_one() -> None:
    kept = table_rows(block(README, "targets"))
    new = [["build", "10,000 reports", 83.0], ["build", "101,995 reports", 54.0]]
    merged = merged_rows(["build", "text"], kept, new)
    assert merged == [*new, ["text", "old", "220"]]
