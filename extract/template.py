"""The national report template (国办公开办函〔2019〕60号 and 〔2021〕30号): the one place it is defined.

Everything downstream addresses a value by ``(table_key, row_key, col_key)``; the keys are the
published contract (see README, "Canonical keys"). The dbt seed ``seeds/template_items.csv`` is
generated from this module (``ogi template-seed``) and a test keeps the two in sync.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    """One printed row of a template table.

    ``keywords`` are distinctive fragments used to recognise the printed label (typos and
    rewordings included); ``group``/``number`` are the template's own numbering, e.g. the
    row 1.属于国家秘密 under （三）不予公开 is group 3, number 1.
    """

    key: str
    label: str
    keywords: tuple[str, ...]
    versions: tuple[TemplateVersion, ...] = BOTH
    group: int | None = None
    number: int | None = None
    optional: bool = False


REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_services", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计"),
)

REQUEST_ROWS: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量", ("本年新收",)),
    Row("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    Row("granted", "（一）予以公开", ("予以公开",), group=1),
    Row("partially_granted", "（二）部分公开", ("部分公开", "区分处理"), group=2),
    Row("denied_state_secret", "1.属于国家秘密", ("国家秘密",), group=3, number=1),
    Row("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", ("法律行政法规禁止", "禁止公开"), group=3, number=2),
    Row("denied_security_stability", "3.危及“三安全一稳定”", ("三安全一稳定", "危及"), group=3, number=3),
    Row("denied_third_party", "4.保护第三方合法权益", ("第三方",), group=3, number=4),
    Row("denied_internal_affairs", "5.属于三类内部事务信息", ("内部事务",), group=3, number=5),
    Row("denied_process_info", "6.属于四类过程性信息", ("过程性",), group=3, number=6),
    Row("denied_enforcement_file", "7.属于行政执法案卷", ("执法案卷",), group=3, number=7),
    Row("denied_admin_query", "8.属于行政查询事项", ("行政查询", "查询事项"), group=3, number=8),
    Row("unavailable_not_held", "1.本机关不掌握相关政府信息", ("不掌握",), group=4, number=1),
    Row("unavailable_needs_creation", "2.没有现成信息需要另行制作", ("另行制作", "没有现成"), group=4, number=2),
    Row("unavailable_unclear", "3.补正后申请内容仍不明确", ("仍不明确", "补正后"), group=4, number=3),
    Row("rejected_complaint", "1.信访举报投诉类申请", ("举报投诉", "信访"), group=5, number=1),
    Row("rejected_duplicate", "2.重复申请", ("重复申请",), group=5, number=2),
    Row("rejected_publication", "3.要求提供公开出版物", ("公开出版物",), group=5, number=3),
    Row("rejected_excessive", "4.无正当理由大量反复申请", ("大量反复",), group=5, number=4),
    Row("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", ("重新出具", "确认或"), group=5, number=5),
    Row("other_handling", "（六）其他处理", ("其他处理",), versions=ONLY_2019, group=6),
    Row(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ("逾期不补正", "不补正"),
        versions=ONLY_2021,
        group=6,
        number=1,
    ),
    Row(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ("缴纳费用", "收费通知"),
        versions=ONLY_2021,
        group=6,
        number=2,
    ),
    Row("other_other", "3.其他", ("其他",), versions=ONLY_2021, group=6, number=3),
    Row("total_processed", "（七）总计", ("总计",), group=7),
    Row("carried_forward", "四、结转下年度继续办理", ("结转下年度", "继续办理"), group=None),
)

# A group's own row, where one exists in the canonical keys: （六）其他处理 is one row in template
# 2019 and three in 2021; a value printed over the three 2021 rows belongs to the group.
GROUP_TOTAL_KEYS: dict[int, str] = {6: "other_handling"}

REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)

REVIEW_ROWS: tuple[Row, ...] = (
    Row("reconsideration", "行政复议", ("行政复议",)),
    Row("litigation_direct", "行政诉讼 未经复议直接起诉", ("未经复议直接起诉",)),
    Row("litigation_after_reconsideration", "行政诉讼 复议后起诉", ("复议后起诉",)),
)


@dataclass(frozen=True)
class ProactiveRow:
    """A row of section 二 with the columns it carries in each template version."""

    row: Row
    columns: dict[TemplateVersion, tuple[Column, ...]]


_DOCS_2019 = (Column("new_made", "本年新制作数量"), Column("new_published", "本年新公开数量"), Column("total_published", "对外公开总数量"))
_DOCS_2021 = (Column("issued", "本年制发件数"), Column("repealed", "本年废止件数"), Column("in_force", "现行有效件数"))
_ITEMS_2019 = (Column("prev_year_items", "上一年项目数量"), Column("change", "本年增/减"), Column("decisions", "处理决定数量"))
_DECISIONS_2021 = (Column("decisions", "本年处理决定数量"),)
_FEES_2019 = (Column("prev_year_items", "上一年项目数量"), Column("change", "本年增/减"))
_FEES_2021 = (Column("amount_wan_yuan", "本年收费金额（单位：万元）"),)
_PROCUREMENT_2019 = (Column("items", "采购项目数量"), Column("amount_wan_yuan", "采购总金额"))

V19, V21 = TemplateVersion.V2019, TemplateVersion.V2021

PROACTIVE_ROWS: tuple[ProactiveRow, ...] = (
    ProactiveRow(Row("regulations", "规章", ("规章",), group=1), {V19: _DOCS_2019, V21: _DOCS_2021}),
    ProactiveRow(Row("normative_documents", "规范性文件", ("规范性文件",), group=1), {V19: _DOCS_2019, V21: _DOCS_2021}),
    ProactiveRow(
        Row("other_documents", "其他主动公开文件", ("其他主动公开",), group=1, optional=True),
        {V19: _DOCS_2019, V21: _DOCS_2021},
    ),
    ProactiveRow(Row("licensing", "行政许可", ("行政许可",), group=5), {V19: _ITEMS_2019, V21: _DECISIONS_2021}),
    ProactiveRow(
        Row("other_admin_services", "其他对外管理服务事项", ("对外管理服务",), versions=ONLY_2019, group=5),
        {V19: _ITEMS_2019},
    ),
    ProactiveRow(Row("penalty", "行政处罚", ("行政处罚",), group=6), {V19: _ITEMS_2019, V21: _DECISIONS_2021}),
    ProactiveRow(Row("coercion", "行政强制", ("行政强制",), group=6), {V19: _ITEMS_2019, V21: _DECISIONS_2021}),
    ProactiveRow(Row("admin_fees", "行政事业性收费", ("事业性收费",), group=8), {V19: _FEES_2019, V21: _FEES_2021}),
    ProactiveRow(
        Row("centralized_procurement", "政府集中采购", ("集中采购",), versions=ONLY_2019, group=9),
        {V19: _PROCUREMENT_2019},
    ),
)

# Words that only one template version prints (section 二 headers and the 2021 （六） rows).
VERSION_MARKERS: dict[TemplateVersion, tuple[str, ...]] = {
    V19: ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购总金额", "集中采购"),
    V21: ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期不补正", "缴纳费用"),
}


def request_rows(version: TemplateVersion) -> tuple[Row, ...]:
    return tuple(r for r in REQUEST_ROWS if version in r.versions)


def proactive_rows(version: TemplateVersion) -> tuple[ProactiveRow, ...]:
    return tuple(p for p in PROACTIVE_ROWS if version in p.row.versions)


@dataclass(frozen=True)
class TemplateItem:
    """One cell of the template: the row of the dbt seed ``template_items``."""

    template_version: TemplateVersion
    table_key: TableKey
    row_key: str
    col_key: str
    row_label: str
    col_label: str
    row_order: int
    col_order: int
    is_optional: bool


def template_items() -> list[TemplateItem]:
    """Every cell of both template versions, in print order."""
    items: list[TemplateItem] = []
    for version in TemplateVersion:
        for r_i, p_row in enumerate(proactive_rows(version), 1):
            for c_i, col in enumerate(p_row.columns[version], 1):
                items.append(
                    TemplateItem(
                        version, TableKey.PROACTIVE, p_row.row.key, col.key, p_row.row.label, col.label, r_i, c_i, p_row.row.optional
                    )
                )
        for r_i, row in enumerate(request_rows(version), 1):
            for c_i, col in enumerate(REQUEST_COLUMNS, 1):
                items.append(TemplateItem(version, TableKey.REQUESTS, row.key, col.key, row.label, col.label, r_i, c_i, False))
        for r_i, row in enumerate(REVIEW_ROWS, 1):
            for c_i, col in enumerate(REVIEW_COLUMNS, 1):
                items.append(TemplateItem(version, TableKey.REVIEW_LITIGATION, row.key, col.key, row.label, col.label, r_i, c_i, False))
    return items


@dataclass(frozen=True)
class Identity:
    """A reporting identity on one report's cells: ``sum(lhs) == sum(rhs)``. ``name`` is the
    check (balance, row_total, outcome_total, review_total) and ``scope`` the row or column."""

    name: str
    scope: str
    table_key: TableKey
    lhs: tuple[tuple[str, str], ...]  # (row_key, col_key) cells added on the left
    rhs: tuple[tuple[str, str], ...]


def request_identities(version: TemplateVersion) -> tuple[Identity, ...]:
    """Section 三: each row's total, and per column the balance and the outcome total."""
    rows = request_rows(version)
    parts = [c.key for c in REQUEST_COLUMNS if c.key != "total"]
    outcomes = [r.key for r in rows if r.key not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    found: list[Identity] = []
    for row in rows:
        found.append(Identity("row_total", row.key, TableKey.REQUESTS, ((row.key, "total"),), tuple((row.key, c) for c in parts)))
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
        found.append(Identity("outcome_total", c, TableKey.REQUESTS, (("total_processed", c),), tuple((r, c) for r in outcomes)))
    return tuple(found)


def review_identities() -> tuple[Identity, ...]:
    """Section 四: in each group, 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    parts = [c.key for c in REVIEW_COLUMNS if c.key != "total"]
    return tuple(
        Identity("review_total", row.key, TableKey.REVIEW_LITIGATION, ((row.key, "total"),), tuple((row.key, c) for c in parts))
        for row in REVIEW_ROWS
    )
