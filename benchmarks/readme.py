"""The README's performance tables are the bench's output: ``make bench BENCH_ARGS="--readme"``
writes each table the run printed into its block of README.md, and the targets it measured
into the targets table (the rows of targets this run did not measure stay as they were).

A block is the text between two markers, replaced whole:

    <!-- bench: extraction -->
    ...
    <!-- /bench -->
"""

from __future__ import annotations

from collections.abc import Sequence

END = "<!-- /bench -->"


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    """A Markdown table with its columns padded to their widest cell."""
    widths = [max(len(str(x)) for x in [h, *[r[i] for r in rows]]) for i, h in enumerate(header)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    lines += [
        "| " + " | ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    return "\n".join(lines)


def _bounds(text: str, key: str) -> tuple[int, int]:
    """Where the block ``key``'s contents start and end in ``text``."""
    begin = f"<!-- bench: {key} -->"
    start = text.find(begin)
    if start < 0:
        raise KeyError(f"the README has no block {begin}")
    start += len(begin)
    end = text.find(END, start)
    if end < 0:
        raise KeyError(f"the README's block {begin} has no {END}")
    return start, end


def block(text: str, key: str) -> str:
    start, end = _bounds(text, key)
    return text[start:end].strip("\n")


def replace_block(text: str, key: str, body: str) -> str:
    start, end = _bounds(text, key)
    return f"{text[:start]}\n{body.strip()}\n{text[end:]}"


def table_rows(table: str) -> list[list[str]]:
    """The body rows of a Markdown table, cells stripped (the header and its rule left out)."""
    lines = [line for line in table.splitlines() if line.startswith("|")][2:]
    return [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]


def _grouped_by_key(rows: Sequence[Sequence[object]]) -> dict[str, list[list[object]]]:
    """Rows grouped by their first cell, in the order they come."""
    grouped: dict[str, list[list[object]]] = {}
    for row in rows:
        grouped.setdefault(str(row[0]), []).append(list(row))
    return grouped


def merged_rows(
    order: list[str], kept: list[list[str]], new: list[list[object]]
) -> list[list[object]]:
    """The rows of each key (the first cell), in ``order``: this run's rows where it has any (a
    target measured at two sizes has two), else the kept ones."""
    rows = _grouped_by_key(kept) | _grouped_by_key(new)
    return [row for key in order for row in rows.get(key, [])]
