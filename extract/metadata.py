"""Report metadata from the document: agency, reporting year, publication date, template version."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from extract.numbers import compact_text, normalize_text
from extract.template import VERSION_MARKERS, TemplateVersion

_NAME = r"[\u4e00-\u9fff()（）]{2,40}?"
_TITLE = re.compile(
    rf"^(?:附件\d*[:：]?)?(?P<pre>{_NAME})?(?P<year>20\d\d)年度?(?P<post>{_NAME})?"
    r"政府信息公开(?:工作)?年度?报告(?:[-—_|].*)?$"
)
_PERIOD = re.compile(r"(?:统计期限|统计时限|数据统计).{0,8}?(20\d\d)\s*年\s*1\s*月\s*1\s*日")
_ISO_DATE = re.compile(
    r"(?:发布日期|发布时间|公开日期|成文日期)\s*[:：]?\s*(20\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})"
)
_BARE_DATE = re.compile(r"(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})")
_CN_DATE = re.compile(r"^(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")


# Short forms that titles use for an agency's full name (上海市科委 = 上海市科学技术委员会). The raw
# layer keeps the name as printed; the conformed layer and scoring compare the full form.
ABBREVIATIONS = {
    "科委": "科学技术委员会",
    "发改委": "发展和改革委员会",
    "经信委": "经济和信息化委员会",
    "卫健委": "卫生健康委员会",
    "教委": "教育委员会",
    "发改局": "发展和改革局",
    "人社局": "人力资源和社会保障局",
    "住建局": "住房和城乡建设局",
}
_ABBREVIATED = re.compile(rf"({'|'.join(ABBREVIATIONS)})$")


def expand_abbreviation(name: str) -> str:
    """The full form of an agency name that ends in a common short form; other names unchanged."""
    return _ABBREVIATED.sub(lambda m: ABBREVIATIONS[m[1]], name)


@dataclass(frozen=True)
class Metadata:
    agency_name: str | None
    report_year: int | None
    published_on: str | None
    agency_source: str  # where the agency name came from: title, title_hint, signature, file_name
    year_source: str
    published_source: str = "none"  # page_field, signature, document_properties


@lru_cache(maxsize=4)  # one document's text is read by several readers in a row
def _normalized_document(text: str) -> str:
    return normalize_text(text)


def _compact_document(text: str) -> str:
    return _normalized_document(text).replace(" ", "")


_TITLE_REACH = 400  # raw characters: a title's words (at most ~110), even spaced out, fit


def _title_match(candidate: str) -> tuple[str, int] | None:
    if "告" not in candidate:  # every title ends in 报告: no need to normalise the line
        return None
    head = compact_text(candidate[:_TITLE_REACH])  # a line that goes on is read as far as a title
    if len(candidate) > _TITLE_REACH and head.endswith(("报", "报告")):  # cut at its end: all
        head = compact_text(candidate)
    match = _TITLE.match(head)
    if match is None:
        return None
    agency = match["pre"] or match["post"]
    return (agency, int(match["year"])) if agency else None


def _title_from_lines(lines: list[str]) -> tuple[str, int] | None:
    """The title: one line, a line wrapped onto the next, or the agency on the line above."""
    head = [ln for ln in lines[:25] if ln.strip()]
    joins: tuple[Callable[[int], str], ...] = (
        lambda i: head[i],
        lambda i: head[i] + head[i + 1] if i + 1 < len(head) else "",
        lambda i: head[i - 1] + head[i] if i > 0 else "",
    )
    for join in joins:
        for i in range(len(head)):
            found = _title_match(join(i))
            if found:
                return found
    return None


def _published_on(
    text: str, hint: str | None, properties_date: str | None
) -> tuple[str | None, str]:
    """The publication date and where it came from: a page field, the signature, the file's properties."""
    for source, candidate in (("page_field", hint or ""), ("page_field", text)):
        match = _ISO_DATE.search(_normalized_document(candidate)) or _BARE_DATE.match(
            candidate.strip()
        )
        if match and (candidate is hint or match.re is _ISO_DATE):
            return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}", source
    tail = [ln.strip() for ln in text.split("\n") if ln.strip()][-12:]
    for line in reversed(tail):
        match = _CN_DATE.match(compact_text(line))
        if match:
            return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}", "signature"
    if properties_date:
        return properties_date, "document_properties"
    return None, "none"


def _signature(text: str) -> str | None:
    """The agency name printed alone on a line just above the closing date."""
    tail = [compact_text(ln) for ln in [ln for ln in text.split("\n") if ln.strip()][-8:]]
    for i, line in enumerate(tail[1:], 1):
        if _CN_DATE.match(line) and re.fullmatch(_NAME, tail[i - 1]):
            return tail[i - 1]
    return None


def read_metadata(
    text: str,
    title_hint: str | None,
    published_hint: str | None,
    file_stem: str,
    properties_date: str | None = None,
) -> Metadata:
    agency: str | None = None
    year: int | None = None
    agency_source = year_source = "none"
    for source, candidate in (
        ("title_hint", _title_match(title_hint) if title_hint else None),
        ("title", _title_from_lines(text.split("\n"))),
    ):
        if candidate:
            agency, year = candidate
            agency_source = year_source = source
            break
    if year is None:
        period = _PERIOD.search(_compact_document(text))
        if period:
            year, year_source = int(period[1]), "statistics_period"
    if agency is None:
        agency = _signature(text)
        agency_source = "signature" if agency else "none"
    if agency is None:
        agency, agency_source = file_stem, "file_name"
    published, published_source = _published_on(text, published_hint, properties_date)
    return Metadata(agency, year, published, agency_source, year_source, published_source)


def detect_template_version(text: str, report_year: int | None) -> tuple[TemplateVersion, str]:
    """The version the document prints (section 二 headers, （六） rows); the year only breaks ties."""
    document = _compact_document(text)
    hits = {
        v: sum(document.count(marker) for marker in markers)
        for v, markers in VERSION_MARKERS.items()
    }
    if hits[TemplateVersion.V2021] != hits[TemplateVersion.V2019]:
        version = max(hits, key=lambda v: hits[v])
        return (
            version,
            f"printed markers 2019:{hits[TemplateVersion.V2019]} 2021:{hits[TemplateVersion.V2021]}",
        )
    by_year = TemplateVersion.V2021 if (report_year or 0) >= 2021 else TemplateVersion.V2019
    return by_year, "no printed markers; chosen by reporting year"


_REGION_WIDE = re.compile(
    r"(全省|全市|全区|全县|全州|全盟|全旗)(?:各级|各地|各部门|政府系统|行政机关|共|累计|范围内)"
)
_SUMMARY = re.compile(
    r"汇总[^。；]{0,20}(?:各|全)|各级行政机关|各县(?:市)?区|各区县|各乡镇|[我全][省市区县](?:各级)?政府信息公开(?:工作)?单位"
)
_OWN = re.compile(r"本机关|本单位|我局|我委|我中心|我办|我厅|代表(?:省|市|区|县)政府")


def detect_scope(narrative: str) -> tuple[str, str | None]:
    """Whether the report covers a whole region (汇总 of its departments and lower governments)
    or only the agency itself, as its preamble and 总体情况 say; ``unknown`` when they do not."""
    sentences = [s for s in re.split(r"(?<=[。；;])", compact_text(narrative)) if s]
    for pattern, scope in ((_REGION_WIDE, "region"), (_SUMMARY, "region"), (_OWN, "self")):
        for sentence in sentences:
            match = pattern.search(sentence)
            if match:
                start = max(0, match.start() - 40)
                return scope, sentence[start : match.end() + 60]
    return "unknown", None
