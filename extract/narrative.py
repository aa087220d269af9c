"""Figures the narrative states (共受理申请859件, 行政复议7件, 收取信息处理费3940元 …).

Reports repeat their table figures in prose; when the two disagree, one of them is wrong. Each
figure is landed with the sentence it came from, and the warehouse compares it with the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extract.numbers import normalize_text
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
    "fee_yuan": (
        re.compile(r"收取[^。；0-9]{0,24}?(?:处理费|费用|费)[^。；0-9]{0,4}?(\d+(?:\.\d+)?)元"),
    ),
}
NARRATIVE_SECTIONS = (0, 1, 4, 6)


@dataclass(frozen=True)
class NarrativeFigure:
    figure_key: str
    value: float
    section_number: int
    quote: str


def _sentences(text: str) -> Iterable[str]:
    for sentence in re.split(r"(?<=[。；;])", normalize_text(text).replace(" ", "")):
        if sentence.strip():
            yield sentence


def narrative_figures(sections: Iterable[Section]) -> list[NarrativeFigure]:
    """The first statement of each figure in the narrative sections (一, 四, 六 and the preamble)."""
    found: dict[str, NarrativeFigure] = {}
    for section in sections:
        if section.number not in NARRATIVE_SECTIONS:
            continue
        for sentence in _sentences(section.text):
            for key, patterns in FIGURE_PATTERNS.items():
                if key in found:
                    continue
                for pattern in patterns:
                    match = pattern.search(sentence)
                    if match:
                        found[key] = NarrativeFigure(
                            key, float(match.group(1)), section.number, sentence[:200]
                        )
                        break
    return list(found.values())
