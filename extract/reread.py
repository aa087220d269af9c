"""Scans: where OCR's reading of a table breaks an identity, read the cells again and let the
identities choose.

A value that OCR read from a page image can be a misread (a lone "1" passed over, "1" seen as
"21"). When a row or column identity of 三 or 四 breaks, every OCR-read cell it adds is read
again from its crop, enlarged (:class:`extract.formats.ocr.CellRereader`). Among the readings,
the identities choose: a re-read is kept only when exactly one combination of readings keeps
every identity those cells take part in. Each value chosen this way is marked
``reread_by_identity`` with the re-read's confidence. When no combination keeps them, every
value stays as first read and the broken identity stays a finding; nothing is set to 0.

The money cells of 二 take part in no identity. Each one OCR read is read again with every
mark kept: a decimal point at 100 dpi is a dot or two of ink that the page's reading can pass
over ("96171.6" read as "961716"). When every enlargement agrees on another number, the cell
is left null (``ambiguous``) with both readings in a warning; neither is chosen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from extract.align import Method, TableValue
from extract.document import Rereader
from extract.numbers import parse_value
from extract.solver import Reading, solve_jointly
from extract.template import (
    MONEY_COLUMNS,
    Identity,
    TableKey,
    TemplateVersion,
    request_identities,
    review_identities,
)

# Only values OCR read as printed in their own cell are read again (not a split or a recovery),
# and only when the first reading is in doubt: nothing recognised in the cell, or a low score.
# A confident first reading is never replaced: a crop at 100 dpi can read the next cell's digit.
_REREADABLE = (Method.READ, Method.PLACED_BY_ORDER)
_CONFIDENT = 0.95
# A re-read counts only when every enlargement reads the same number, each with at least this
# score (a lone thin "1" at 100 dpi scores 0.4–0.7); a money cell's, which no identity checks,
# with a higher one.
_FAINT = 0.3
_AGREED = 0.8

Cell = tuple[str, str]  # (row_key, col_key)


def reread_by_identities(
    values: Sequence[TableValue], reread: Rereader, version: TemplateVersion, warnings: list[str]
) -> list[TableValue]:
    """The values, with the cells that a re-read and the identities settle replaced."""
    settled = list(values)
    tables = (
        (TableKey.REQUESTS, request_identities(version)),
        (TableKey.REVIEW_LITIGATION, review_identities()),
    )
    for table, identities in tables:
        index = {(v.row_key, v.col_key): i for i, v in enumerate(settled) if v.table_key == table}
        cells = {cell: settled[i] for cell, i in index.items()}
        for cell, value in _settle_table(cells, identities, reread, warnings).items():
            settled[index[cell]] = value
    return settled


def _known(cells: dict[Cell, TableValue]) -> dict[Cell, Decimal]:
    """The table's values as the identities add them: a blank is 0, an unread cell unknown."""
    return {
        cell: Decimal(str(v.value)) if v.value is not None else Decimal(0)
        for cell, v in cells.items()
        if v.value is not None or v.is_blank
    }


def _in_doubt(value: TableValue) -> bool:
    confidence = value.ocr_confidence
    return (
        value.is_ocr
        and value.method in _REREADABLE
        and (value.is_blank or confidence is None or confidence < _CONFIDENT)
    )


def _agreed(
    readings: Sequence[tuple[str, float]], floor: float = _AGREED
) -> tuple[Decimal, str, float] | None:
    """The number every enlargement read, confidently; None when they differ or doubt."""
    numbers = {parse_value(text).value for text, _ in readings}
    if not readings or len(numbers) != 1 or None in numbers:
        return None
    if min(score for _, score in readings) < floor:
        return None
    text, score = min(readings, key=lambda reading: reading[1])
    return Decimal(str(numbers.pop())), text, score


def _is_broken(identity: Identity, known: dict[Cell, Decimal]) -> bool:
    members = (*identity.lhs, *identity.rhs)
    if identity.comparison != "equal" or any(c not in known for c in members):
        return False
    return sum(known[c] for c in identity.lhs) != sum(known[c] for c in identity.rhs)


def _settle_table(
    cells: dict[Cell, TableValue],
    identities: Sequence[Identity],
    reread: Rereader,
    warnings: list[str],
) -> dict[Cell, TableValue]:
    known = _known(cells)
    broken = [i for i in identities if _is_broken(i, known)]
    suspects = sorted(
        {
            cell
            for identity in broken
            for cell in (*identity.lhs, *identity.rhs)
            if _in_doubt(cells[cell])
        }
    )
    options: dict[Cell, dict[Decimal, tuple[str, float | None]]] = {}
    for cell in suspects:
        first = cells[cell]
        readings = {known[cell]: (first.value_text, first.ocr_confidence)}
        agreed = _agreed(reread(first.position), _FAINT)
        if agreed is not None and agreed[0] not in readings:
            readings[agreed[0]] = agreed[1:]
            options[cell] = readings
    changed: dict[Cell, TableValue] = {}
    for group in _linked(list(options), identities):
        chosen = _choose({c: options[c] for c in group}, known, identities)
        for cell, (number, text, score) in chosen.items():
            first = cells[cell]
            warnings.append(
                f"{first.table_key.value} {cell[0]}.{cell[1]} @{first.position}: OCR read "
                f"{first.value_text!r}, read again larger as {text!r} (confidence {score:.2f}), "
                "the one reading that mends the identities it is in"
            )
            changed[cell] = replace(
                first,
                value=float(number),
                is_blank=False,
                value_text=text,
                method=Method.REREAD_BY_IDENTITY,
                ocr_confidence=score,
            )
    return changed


def _linked(cells: list[Cell], identities: Sequence[Identity]) -> list[list[Cell]]:
    """The cells in groups that share identities (directly or through each other): each group
    is settled on its own, so that one row the report itself breaks does not hold up another."""
    groups: list[set[Cell]] = []
    for cell in cells:
        touching = {c for i in identities if cell in (*i.lhs, *i.rhs) for c in (*i.lhs, *i.rhs)}
        joined = [g for g in groups if g & touching]
        merged = {cell}.union(*joined)
        groups = [g for g in groups if not g & touching] + [merged]
    return [sorted(g) for g in groups]


def _choose(
    options: dict[Cell, dict[Decimal, tuple[str, float | None]]],
    known: dict[Cell, Decimal],
    identities: Sequence[Identity],
) -> dict[Cell, tuple[Decimal, str, float]]:
    """The re-read values of one group: the one best combination of readings, when it breaks no
    identity that the first reading kept, kept for each re-read cell that itself mends an
    identity it is in. A re-read that mends none (1 where 0 is printed, narrowing a break that a
    5 passed over leaves open) keeps its first reading, and the rest are chosen again."""
    before = {i for i in identities if _is_broken(i, known)}
    options = dict(options)
    while options:
        runs = [[{cell: number} for number in readings] for cell, readings in options.items()]
        others: Reading = {c: v for c, v in known.items() if c not in options}
        result = solve_jointly(runs, others, identities)
        if result.chosen is None or not set(result.broken) <= before:
            return {}
        mended = before - set(result.broken)
        changed = {
            cell: choice for cell, choice in zip(options, result.chosen, strict=True) if choice
        }
        unsettled = [c for c in changed if not any(c in (*i.lhs, *i.rhs) for i in mended)]
        if not unsettled:
            return {
                cell: (number, text, score or 0.0)
                for cell, choice in changed.items()
                for number, (text, score) in [list(options[cell].items())[choice]]
            }
        for cell in unsettled:
            del options[cell]
    return {}


def doubt_money_cells(
    values: Sequence[TableValue], reread: Rereader, warnings: list[str]
) -> list[TableValue]:
    """The values, with each OCR-read money cell that reads as another number when read again
    (every mark kept) left null."""
    checked = list(values)
    for i, value in enumerate(checked):
        if not value.is_ocr or value.col_key not in MONEY_COLUMNS or value.value is None:
            continue
        agreed = _agreed(reread(value.position, every_mark=True))
        if agreed is None or agreed[0] == Decimal(str(value.value)):
            continue
        warnings.append(
            f"{value.table_key.value} {value.row_key}.{value.col_key} @{value.position}: OCR "
            f"read {value.value_text!r}, read again larger as {agreed[1]!r}; left null, "
            "no identity tells which is printed"
        )
        checked[i] = replace(value, value=None, method=Method.AMBIGUOUS)
    return checked
