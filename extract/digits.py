"""Split a run of digits that lost its cell separators (``640020470``) using the template's identities.

A crawler that flattened a table leaves ``23 0 00 0 023`` for a row whose cells were 23, 0, 0,
0, 0, 0, 23. Without separators many splits are possible; the template's own arithmetic (row
total = sum of the applicant columns; 总计 = 维持 + 纠正 + 其他 + 尚未审结) usually leaves one.
When it leaves several, the caller is told so: it must not guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

GroupCheck = Callable[[Sequence[Decimal]], bool]

# Search budget: a run that needs more steps than this is reported as too ambiguous to split.
MAX_STEPS = 200_000


@dataclass(frozen=True)
class SplitResult:
    candidates: tuple[tuple[Decimal, ...], ...]
    exhausted: bool  # the search budget ran out before every split was tried

    @property
    def unique(self) -> tuple[Decimal, ...] | None:
        return self.candidates[0] if len(self.candidates) == 1 and not self.exhausted else None


def _chunks(text: str, spaces_are_boundaries: bool) -> list[str]:
    """Pieces that must be split independently: a space (optionally) and a minus sign separate."""
    cleaned = re.sub(r"[^\d.\- ]", "", text.replace("−", "-"))
    if not spaces_are_boundaries:
        cleaned = cleaned.replace(" ", "")
    pieces = re.findall(r"-?[\d.]+", cleaned)
    return [p for p in pieces if re.search(r"\d", p)]


def _is_number(token: str) -> bool:
    body = token[1:] if token.startswith("-") else token
    if not body or body.startswith(".") or body.endswith(".") or body.count(".") > 1:
        return False
    integer = body.split(".")[0]
    return integer == "0" or not integer.startswith("0")


def split_digits(text: str, groups: Sequence[tuple[int, GroupCheck | None]]) -> SplitResult:
    """Every way to read ``text`` as ``sum(n for n, _ in groups)`` numbers where each group passes its check.

    Spaces in the run are tried as cell boundaries first; only if that yields nothing are they
    ignored (a stray space inside a number).
    """
    result = _search(_chunks(text, True), groups)
    if not result.candidates and not result.exhausted:
        result = _search(_chunks(text, False), groups)
    return result


def _search(chunks: list[str], groups: Sequence[tuple[int, GroupCheck | None]]) -> SplitResult:
    sizes = [n for n, _ in groups]
    total = sum(sizes)
    boundaries = [sum(sizes[: i + 1]) for i in range(len(sizes))]
    checks = dict(zip(boundaries, (check for _, check in groups), strict=True))
    steps = 0
    found: list[tuple[Decimal, ...]] = []
    # characters in the chunks after chunk i: each number still to read takes at least one
    after = [sum(len(c) for c in chunks[i:]) for i in range(len(chunks) + 1)]

    def walk(chunk_i: int, rest: str, values: list[Decimal]) -> None:
        nonlocal steps
        steps += 1
        if steps > MAX_STEPS:
            return
        if not rest:
            if chunk_i == len(chunks):
                if len(values) == total:
                    found.append(tuple(values))
                return
            walk(chunk_i + 1, chunks[chunk_i], values)
            return
        to_read = total - len(values)
        if to_read <= 0 or len(rest) + after[chunk_i] < to_read:
            return
        # the last number is all that is left, or the split fails
        last_only = to_read == 1 and chunk_i == len(chunks)
        for number, tail in _first_numbers(rest)[-1:] if last_only else _first_numbers(rest):
            if last_only and tail:
                break
            values.append(number)
            check = checks.get(len(values))
            if check is None or check(
                values[len(values) - _group_size(len(values), boundaries, sizes) :]
            ):
                walk(chunk_i, tail, values)
            values.pop()

    if chunks:
        walk(1, chunks[0], [])
    return SplitResult(tuple(dict.fromkeys(found)), steps > MAX_STEPS)


@lru_cache(maxsize=8192)  # the search reaches the same rest of a run by many paths
def _first_numbers(chunk: str) -> tuple[tuple[Decimal, str], ...]:
    """(next number, rest of chunk) for each possible first number of ``chunk``."""
    return tuple(
        (Decimal(chunk[:end]), chunk[end:])
        for end in range(1, len(chunk) + 1)
        if chunk[:end] != "-" and _is_number(chunk[:end])
    )


def _group_size(count: int, boundaries: list[int], sizes: list[int]) -> int:
    return sizes[boundaries.index(count)]


def parts_sum_to_last(values: Sequence[Decimal]) -> bool:
    """The template's row identity: the last cell is the sum of the others."""
    return sum(values[:-1], Decimal(0)) == values[-1]
