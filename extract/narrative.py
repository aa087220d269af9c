"""Figures the narrative states (共受理申请859件, 行政复议7件, 收取信息处理费3940元 …).

Reports repeat their table figures in prose; when the two disagree, one of them is wrong. Each
figure is landed with the sentence it came from, and the warehouse compares it with the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extract.numbers import compact_section
from extract.sections import Section

# figure_key → patterns (on text without spaces); the first group is the number.
FIGURE_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "new_received": (
        re.compile(r"(?:受理|收到|新收)[^。；0-9]{0,14}?申请[^。；0-9]{0,8}?(\d+)件"),
    ),
    "total_processed": (re.compile(r"(?:答复|办结|办理)[^。；0-9]{0,10}?(?:申请)?(\d+)件"),),
    "carried_over": (re.compile(r"上年度?结转(?:的)?(?:申请)?(\d+)件"),),
    "carried_forward": (
        re.compile(r"(\d+)件(?:申请)?[^。；0-9]{0,16}?(?:顺延|结转)到?下一?年度?"),
    ),
    "granted_or_partial": (re.compile(r"予以公开(?:及|和|或|、)部分公开[^。；0-9]{0,6}?(\d+)件"),),
    "reconsideration": (re.compile(r"行政复议(?:案件)?(\d+)(?:件|起)"),),
    "litigation": (re.compile(r"(?:行政)?诉讼(?:案件)?(\d+)(?:件|起)"),),
}
NARRATIVE_SECTIONS = (0, 1, 4, 6)

# Fees, read as an amount with its unit and landed in 元; a statement that none was charged
# (未收取任何费用, 未发生政府信息公开收费事项) reads as 0. fee_yuan is the 信息处理费 (or a fee the
# sentence does not name); admin_fee_yuan the 行政事业性收费 that section 二 prints in 万元.
_FEE_TALK = re.compile(r"收取|收费|缴纳|处理费")
_FEE_AMOUNT = re.compile(r"(?:收取|收费|处理费)[^。；0-9]{0,16}?(\d+(?:\.\d+)?)(万元|元)")
_NO_FEE = re.compile(r"(?:未|没有|无|不)(?:产生|发生|收取|收|存在|涉及)[^。；0-9]{0,20}?费")
YUAN_PER_UNIT = {"元": 1, "万元": 10_000}


@dataclass(frozen=True)
class NarrativeFigure:
    figure_key: str
    value: float
    section_number: int
    quote: str


def _sentences(text: str) -> Iterable[str]:
    for sentence in re.split(r"(?<=[。；;])", compact_section(text)):
        if sentence.strip():
            yield sentence


def fee_statement(sentence: str) -> tuple[str, float] | None:
    """The fee a sentence states, as (figure key, amount in 元), or None."""
    if not _FEE_TALK.search(sentence):
        return None
    key = "admin_fee_yuan" if "行政事业性收费" in sentence else "fee_yuan"
    if amount := _FEE_AMOUNT.search(sentence):
        return key, round(float(amount[1]) * YUAN_PER_UNIT[amount[2]], 2)
    return (key, 0.0) if _NO_FEE.search(sentence) else None


def _sentence_figures(sentence: str) -> Iterable[tuple[str, float]]:
    for key, patterns in FIGURE_PATTERNS.items():
        for pattern in patterns:
            if match := pattern.search(sentence):
                yield key, float(match.group(1))
                break
    if fee := fee_statement(sentence):
        yield fee


def narrative_figures(sections: Iterable[Section]) -> list[NarrativeFigure]:
    """The first statement of each figure in the narrative sections (一, 四, 六 and the preamble)."""
    found: dict[str, NarrativeFigure] = {}
    for section in sections:
        if section.number not in NARRATIVE_SECTIONS:
            continue
        for sentence in _sentences(section.text):
            for key, value in _sentence_figures(sentence):
                if key not in found:
                    found[key] = NarrativeFigure(key, value, section.number, sentence[:200])
    return list(found.values())
