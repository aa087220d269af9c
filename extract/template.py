"""The national report template (国办公开办函〔2019〕60号 and 〔2021〕30号): the one place it is defined.

Everything downstream addresses a value by ``(table_key, row_key, col_key)``; the keys are the
published contract (see README, "Canonical keys"). The dbt seed ``seeds/template_dictionary.csv``
and the contract of ``fct_agency_year`` are generated from this module (``ogi template-seed``); a
test keeps them in sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class TemplateVersion(StrEnum):
    V2019 = "2019"
    V2021 = "2021"


class TableKey(StrEnum):
    PROACTIVE = "proactive"
    REQUESTS = "requests"
    REVIEW_LITIGATION = "review_litigation"


BOTH = (TemplateVersion.V2019, TemplateVersion.V2021)
ONLY_2019 = (TemplateVersion.V2019,)
ONLY_2021 = (TemplateVersion.V2021,)


class ValueType(StrEnum):
    """What a cell counts: a number of things, or money in 万元."""

    COUNT = "count"
    MONEY = "money"


COUNT, MONEY = ValueType.COUNT, ValueType.MONEY


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    label_en: str
    value_type: ValueType = COUNT
    may_be_negative: bool = False  # 本年增/减 (template 2019's change in items) is signed


@dataclass(frozen=True)
class Row:
    """One printed row of a template table.

    ``keywords`` are distinctive fragments used to recognise the printed label (typos and
    rewordings included); ``group``/``number`` are the template's own numbering, e.g. the
    row 1.属于国家秘密 under （三）不予公开 is group 3, number 1.
    """

    key: str
    label: str
    label_en: str
    keywords: tuple[str, ...]
    versions: tuple[TemplateVersion, ...] = BOTH
    group: int | None = None
    number: int | None = None
    optional: bool = False


REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人", "from natural persons"),
    Column("commercial", "商业企业", "from commercial enterprises"),
    Column("research", "科研机构", "from research institutions"),
    Column("social_welfare", "社会公益组织", "from public-interest organisations"),
    Column("legal_services", "法律服务机构", "from legal service institutions"),
    Column("other_org", "其他", "from other legal persons or organisations"),
    Column("total", "总计", "all applicants"),
)

REQUEST_ROWS: tuple[Row, ...] = (
    Row(
        "new_received",
        "一、本年新收政府信息公开申请数量",
        "Requests newly received this year",
        ("本年新收",),
    ),
    Row(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        "Requests carried over from the previous year",
        ("上年结转",),
    ),
    Row("granted", "（一）予以公开", "Outcome: disclosed", ("予以公开",), group=1),
    Row(
        "partially_granted",
        "（二）部分公开",
        "Outcome: disclosed in part",
        ("部分公开", "区分处理"),
        group=2,
    ),
    Row(
        "denied_state_secret",
        "1.属于国家秘密",
        "Not disclosed: state secret",
        ("国家秘密",),
        group=3,
        number=1,
    ),
    Row(
        "denied_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "Not disclosed: prohibited by other laws and administrative regulations",
        ("法律行政法规禁止", "禁止公开"),
        group=3,
        number=2,
    ),
    Row(
        "denied_security_stability",
        "3.危及“三安全一稳定”",
        "Not disclosed: would endanger the 'three securities and one stability'",
        ("三安全一稳定", "危及"),
        group=3,
        number=3,
    ),
    Row(
        "denied_third_party",
        "4.保护第三方合法权益",
        "Not disclosed: to protect a third party's lawful rights",
        ("第三方",),
        group=3,
        number=4,
    ),
    Row(
        "denied_internal_affairs",
        "5.属于三类内部事务信息",
        "Not disclosed: internal-affairs information",
        ("内部事务",),
        group=3,
        number=5,
    ),
    Row(
        "denied_process_info",
        "6.属于四类过程性信息",
        "Not disclosed: process information",
        ("过程性",),
        group=3,
        number=6,
    ),
    Row(
        "denied_enforcement_file",
        "7.属于行政执法案卷",
        "Not disclosed: administrative enforcement case file",
        ("执法案卷",),
        group=3,
        number=7,
    ),
    Row(
        "denied_admin_query",
        "8.属于行政查询事项",
        "Not disclosed: an administrative query matter",
        ("行政查询", "查询事项"),
        group=3,
        number=8,
    ),
    Row(
        "unavailable_not_held",
        "1.本机关不掌握相关政府信息",
        "Cannot be provided: the agency does not hold the information",
        ("不掌握",),
        group=4,
        number=1,
    ),
    Row(
        "unavailable_needs_creation",
        "2.没有现成信息需要另行制作",
        "Cannot be provided: no existing information, it would have to be made",
        ("另行制作", "没有现成"),
        group=4,
        number=2,
    ),
    Row(
        "unavailable_unclear",
        "3.补正后申请内容仍不明确",
        "Cannot be provided: the request is still unclear after correction",
        ("仍不明确", "补正后"),
        group=4,
        number=3,
    ),
    Row(
        "rejected_complaint",
        "1.信访举报投诉类申请",
        "Not processed: a petition, report or complaint",
        ("举报投诉", "信访"),
        group=5,
        number=1,
    ),
    Row(
        "rejected_duplicate",
        "2.重复申请",
        "Not processed: a repeated request",
        ("重复申请",),
        group=5,
        number=2,
    ),
    Row(
        "rejected_publication",
        "3.要求提供公开出版物",
        "Not processed: asks for a public publication",
        ("公开出版物",),
        group=5,
        number=3,
    ),
    Row(
        "rejected_excessive",
        "4.无正当理由大量反复申请",
        "Not processed: many repeated requests without good reason",
        ("大量反复",),
        group=5,
        number=4,
    ),
    Row(
        "rejected_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        "Not processed: asks the agency to confirm or re-issue information already obtained",
        ("重新出具", "确认或"),
        group=5,
        number=5,
    ),
    Row(
        "other_handling",
        "（六）其他处理",
        "Handled otherwise",
        ("其他处理",),
        versions=ONLY_2019,
        group=6,
    ),
    Row(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "Handled otherwise: not corrected in time, no longer processed",
        ("逾期不补正", "不补正"),
        versions=ONLY_2021,
        group=6,
        number=1,
    ),
    Row(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "Handled otherwise: fee not paid in time, no longer processed",
        ("缴纳费用", "收费通知"),
        versions=ONLY_2021,
        group=6,
        number=2,
    ),
    Row(
        "other_other",
        "3.其他",
        "Handled otherwise: other",
        ("其他",),
        versions=ONLY_2021,
        group=6,
        number=3,
    ),
    Row("total_processed", "（七）总计", "Requests processed, total", ("总计",), group=7),
    Row(
        "carried_forward",
        "四、结转下年度继续办理",
        "Requests carried forward to next year",
        ("结转下年度", "继续办理"),
        group=None,
    ),
)

# A group's own row, where one exists in the canonical keys: （六）其他处理 is one row in template
# 2019 and three in 2021; a value printed over the three 2021 rows belongs to the group.
GROUP_TOTAL_KEYS: dict[int, str] = {6: "other_handling"}

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持", "result upheld"),
    Column("corrected", "结果纠正", "result corrected"),
    Column("other", "其他结果", "other result"),
    Column("pending", "尚未审结", "not yet concluded"),
    Column("total", "总计", "total"),
)

REVIEW_ROWS: tuple[Row, ...] = (
    Row("reconsideration", "行政复议", "Administrative reconsideration", ("行政复议",)),
    Row(
        "litigation_direct",
        "行政诉讼 未经复议直接起诉",
        "Administrative litigation without prior reconsideration",
        ("未经复议直接起诉",),
    ),
    Row(
        "litigation_after_reconsideration",
        "行政诉讼 复议后起诉",
        "Administrative litigation after reconsideration",
        ("复议后起诉",),
    ),
)


@dataclass(frozen=True)
class ProactiveRow:
    """A row of section 二 with the columns it carries in each template version."""

    row: Row
    columns: dict[TemplateVersion, tuple[Column, ...]]


_DOCS_2019 = (
    Column("new_made", "本年新制作数量", "made this year"),
    Column("new_published", "本年新公开数量", "newly published this year"),
    Column("total_published", "对外公开总数量", "published in total"),
)
_DOCS_2021 = (
    Column("issued", "本年制发件数", "issued this year"),
    Column("repealed", "本年废止件数", "repealed this year"),
    Column("in_force", "现行有效件数", "in force"),
)
_ITEMS_2019 = (
    Column("prev_year_items", "上一年项目数量", "items in the previous year"),
    Column("change", "本年增/减", "change this year (+/−)", may_be_negative=True),
    Column("decisions", "处理决定数量", "decisions made"),
)
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量", "decisions made this year"),)
_FEES_2019 = (
    Column("prev_year_items", "上一年项目数量", "items in the previous year"),
    Column("change", "本年增/减", "change this year (+/−)", may_be_negative=True),
)
_FEES_2021 = (
    Column(
        "amount_wan_yuan",
        "本年收费金额（单位：万元）",
        "amount collected this year, in 10,000 yuan",
        MONEY,
    ),
)
_PROCUREMENT_2019 = (
    Column("items", "采购项目数量", "procurement items"),
    Column("amount_wan_yuan", "采购总金额", "total procurement amount, in 10,000 yuan", MONEY),
)

V19, V21 = TemplateVersion.V2019, TemplateVersion.V2021

PROACTIVE_ROWS: tuple[ProactiveRow, ...] = (
    ProactiveRow(
        Row("regulations", "规章", "Regulations (规章)", ("规章",), group=1),
        {V19: _DOCS_2019, V21: _DOCS_2021},
    ),
    ProactiveRow(
        Row("normative_documents", "规范性文件", "Normative documents", ("规范性文件",), group=1),
        {V19: _DOCS_2019, V21: _DOCS_2021},
    ),
    ProactiveRow(
        Row(
            "other_documents",
            "其他主动公开文件",
            "Other proactively published documents (a row some agencies add)",
            ("其他主动公开",),
            group=1,
            optional=True,
        ),
        {V19: _DOCS_2019, V21: _DOCS_2021},
    ),
    ProactiveRow(
        Row("licensing", "行政许可", "Administrative licensing", ("行政许可",), group=5),
        {V19: _ITEMS_2019, V21: _DECISIONS_2021},
    ),
    ProactiveRow(
        Row(
            "other_admin_services",
            "其他对外管理服务事项",
            "Other external administrative services",
            ("对外管理服务",),
            versions=ONLY_2019,
            group=5,
        ),
        {V19: _ITEMS_2019},
    ),
    ProactiveRow(
        Row("penalty", "行政处罚", "Administrative penalties", ("行政处罚",), group=6),
        {V19: _ITEMS_2019, V21: _DECISIONS_2021},
    ),
    ProactiveRow(
        Row("coercion", "行政强制", "Administrative coercion", ("行政强制",), group=6),
        {V19: _ITEMS_2019, V21: _DECISIONS_2021},
    ),
    ProactiveRow(
        Row(
            "admin_fees",
            "行政事业性收费",
            "Administrative and institutional fees",
            ("事业性收费",),
            group=8,
        ),
        {V19: _FEES_2019, V21: _FEES_2021},
    ),
    ProactiveRow(
        Row(
            "centralized_procurement",
            "政府集中采购",
            "Government centralised procurement",
            ("集中采购",),
            versions=ONLY_2019,
            group=9,
        ),
        {V19: _PROCUREMENT_2019},
    ),
)

MONEY_COLUMNS: frozenset[str] = frozenset(
    c.key
    for p in PROACTIVE_ROWS
    for columns in p.columns.values()
    for c in columns
    if c.value_type is MONEY
)

# Words that only one template version prints (section 二 headers and the 2021 （六） rows).
VERSION_MARKERS: dict[TemplateVersion, tuple[str, ...]] = {
    V19: (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购总金额",
        "集中采购",
    ),
    V21: (
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
        "缴纳费用",
    ),
}


@cache  # the template is fixed: built once per version
def request_rows(version: TemplateVersion) -> tuple[Row, ...]:
    return tuple(r for r in REQUEST_ROWS if version in r.versions)


@cache  # the template is fixed: built once per version
def proactive_rows(version: TemplateVersion) -> tuple[ProactiveRow, ...]:
    return tuple(p for p in PROACTIVE_ROWS if version in p.row.versions)


@dataclass(frozen=True)
class TemplateItem:
    """One cell of the template: the row of the dbt seed ``template_dictionary``."""

    template_version: TemplateVersion
    table_key: TableKey
    row_key: str
    col_key: str
    row_label: str
    col_label: str
    row_order: int
    col_order: int
    is_optional: bool
    value_type: ValueType
    row_label_en: str
    col_label_en: str
    outcome_group: str | None  # section 三's outcome rows: granted … other (see OUTCOME_GROUPS)
    applicant_group: str | None  # section 三's applicant columns except 总计
    may_be_negative: bool  # a signed column (本年增/减); every other value is at least 0


# Section 三's numbered outcome groups, by the template's numbering: （一）…（六）.
OUTCOME_GROUPS: dict[int, str] = {
    1: "granted",
    2: "partially_granted",
    3: "denied",
    4: "unavailable",
    5: "not_processed",
    6: "other",
}


def _outcome_group(table: TableKey, row: Row) -> str | None:
    return OUTCOME_GROUPS.get(row.group or 0) if table is TableKey.REQUESTS else None


def _applicant_group(table: TableKey, column: Column) -> str | None:
    """Natural persons apart from every kind of legal person or organisation; 总计 is neither."""
    if table is not TableKey.REQUESTS or column.key == "total":
        return None
    return "natural_person" if column.key == "natural_person" else "legal_person_or_organisation"


def _item(
    version: TemplateVersion,
    table: TableKey,
    row: Row,
    column: Column,
    row_order: int,
    col_order: int,
) -> TemplateItem:
    return TemplateItem(
        version, table, row.key, column.key, row.label, column.label, row_order, col_order, row.optional,
        column.value_type, row.label_en, column.label_en, _outcome_group(table, row), _applicant_group(table, column),
        column.may_be_negative,
    )  # fmt: skip


def template_items() -> list[TemplateItem]:
    """Every cell of both template versions, in print order."""
    items: list[TemplateItem] = []
    for version in TemplateVersion:
        for r_i, p_row in enumerate(proactive_rows(version), 1):
            items += [
                _item(version, TableKey.PROACTIVE, p_row.row, col, r_i, c_i)
                for c_i, col in enumerate(p_row.columns[version], 1)
            ]
        for r_i, row in enumerate(request_rows(version), 1):
            items += [
                _item(version, TableKey.REQUESTS, row, col, r_i, c_i)
                for c_i, col in enumerate(REQUEST_COLUMNS, 1)
            ]
        for r_i, row in enumerate(REVIEW_ROWS, 1):
            items += [
                _item(version, TableKey.REVIEW_LITIGATION, row, col, r_i, c_i)
                for c_i, col in enumerate(REVIEW_COLUMNS, 1)
            ]
    return items


TABLE_LABELS: dict[TableKey, tuple[str, str]] = {
    TableKey.PROACTIVE: ("二、主动公开政府信息情况", "Proactive disclosure"),
    TableKey.REQUESTS: ("三、收到和处理政府信息公开申请情况", "Requests for disclosure"),
    TableKey.REVIEW_LITIGATION: (
        "四、政府信息公开行政复议、行政诉讼情况",
        "Reconsideration and litigation",
    ),
}


@dataclass(frozen=True)
class ReportSection:
    """One of the six sections every report has, in this order. ``topic`` matches the wording
    of its heading after the numeral (reports reword them: 基本情况, 存在的主要问题及整改措施)."""

    number: int
    numeral: str
    title: str
    topic: str  # a regular expression, searched from the start of the heading's text


REPORT_SECTIONS: tuple[ReportSection, ...] = (
    ReportSection(1, "一", "总体情况", r"(?:总体|基本)情况"),
    ReportSection(2, "二", "主动公开政府信息情况", r"(?:主动)?公开政府信息(?:的)?情况"),
    ReportSection(3, "三", "收到和处理政府信息公开申请情况", r"收到和处理政府信息公开"),
    ReportSection(4, "四", "政府信息公开行政复议、行政诉讼情况", r"[^。\n]{0,16}?复议"),
    ReportSection(5, "五", "存在的主要问题及改进情况", r"[^。\n]{0,16}?(?:存在|问题)"),
    ReportSection(6, "六", "其他需要报告的事项", r"其他需要报告"),
)

# What template 2021 asks section 一 to cover (主动公开, 依申请公开, 政府信息管理, 平台建设,
# 监督保障): headings of its sub-topics, which belong under 一 as （一）（二）…, not as sections.
SECTION_ONE_SUB_TOPICS = (
    r"主动公开|依申请公开|政府信息公开申请|政府信息管理|平台建设|监督保障|机制保障|工作机制|"
    r"组织领导|教育培训"
)

# The labels that section 三's table numbers 一 to 四 itself: table rows, not section headings.
REQUEST_TABLE_GROUP_LABELS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度")


# The printed heading of each numbered group of section 三's outcomes.
OUTCOME_GROUP_LABELS: dict[int, str] = {
    1: "（一）予以公开",
    2: "（二）部分公开",
    3: "（三）不予公开",
    4: "（四）无法提供",
    5: "（五）不予处理",
    6: "（六）其他处理",
    7: "（七）总计",
}


@dataclass(frozen=True)
class Measure:
    """A column of the wide fact table ``fct_agency_year``: one canonical cell, across versions."""

    name: str
    table_key: TableKey
    row_key: str
    col_key: str
    value_type: ValueType
    versions: tuple[TemplateVersion, ...]
    description_en: str
    description_zh: str
    outcome_group: str | None = None  # as TemplateItem: section 三's outcome rows
    applicant_group: str | None = None  # as TemplateItem: section 三's columns except 总计


def _row_position(table: TableKey, row_key: str) -> int:
    rows = {
        TableKey.PROACTIVE: [p.row for p in PROACTIVE_ROWS],
        TableKey.REQUESTS: REQUEST_ROWS,
        TableKey.REVIEW_LITIGATION: REVIEW_ROWS,
    }
    return next(i for i, row in enumerate(rows[table]) if row.key == row_key)


def _describe(items: list[TemplateItem], row: Row) -> tuple[str, str]:
    first = items[0]
    versions = sorted({i.template_version for i in items})
    which = "templates 2019 and 2021" if len(versions) == 2 else f"template {versions[0]} only"
    unit_en, unit_zh = (
        ("in 10,000 yuan", "万元") if first.value_type is MONEY else ("count", "数量")
    )
    note = (
        "; template 2021: the sum of its three rows unless printed as one value"
        if row.key == "other_handling"
        else ""
    )
    english = f"{first.row_label_en}, {first.col_label_en} ({unit_en}; {which}{note})"
    row_zh = first.row_label
    if first.table_key is TableKey.REQUESTS and row.number is not None and row.group is not None:
        row_zh = f"{OUTCOME_GROUP_LABELS[row.group]} {row_zh}"
    labels_zh = " / ".join(dict.fromkeys(i.col_label for i in items))
    chinese = f"{TABLE_LABELS[first.table_key][0]} · {row_zh} · {labels_zh}（{unit_zh}）"
    return f"{english} — {row_zh} · {labels_zh}", chinese


def measures() -> list[Measure]:
    """The wide table's measures in print order (二, 三, 四; rows as printed; a row's 2019
    columns before its 2021 ones). Rows an agency adds (``optional``) stay in the long fact
    table only, so no measure column is null by construction."""
    table_order = list(TableKey)
    by_cell: dict[tuple[TableKey, str, str], list[TemplateItem]] = {}
    for item in template_items():
        if not item.is_optional:
            by_cell.setdefault((item.table_key, item.row_key, item.col_key), []).append(item)

    def position(cell: tuple[TableKey, str, str]) -> tuple[int, int, str, int]:
        first = by_cell[cell][0]
        return (
            table_order.index(cell[0]),
            _row_position(cell[0], cell[1]),
            first.template_version,
            first.col_order,
        )

    rows = {row.key: row for row in (*REQUEST_ROWS, *REVIEW_ROWS, *(p.row for p in PROACTIVE_ROWS))}
    found = []
    for cell in sorted(by_cell, key=position):
        items = by_cell[cell]
        english, chinese = _describe(items, rows[cell[1]])
        versions = tuple(sorted({i.template_version for i in items}))
        found.append(
            Measure(
                "__".join(cell),
                cell[0],
                cell[1],
                cell[2],
                items[0].value_type,
                versions,
                english,
                chinese,
                items[0].outcome_group,
                items[0].applicant_group,
            )
        )
    return found


@dataclass(frozen=True)
class Identity:
    """A reporting identity on one report's cells: ``sum(lhs) == sum(rhs)``. ``name`` is the
    check (balance, row_total, outcome_total, review_total) and ``scope`` the row or column."""

    name: str
    scope: str
    table_key: TableKey
    lhs: tuple[tuple[str, str], ...]  # (row_key, col_key) cells added on the left
    rhs: tuple[tuple[str, str], ...]
    comparison: str = "equal"  # or "at_most": sum(lhs) <= sum(rhs)

    @property
    def splits_fused_rows(self) -> bool:
        """The digit solver splits a printed row whose values ran together by this identity
        (a row's 总计 = its parts), so a value read that way cannot test it."""
        return self.name in ("row_total", "review_total")


@cache  # the template is fixed: built once per version
def request_identities(version: TemplateVersion) -> tuple[Identity, ...]:
    """Section 三: each row's total, and per column the balance and the outcome total."""
    rows = request_rows(version)
    parts = [c.key for c in REQUEST_COLUMNS if c.key != "total"]
    outcomes = [
        r.key
        for r in rows
        if r.key not in ("new_received", "carried_over", "total_processed", "carried_forward")
    ]
    found: list[Identity] = []
    for row in rows:
        found.append(
            Identity(
                "row_total",
                row.key,
                TableKey.REQUESTS,
                ((row.key, "total"),),
                tuple((row.key, c) for c in parts),
            )
        )
    for column in REQUEST_COLUMNS:
        c = column.key
        found.append(
            Identity(
                "balance",
                c,
                TableKey.REQUESTS,
                (("new_received", c), ("carried_over", c)),
                (("total_processed", c), ("carried_forward", c)),
            )
        )
        found.append(
            Identity(
                "outcome_total",
                c,
                TableKey.REQUESTS,
                (("total_processed", c),),
                tuple((r, c) for r in outcomes),
            )
        )
    return tuple(found)


@cache  # the template is fixed: built once per version
def review_identities() -> tuple[Identity, ...]:
    """Section 四: in each group, 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    parts = [c.key for c in REVIEW_COLUMNS if c.key != "total"]
    return tuple(
        Identity(
            "review_total",
            row.key,
            TableKey.REVIEW_LITIGATION,
            ((row.key, "total"),),
            tuple((row.key, c) for c in parts),
        )
        for row in REVIEW_ROWS
    )


def bound_identities() -> tuple[Identity, ...]:
    """Section 四: in each group, 结果纠正 is at most 总计 (a bound, not a sum: never used to read)."""
    return tuple(
        Identity(
            "corrected_within_total",
            row.key,
            TableKey.REVIEW_LITIGATION,
            ((row.key, "corrected"),),
            ((row.key, "total"),),
            "at_most",
        )
        for row in REVIEW_ROWS
    )


def identities(version: TemplateVersion) -> tuple[Identity, ...]:
    """Every check on one report's cells that the template defines, for one version."""
    return (*request_identities(version), *review_identities(), *bound_identities())


@dataclass(frozen=True)
class CrossYearMember:
    """A cell of a cross-year check: read from the report of the check's year (offset 0) or of
    the year before (offset -1), added on one side with a sign. ``label`` names it in evidence."""

    side: str  # lhs | rhs
    year_offset: int
    sign: int
    table_key: TableKey
    row_key: str
    col_key: str
    label: str


@dataclass(frozen=True)
class CrossYearCheck:
    """A check of one agency's report against its report of the year before. ``blank_means``
    says what a blank member is: ``zero`` (added as 0, blanks_involved set) or ``absent`` (the
    check is not made)."""

    name: str
    scope: str
    comparison: str  # equal | within_5x
    blank_means: str
    members: tuple[CrossYearMember, ...]


def _continuity_checks() -> list[CrossYearCheck]:
    """上年结转 of year Y = 结转下年度继续办理 of year Y−1, per applicant column."""
    return [
        CrossYearCheck(
            "continuity",
            column.key,
            "equal",
            "zero",
            (
                CrossYearMember("lhs", 0, 1, TableKey.REQUESTS, "carried_over", column.key, "上年结转"),
                CrossYearMember("rhs", -1, 1, TableKey.REQUESTS, "carried_forward", column.key, "结转下年度"),
            ),
        )
        for column in REQUEST_COLUMNS
    ]  # fmt: skip


def _in_force_member(
    row: ProactiveRow, side: str, year_offset: int, sign: int, col_key: str
) -> CrossYearMember:
    label = next(c.label for c in row.columns[TemplateVersion.V2021] if c.key == col_key)
    return CrossYearMember(side, year_offset, sign, TableKey.PROACTIVE, row.row.key, col_key, label)


def _in_force_checks() -> list[CrossYearCheck]:
    """Template 2021's documents: 现行有效(Y) = 现行有效(Y−1) + 本年制发(Y) − 本年废止(Y), per
    template row (规章, 规范性文件). Template 2019 has none of these cells, so a 2019 report on
    either side has no such check."""
    rows = [
        p
        for p in proactive_rows(TemplateVersion.V2021)
        if not p.row.optional and "in_force" in {c.key for c in p.columns[TemplateVersion.V2021]}
    ]
    return [
        CrossYearCheck(
            "in_force",
            p.row.key,
            "equal",
            "zero",
            (
                _in_force_member(p, "lhs", 0, 1, "in_force"),
                _in_force_member(p, "rhs", 0, 1, "issued"),
                _in_force_member(p, "rhs", 0, -1, "repealed"),
                _in_force_member(p, "rhs", -1, 1, "in_force"),
            ),
        )
        for p in rows
    ]


def _volume_checks() -> list[CrossYearCheck]:
    """本年新收 总计 should not move more than five-fold from one year to the next."""
    return [
        CrossYearCheck(
            "request_volume_jump",
            "new_received.total",
            "within_5x",
            "absent",
            (
                CrossYearMember("lhs", 0, 1, TableKey.REQUESTS, "new_received", "total", "本年新收"),
                CrossYearMember("rhs", -1, 1, TableKey.REQUESTS, "new_received", "total", "本年新收"),
            ),
        )
    ]  # fmt: skip


def cross_year_checks() -> tuple[CrossYearCheck, ...]:
    """Every check of a report against the same agency's report of the year before."""
    return (*_continuity_checks(), *_in_force_checks(), *_volume_checks())


@dataclass(frozen=True)
class FigureCell:
    """A table cell a narrative figure is compared with. ``role`` is ``total`` for a row's
    总计, or ``part`` for the cells that add up to it (used when the 总计 is blank)."""

    figure_key: str
    table_key: TableKey
    row_key: str
    col_key: str
    role: str


# The narrative's figures (extract/narrative.py finds them in the prose) and the template rows
# each one states: 共受理申请N件 is 本年新收, 予以公开及部分公开N件 is （一）+（二）, and so on.
NARRATIVE_FIGURE_ROWS: dict[str, tuple[tuple[TableKey, str], ...]] = {
    "new_received": ((TableKey.REQUESTS, "new_received"),),
    "total_processed": ((TableKey.REQUESTS, "total_processed"),),
    "carried_over": ((TableKey.REQUESTS, "carried_over"),),
    "carried_forward": ((TableKey.REQUESTS, "carried_forward"),),
    "granted_or_partial": (
        (TableKey.REQUESTS, "granted"),
        (TableKey.REQUESTS, "partially_granted"),
    ),
    "reconsideration": ((TableKey.REVIEW_LITIGATION, "reconsideration"),),
    "litigation": tuple(
        (TableKey.REVIEW_LITIGATION, row.key) for row in REVIEW_ROWS if row.key != "reconsideration"
    ),
}


def narrative_figure_cells() -> tuple[FigureCell, ...]:
    """The cells behind each narrative figure: per row, its 总计 and, for section 三, the
    applicant columns that add up to it. Section 四's rows are compared by their 总计 alone."""
    cells = []
    for figure_key, rows in NARRATIVE_FIGURE_ROWS.items():
        for table_key, row_key in rows:
            cells.append(FigureCell(figure_key, table_key, row_key, "total", "total"))
            if table_key is TableKey.REQUESTS:
                cells += [
                    FigureCell(figure_key, table_key, row_key, column.key, "part")
                    for column in REQUEST_COLUMNS
                    if column.key != "total"
                ]
    return tuple(cells)
