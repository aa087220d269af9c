"""Printed cell text → number: units, full-width digits, odd spaces, and blank kept apart from 0."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Printed in a cell to mean "nothing here": treated as blank, never as 0.
BLANK_MARKS = frozenset({"", "-", "—", "－", "/", "／", "——", "--", "\\"})
UNITS = ("万元", "万", "元", "个", "件", "条", "项", "次", "人")
_UNIT_ALT = "|".join(UNITS)
_NUMBER = re.compile(
    rf"^(?P<sign>[-−])?(?P<num>\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(?P<unit>{_UNIT_ALT})?$"
)


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII), every kind of space folded to one space."""
    folded = (  # the quick check is much faster than normalising text that already is
        text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)
    )
    return re.sub(r"\s+", " ", folded).strip()


def compact_text(text: str) -> str:
    """Normalised text without any space: the form labels and sentences are compared in."""
    return normalize_text(text).replace(" ", "")


@lru_cache(maxsize=8)  # a section is read by the narrative's figures and the scope, in a row
def compact_section(text: str) -> str:
    return compact_text(text)


@dataclass(frozen=True)
class ParsedValue:
    value: float | None
    is_blank: bool
    unit: str | None
    is_numeric: bool


def parse_value(text: str) -> ParsedValue:
    """Parse one printed cell. Non-numeric text gives ``is_numeric=False`` (and no value)."""
    cleaned = compact_text(text)
    if cleaned in BLANK_MARKS:
        return ParsedValue(None, True, None, True)
    match = _NUMBER.match(cleaned)
    if match is None:
        return ParsedValue(None, False, None, False)
    try:
        number = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return ParsedValue(None, False, None, False)
    if match["sign"]:
        number = -number
    return ParsedValue(float(number), False, match["unit"], True)
