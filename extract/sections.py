"""The six sections of a report, found by their headings (worded in many ways), and the
report's outline: every heading numbered 一、二、… as printed, whether or not it is in place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from extract.template import REPORT_SECTIONS, REQUEST_TABLE_GROUP_LABELS, SECTION_ONE_SUB_TOPICS

_SEP = r"\s*[、.．]\s*"
HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = tuple(
    (s.number, re.compile(rf"{s.numeral}{_SEP}{s.topic}")) for s in REPORT_SECTIONS
)


@dataclass(frozen=True)
class Section:
    number: int  # 0 for text before the first heading
    heading: str
    text: str


def split_sections(text: str) -> list[Section]:
    """Headings in order; each is searched for after the previous one, so in-table labels
    such as 三、本年度办理结果 or 四、结转下年度继续办理 are not taken for headings."""
    found: list[tuple[int, int, int]] = []  # number, start, end of heading text
    cursor = 0
    for number, pattern in HEADINGS:
        match = pattern.search(text, cursor)
        if match is None:
            continue
        line_end = text.find("\n", match.end())
        end = match.end() if line_end == -1 or line_end - match.start() > 40 else line_end
        found.append((number, match.start(), end))
        cursor = end
    sections: list[Section] = []
    preamble_end = found[0][1] if found else len(text)
    if text[:preamble_end].strip():
        sections.append(Section(0, "", text[:preamble_end].strip()))
    for i, (number, start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(text)
        sections.append(Section(number, text[start:end].strip(), text[end:stop].strip()))
    return sections


# ---- the outline ---------------------------------------------------------------------------

_NUMERALS = "一二三四五六七八九"
# Before the numeral: blanks, Markdown marks, a converter's tag such as [bookmark: _GoBack].
_TOP_LEVEL_LINE = re.compile(
    rf"^(?:[\s#*>]|\[[^\]]{{0,40}}\])*(十[{_NUMERALS}]?|[{_NUMERALS}]){_SEP}(\S.*)$"
)
_TOPICS = tuple((s.number, re.compile(s.topic)) for s in REPORT_SECTIONS)
_SUB_TOPIC = re.compile(SECTION_ONE_SUB_TOPICS)
_HEADING_CHARS = 40
MIN_LINE_START_SECTIONS = 3  # fewer: the line breaks were lost (a crawler dump)


class HeadingKind(StrEnum):
    SECTION = "section"  # worded as one of the six sections
    SUB_TOPIC = "sub_topic"  # worded as a sub-topic of section 一 (主动公开, 平台建设 …)
    TABLE_LABEL = "table_label"  # a row label of section 三's table (一、本年新收 …)
    OTHER = "other"


@dataclass(frozen=True)
class OutlineHeading:
    line: int  # 1-based line of the document's text
    numeral: str
    number: int  # the numeral's value
    heading: str  # as printed, at most 40 characters
    kind: HeadingKind
    topic: int | None  # the section (1-6) the wording names, if any
    at_line_start: bool  # False: found inside running text


def numeral_value(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12 (top-level sections stop well before 二十)."""
    tens, units = numeral.startswith("十"), numeral.removeprefix("十")
    return 10 * tens + (_NUMERALS.index(units) + 1 if units else 0)


def classify_heading(text: str) -> tuple[HeadingKind, int | None]:
    """What a heading's wording (after its numeral) says it is."""
    compact = re.sub(r"\s+", "", text)
    if compact.startswith(("（", "(")) or any(
        compact.startswith(label) or label.startswith(compact)
        for label in REQUEST_TABLE_GROUP_LABELS
    ):
        return HeadingKind.TABLE_LABEL, None
    for number, topic in _TOPICS:
        if topic.match(compact):
            return HeadingKind.SECTION, number
    if _SUB_TOPIC.search(compact[:16]):
        return HeadingKind.SUB_TOPIC, None
    return HeadingKind.OTHER, None


def _line_start_headings(lines: list[str]) -> list[OutlineHeading]:
    headings = []
    for index, line in enumerate(lines, 1):
        match = _TOP_LEVEL_LINE.match(line)
        if match is None:
            continue
        numeral = match[1]
        kind, topic = classify_heading(match[2])
        heading = f"{numeral}、{match[2].strip()}"[:_HEADING_CHARS]
        headings.append(
            OutlineHeading(index, numeral, numeral_value(numeral), heading, kind, topic, True)
        )
    return headings


def _running_text_headings(text: str) -> list[OutlineHeading]:
    """The six headings wherever they stand, for text whose line breaks were lost."""
    found = sorted(
        (match.start(), number, re.sub(r"\s+", "", match[0])[:_HEADING_CHARS])
        for number, pattern in HEADINGS
        for match in pattern.finditer(text)
    )
    return [
        OutlineHeading(
            text.count("\n", 0, start) + 1,
            heading[0],
            number,
            heading,
            HeadingKind.SECTION,
            number,
            at_line_start=False,
        )
        for start, number, heading in found
    ]


def outline(text: str) -> list[OutlineHeading]:
    """The headings numbered with 一、二、… in document order. Lines that start with a numeral
    are the outline; when fewer than three of them are section headings (a crawler dump that
    lost its line breaks), the six headings are looked for in the running text instead."""
    headings = _line_start_headings(text.split("\n"))
    if sum(h.kind is HeadingKind.SECTION for h in headings) >= MIN_LINE_START_SECTIONS:
        return headings
    return _running_text_headings(text)
