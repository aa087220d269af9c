"""Files generated from :mod:`extract.template` (``ogi template-seed``; a test keeps them in sync):
the dbt seeds (the template dictionary, its identities, its cross-year checks and the
narrative figures' cells) and the contract of ``fct_agency_year``, whose
measure columns, their order, types and descriptions all come from the template."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

from extract.template import (
    MONEY,
    Measure,
    TemplateItem,
    TemplateVersion,
    cross_year_checks,
    identities,
    measures,
    narrative_figure_cells,
    template_items,
)
from ogi.identity_suites import identity_suites
from ogi.project import PROJECT_DIR, SUITES_DIR

SEED_PATH = PROJECT_DIR / "seeds" / "template_dictionary.csv"
IDENTITY_SEED_PATH = PROJECT_DIR / "seeds" / "template_identities.csv"
IDENTITY_SEED_COLUMNS = (
    "template_version", "identity", "scope", "table_key", "side", "row_key", "col_key",
    "comparison", "splits_fused_rows",
)  # fmt: skip
CROSS_YEAR_SEED_PATH = PROJECT_DIR / "seeds" / "template_cross_year_checks.csv"
CROSS_YEAR_SEED_COLUMNS = (
    "check_name", "scope", "comparison", "blank_means", "member_order", "side", "year_offset",
    "sign", "table_key", "row_key", "col_key", "evidence_label",
)  # fmt: skip
FIGURE_SEED_PATH = PROJECT_DIR / "seeds" / "template_narrative_figures.csv"
FIGURE_SEED_COLUMNS = ("figure_key", "table_key", "row_key", "col_key", "role")
AGENCY_YEAR_CONTRACT_PATH = PROJECT_DIR / "models" / "marts" / "_fct_agency_year.yml"

COUNT_TYPE = "bigint"
MONEY_TYPE = "decimal(18,4)"


@dataclass(frozen=True)
class FixedColumn:
    name: str
    data_type: str
    description: str
    zh: str
    tests: tuple[object, ...] = ()


_AGENCY = {"relationships": {"arguments": {"to": "ref('dim_agencies')", "field": "agency_id"}}}
_REPORT = {"relationships": {"arguments": {"to": "ref('dim_reports')", "field": "report_id"}}}

HEADING_COLUMNS: tuple[FixedColumn, ...] = (
    FixedColumn(
        "agency_year_id",
        "varchar",
        "agency_id.report_year: the row's key.",
        "机关年度标识",
        ("not_null", "unique"),
    ),
    FixedColumn(
        "agency_id",
        "varchar",
        "md5 of the normalised agency name.",
        "机关标识",
        ("not_null", _AGENCY),
    ),
    FixedColumn(
        "series_agency_id",
        "varchar",
        "The agency whose time series this one continues (renames, mergers).",
        "序列机关标识",
    ),
    FixedColumn(
        "agency_name",
        "varchar",
        "Agency name, normalised (full/half width, spaces, qualifiers).",
        "机关名称",
    ),
    FixedColumn(
        "agency_kind",
        "varchar",
        "people_government | government_office | department | zone_administration | other_body.",
        "机关类型",
    ),
    FixedColumn(
        "province_name",
        "varchar",
        "Province of the agency (cpca, or the report's own text).",
        "省级行政区",
    ),
    FixedColumn(
        "city_name",
        "varchar",
        "Prefecture-level city of the agency; null for a province-level agency.",
        "地级行政区",
    ),
    FixedColumn(
        "county_name",
        "varchar",
        "County-level division of the agency; null above county level.",
        "县级行政区",
    ),
    FixedColumn(
        "region_code",
        "varchar",
        "Administrative division code of the deepest region known.",
        "行政区划代码",
    ),
    FixedColumn(
        "region_level",
        "varchar",
        "province | city | county: how deep region_code goes.",
        "行政区划层级",
    ),
    FixedColumn("report_year", "integer", "Reporting year.", "报告年度", ("not_null",)),
    FixedColumn(
        "report_id",
        "varchar",
        "SHA-256 of the chosen report's file: the report the measures come from.",
        "报告标识",
        (_REPORT,),
    ),
    FixedColumn("source_file", "varchar", "File name of the chosen report.", "源文件名"),
    FixedColumn(
        "template_version",
        "varchar",
        "'2019' or '2021': the template the report printed.",
        "模板版本",
    ),
    FixedColumn(
        "report_scope",
        "varchar",
        "region | self | unknown: whether the report sums up a whole region (count region "
        "reports apart from agencies').",
        "报告范围（地区汇总/本机关）",
    ),
    FixedColumn(
        "report_count",
        "bigint",
        "Reports found for this agency-year (more than 1: a re-issue; agency_year_reports says which one is used).",
        "该机关年度的报告份数",
    ),
)

_PROCESSED = "requests__total_processed__total"
RATE_COLUMNS: tuple[FixedColumn, ...] = (
    FixedColumn(
        "rate_denominator_processed",
        COUNT_TYPE,
        f"Denominator of the four shares below: requests processed in total, all applicants ({_PROCESSED}).",
        "比例分母：（七）总计 · 总计",
    ),
    FixedColumn(
        "share_granted",
        "double",
        "Share disclosed: requests__granted__total / rate_denominator_processed; null when the "
        "denominator is 0 or blank.",
        "予以公开比例 =（一）予以公开 ÷（七）总计",
    ),
    FixedColumn(
        "share_partially_granted",
        "double",
        "Share disclosed in part: requests__partially_granted__total / rate_denominator_processed.",
        "部分公开比例 =（二）部分公开 ÷（七）总计",
    ),
    FixedColumn(
        "share_denied",
        "double",
        "Share not disclosed: the eight requests__denied_*__total rows summed / rate_denominator_processed.",
        "不予公开比例 =（三）不予公开 1–8 之和 ÷（七）总计",
    ),
    FixedColumn(
        "share_not_held",
        "double",
        "Share the agency did not hold: requests__unavailable_not_held__total / rate_denominator_processed.",
        "本机关不掌握比例 =（四）1 ÷（七）总计",
    ),
    FixedColumn(
        "rate_denominator_reconsideration",
        COUNT_TYPE,
        "Denominator of reconsideration_correction_rate: reconsiderations in total.",
        "复议纠错率分母：行政复议 · 总计",
    ),
    FixedColumn(
        "reconsideration_correction_rate",
        "double",
        "Reconsiderations whose result was corrected / rate_denominator_reconsideration.",
        "复议纠错率 = 行政复议 结果纠正 ÷ 总计",
    ),
    FixedColumn(
        "rate_denominator_litigation",
        COUNT_TYPE,
        "Denominator of litigation_correction_rate: lawsuits in total, direct and after reconsideration.",
        "诉讼纠错率分母：行政诉讼（两类）· 总计",
    ),
    FixedColumn(
        "litigation_correction_rate",
        "double",
        "Lawsuits whose result was corrected, both kinds / rate_denominator_litigation.",
        "诉讼纠错率 = 行政诉讼 结果纠正 ÷ 总计",
    ),
)


def measure_type(measure: Measure) -> str:
    return MONEY_TYPE if measure.value_type is MONEY else COUNT_TYPE


def render_seed() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=[f.name for f in fields(TemplateItem)], lineterminator="\n"
    )
    writer.writeheader()
    for item in template_items():
        row = asdict(item)
        row["is_optional"] = str(item.is_optional).lower()
        row["may_be_negative"] = str(item.may_be_negative).lower()
        writer.writerow({k: "" if v is None else str(v) for k, v in row.items()})
    return buffer.getvalue()


def render_identity_seed() -> str:
    """One row per member cell of every identity of both versions: the identity, the row or
    column it is about (scope), the side the cell is added on, and how the sides compare."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(IDENTITY_SEED_COLUMNS)
    for version in TemplateVersion:
        for identity in identities(version):
            fixed = (version.value, identity.name, identity.scope, identity.table_key.value)
            for side, cells in (("lhs", identity.lhs), ("rhs", identity.rhs)):
                for row_key, col_key in cells:
                    writer.writerow(
                        (
                            *fixed,
                            side,
                            row_key,
                            col_key,
                            identity.comparison,
                            str(identity.splits_fused_rows).lower(),
                        )
                    )
    return buffer.getvalue()


def render_cross_year_seed() -> str:
    """One row per member cell of every cross-year check: the year it is read from (0 for the
    report's own year, -1 for the year before), its side and sign, and its label in evidence."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CROSS_YEAR_SEED_COLUMNS)
    for check in cross_year_checks():
        fixed = (check.name, check.scope, check.comparison, check.blank_means)
        for order, m in enumerate(check.members, 1):
            writer.writerow(
                (*fixed, order, m.side, m.year_offset, m.sign, m.table_key.value, m.row_key, m.col_key, m.label)
            )  # fmt: skip
    return buffer.getvalue()


def render_figure_seed() -> str:
    """One row per table cell a narrative figure is compared with (its role: total or part)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIGURE_SEED_COLUMNS)
    for cell in narrative_figure_cells():
        writer.writerow(
            (cell.figure_key, cell.table_key.value, cell.row_key, cell.col_key, cell.role)
        )
    return buffer.getvalue()


def _column(
    name: str,
    data_type: str,
    description: str,
    zh: str,
    tests: tuple[object, ...] = (),
    groups: dict[str, str | None] | None = None,
) -> dict[str, object]:
    meta = {"zh": zh} | {k: v for k, v in (groups or {}).items() if v is not None}
    column: dict[str, object] = {
        "name": name,
        "data_type": data_type,
        "description": description,
        "meta": meta,
    }
    if tests:
        column["data_tests"] = list(tests)
    return column


def render_agency_year_contract() -> str:
    columns = [_column(c.name, c.data_type, c.description, c.zh, c.tests) for c in HEADING_COLUMNS]
    columns += [
        _column(
            m.name,
            measure_type(m),
            m.description_en,
            m.description_zh,
            groups={"outcome_group": m.outcome_group, "applicant_group": m.applicant_group},
        )  # fmt: skip
        for m in measures()
    ]
    columns += [_column(c.name, c.data_type, c.description, c.zh, c.tests) for c in RATE_COLUMNS]
    model = {
        "name": "fct_agency_year",
        "description": (
            "Published. One row per agency and reporting year: the report chosen by "
            "agency_year_reports, every measure of "
            "the template a column `<table_key>__<row_key>__<col_key>` in print order (二, 三, "
            "四), counts as BIGINT and "
            "money as DECIMAL(18,4) in 万元, a blank cell null (never 0); then rates with their denominators. Rows an "
            "agency adds to the template (其他主动公开文件) are in fct_report_values only."
        ),
        "config": {"contract": {"enforced": True}},
        "columns": columns,
    }
    header = "# Generated from extract/template.py and ogi/generate.py by `ogi template-seed`: edit those, not this.\n"
    body = yaml.safe_dump(
        {"version": 2, "models": [model]}, allow_unicode=True, sort_keys=False, width=120
    )
    return header + body


def render_identity_suites() -> dict[Path, str]:
    """The Great Expectations suites of the identities, as the JSON files in ``expectations/``."""
    return {
        SUITES_DIR / f"{name}.json": json.dumps(suite, ensure_ascii=False, indent=2) + "\n"
        for name, suite in identity_suites().items()
    }


def write_generated() -> list[Path]:
    generated = {
        SEED_PATH: render_seed(),
        IDENTITY_SEED_PATH: render_identity_seed(),
        CROSS_YEAR_SEED_PATH: render_cross_year_seed(),
        FIGURE_SEED_PATH: render_figure_seed(),
        AGENCY_YEAR_CONTRACT_PATH: render_agency_year_contract(),
        **render_identity_suites(),
    }
    for path, text in generated.items():
        path.write_text(text, encoding="utf-8")
    return list(generated)
