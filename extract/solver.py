"""Flattened tables solved as a whole: one reading per digit run, chosen with every identity.

A crawler that ran a table's cells together leaves digit runs that split several ways. Each
run is first split under its own row identity (:mod:`extract.digits`). Runs that still split
several ways, or in no way at all (the document breaks that row's identity), are settled here
together, by every identity of the table: among all combinations of their readings, the ones
that break the fewest identities, and among those the smallest total break. A reading is kept
only when exactly one combination is best; the caller is told how many identities it breaks.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from extract.template import Identity

Cell = tuple[str, str]  # (row_key, col_key)
Reading = Mapping[Cell, Decimal]

# Combinations tried at most; beyond this the runs stay ambiguous (and the warning says why).
MAX_COMBINATIONS = 200_000


@dataclass(frozen=True)
class JointResult:
    chosen: (
        tuple[int, ...] | None
    )  # the index of the chosen reading of each run; None: no single best
    broken: tuple[Identity, ...]  # the identities that the chosen reading breaks
    reason: str  # why nothing was chosen, or how the choice was made


def solve_jointly(
    runs: Sequence[Sequence[Reading]], known: Reading, identities: Sequence[Identity]
) -> JointResult:
    """Choose one reading per run. ``known`` holds the table's other values (blank = 0)."""
    count = math.prod(len(readings) for readings in runs)
    if count == 0:
        return JointResult(None, (), "a run has no reading")
    if count > MAX_COMBINATIONS:
        return JointResult(
            None, (), f"{count} combinations of readings, more than {MAX_COMBINATIONS} to compare"
        )
    involved = {cell for readings in runs for reading in readings for cell in reading}
    relevant = [i for i in identities if involved & {*i.lhs, *i.rhs}]
    best: tuple[int, Decimal] | None = None
    winners: list[tuple[tuple[int, ...], tuple[Identity, ...]]] = []
    for choice in itertools.product(*(range(len(readings)) for readings in runs)):
        values = dict(known)
        for readings, index in zip(runs, choice, strict=True):
            values.update(readings[index])
        broken, size = _breaks(relevant, values)
        score = (len(broken), size)
        if best is None or score < best:
            best, winners = score, [(choice, broken)]
        elif score == best:
            winners.append((choice, broken))
    if len(winners) != 1:
        return JointResult(
            None, (), f"{len(winners)} readings break {best[0] if best else 0} identities equally"
        )
    choice, broken = winners[0]
    fewest = f"the one reading that breaks the fewest identities ({len(broken)})"
    how = fewest if broken else "the only reading that keeps every identity"
    return JointResult(choice, broken, how)


def _breaks(
    identities: Sequence[Identity], values: Reading
) -> tuple[tuple[Identity, ...], Decimal]:
    """The identities broken (those whose cells are all known) and the total size of the breaks."""
    broken: list[Identity] = []
    size = Decimal(0)
    for identity in identities:
        cells = (*identity.lhs, *identity.rhs)
        if any(cell not in values for cell in cells):
            continue
        difference = sum((values[c] for c in identity.lhs), Decimal(0)) - sum(
            (values[c] for c in identity.rhs), Decimal(0)
        )
        if difference:
            broken.append(identity)
            size += abs(difference)
    return tuple(broken), size
