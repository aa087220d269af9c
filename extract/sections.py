"""The six sections of a report, found by their headings (worded in many ways)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEP = r"\s*[、.．]\s*"
HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"一{_SEP}(?:总体|基本)情况")),
    (2, re.compile(rf"二{_SEP}(?:主动)?公开政府信息(?:的)?情况")),
    (3, re.compile(rf"三{_SEP}收到和处理政府信息公开")),
    (4, re.compile(rf"四{_SEP}[^。\n]{{0,16}}?行政复议")),
    (5, re.compile(rf"五{_SEP}[^。\n]{{0,16}}?(?:存在|问题)")),
    (6, re.compile(rf"六{_SEP}其他需要报告")),
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
