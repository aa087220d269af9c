"""A synthetic corpus, written straight into the raw layer: for warehouse tests and benchmarks.

Agencies are real county-level divisions (cpca's bundled table) with the departments and
governments that report there; each agency reports for several consecutive years, on the
template its year requires. Values satisfy the template's identities and carry over from one
year to the next, except where a report is deliberately broken (``break_rate``); some
legal-person columns are left blank, some governments report for their whole region, and some
reports arrive twice (as a second file). ``truth`` returns what the marts must show.

Generation is vectorised (numpy, polars) so that 100k reports (~20M cells) take seconds.
A national corpus (a million reports, ~200M cells) is written a slice of departments at a time
(``write_raw_in_slices``): one frame of it would need ~40 GB.
"""

from __future__ import annotations

import hashlib
import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from extract.extraction import EXTRACTOR_VERSION
from extract.files import staging_folder
from extract.landing import BOX_COLUMNS, SCHEMAS, land, swap_in_raw
from extract.template import (
    REPORT_SECTIONS,
    REQUEST_COLUMNS,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    TemplateVersion,
    proactive_rows,
    request_rows,
)

DEPARTMENTS = (
    "人民政府",
    "人民政府办公室",
    "发展和改革局",
    "财政局",
    "教育局",
    "公安局",
    "自然资源局",
    "住房和城乡建设局",
    "市场监督管理局",
    "机关事务服务中心",
)
# The other bodies of a county-level division that publish a report: with DEPARTMENTS, enough
# for a national corpus (3,133 divisions × 60 bodies × 6 years ≈ 1.1M reports).
MORE_DEPARTMENTS = (
    "民政局",
    "司法局",
    "人力资源和社会保障局",
    "生态环境局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "统计局",
    "医疗保障局",
    "林业局",
    "城市管理局",
    "信访局",
    "科学技术局",
    "工业和信息化局",
    "民族宗教事务局",
    "体育局",
    "行政审批局",
    "数据资源管理局",
    "人民防空办公室",
    "地方金融监督管理局",
    "粮食和物资储备局",
    "供销合作社联合社",
    "档案馆",
    "住房公积金管理中心",
    "政务服务中心",
    "投资促进局",
    "乡村振兴局",
    "广播电视局",
    "公共资源交易中心",
    "外事办公室",
    "国有资产监督管理局",
    "经济开发区管理委员会",
    "高新技术产业开发区管理委员会",
    "综合行政执法局",
    "社会保险事业管理中心",
    "不动产登记中心",
    "疾病预防控制中心",
    "公路事业发展中心",
    "水务局",
    "交通运输综合行政执法大队",
    "农业综合行政执法大队",
    "市场监管综合行政执法大队",
    "自然资源和规划局",
    "就业服务中心",
)
OUTCOME_SHARES = {  # share of processed requests by outcome row (2019 keys; 2021 splits other_handling)
    "granted": 0.45, "partially_granted": 0.08, "denied_state_secret": 0.005, "denied_prohibited_by_law": 0.01,
    "denied_security_stability": 0.005, "denied_third_party": 0.01, "denied_internal_affairs": 0.02,
    "denied_process_info": 0.02, "denied_enforcement_file": 0.01, "denied_admin_query": 0.02,
    "unavailable_not_held": 0.2, "unavailable_needs_creation": 0.03, "unavailable_unclear": 0.02,
    "rejected_complaint": 0.04, "rejected_duplicate": 0.02, "rejected_publication": 0.005,
    "rejected_excessive": 0.005, "rejected_confirmation": 0.005, "other_handling": 0.03,
}  # fmt: skip
OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")


@dataclass(frozen=True)
class SyntheticCorpus:
    frames: dict[str, pl.DataFrame]
    # per report: agency_name, report_year, new_received, total_processed, is_broken, is_duplicate …
    truth: pl.DataFrame


def _divisions(rng: np.random.Generator, count: int) -> list[tuple[str, str, str]]:
    """(province, city, county) names of ``count`` county-level divisions."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import cpca
    table = cpca.ad_2_addr_dict
    counties = sorted(code for code, info in table.items() if info.rank == 2)
    chosen = rng.choice(len(counties), size=min(count, len(counties)), replace=False)
    found = []
    for index in sorted(chosen):
        code = counties[index]
        province = table.get(f"{code[:2]}0000000000")
        city = table.get(f"{code[:4]}00000000")
        if province and city:
            city_name = (
                province.name
                if city.name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
                else city.name
            )
            found.append((province.name, city_name, table[code].name))
    return found


def _id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def generate(
    agencies: int,
    years: range = range(2019, 2025),
    seed: int = 7,
    break_rate: float = 0.03,
    departments: tuple[str, ...] = DEPARTMENTS,
) -> SyntheticCorpus:
    """``agencies`` agencies (``departments`` of random divisions; at most 3,133 × their number)
    reporting every year of ``years``."""
    rng = np.random.default_rng(seed)
    divisions = _divisions(rng, max(1, agencies // len(departments) + 1))
    names = [f"{city}{county}{dept}" for _, city, county in divisions for dept in departments][
        :agencies
    ]
    n = len(names)
    scale = rng.lognormal(mean=3.0, sigma=1.2, size=n)
    # some agencies fill only 自然人 and 总计, every year (as seeds 000 and 003 do)
    blank_legal = rng.random(n) < 0.1
    applicant_mix = np.where(
        blank_legal[:, None], [1.0, 0, 0, 0, 0, 0], [0.8, 0.1, 0.01, 0.02, 0.04, 0.03]
    )
    carried = np.zeros((n, 6), dtype=np.int64)
    in_force = rng.poisson(20, size=(n, 2))
    report_rows, cell_frames, truth_rows, sections, figures = [], [], [], [], []
    for year in years:
        version = TemplateVersion.V2021 if year >= 2021 else TemplateVersion.V2019
        new = rng.poisson(scale[:, None] * applicant_mix)
        pool = new + carried
        forward = rng.binomial(pool, 0.03)
        processed = pool - forward
        shares = np.array(list(OUTCOME_SHARES.values()))
        outcomes = rng.multinomial(processed, shares / shares.sum())  # reports × 6 × outcomes
        keys = list(OUTCOME_SHARES)
        broken = rng.random(n) < break_rate
        ids = [_id(name, year) for name in names]
        request_keys = [r.key for r in request_rows(version)]
        values = {
            "new_received": new,
            "carried_over": carried,
            "total_processed": processed,
            "carried_forward": forward,
        }
        for k, key in enumerate(keys):
            values[key] = outcomes[:, :, k]
        if version == TemplateVersion.V2021:
            other = values.pop("other_handling")
            first = rng.binomial(other, 0.5)
            second = rng.binomial(other - first, 0.2)
            values.update(zip(OTHER_2021, (first, second, other - first - second), strict=True))
        cell_frames.append(_request_cells(ids, request_keys, values, blank_legal, broken))
        cell_frames.append(_review_cells(ids, rng, n))
        cell_frames.append(_proactive_cells(ids, rng, n, version, in_force))
        scope = ["region" if name.endswith("人民政府") else "self" for name in names]
        for i, name in enumerate(names):
            report_rows.append(
                _report_row(
                    ids[i], f"synthetic/{year}/{i}.txt", name, year, version.value, scope[i]
                )
            )
            total_new = int(new[i].sum())
            sections.extend(_sections(ids[i], name, year, total_new, version))
            figures.append(
                {
                    "report_id": ids[i],
                    "figure_key": "new_received",
                    "value": float(total_new),
                    "section_number": 1,
                    "quote": f"共受理政府信息公开申请{total_new}件。",
                }
            )
            truth_rows.append(
                {
                    "report_id": ids[i],
                    "agency_name": name,
                    "report_year": year,
                    "new_received": int(new[i].sum()),
                    "total_processed": int(processed[i].sum()),
                    "is_broken": bool(broken[i]),
                    "is_duplicate": False,
                    "report_scope": scope[i],
                }  # fmt: skip
            )
        carried = forward
    frames = {
        "reports": pl.DataFrame(report_rows, schema=SCHEMAS["reports"], orient="row"),
        "cells": pl.concat(cell_frames),
        "sections": pl.DataFrame(sections, schema=SCHEMAS["sections"], orient="row"),
        "narrative_figures": pl.DataFrame(
            figures, schema=SCHEMAS["narrative_figures"], orient="row"
        ),
        "outline": _outline([row["report_id"] for row in report_rows]),
    }
    frames = _with_duplicates(frames, rng)
    return SyntheticCorpus(frames, pl.DataFrame(truth_rows))


def _sections(
    report_id: str, name: str, year: int, total_new: int, version: TemplateVersion
) -> list[dict[str, object]]:
    """Section 一 with the figure the table must match; 五 with content; 六 stating fees in 2021."""
    bodies = {
        1: f"{year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》。"
        f"本机关共受理政府信息公开申请{total_new}件。",
        5: f"{name}在{year}年的政府信息公开工作中仍存在信息更新不够及时的问题，下一步将加强培训、完善制度。",
        6: "本年度未收取信息处理费。" if version == TemplateVersion.V2021 else "无。",
    }
    headings = {1: "一、总体情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}
    return [
        {"report_id": report_id, "section_number": k, "heading": headings[k], "body": body}
        for k, body in bodies.items()
    ]


def _outline(report_ids: list[str]) -> pl.DataFrame:
    """The six section headings, each once and in order: a well-formed outline."""
    headings = [
        {"position": s.number, "line": 10 * s.number, "numeral": s.numeral, "number": s.number,
         "heading": f"{s.numeral}、{s.title}", "kind": "section", "topic": s.number,
         "at_line_start": True}
        for s in REPORT_SECTIONS
    ]  # fmt: skip
    rows = [{"report_id": rid, **h} for rid in report_ids for h in headings]
    return pl.DataFrame(rows, schema=SCHEMAS["outline"], orient="row")


def _report_row(
    report_id: str, path: str, name: str, year: int, version: str, scope: str
) -> dict[str, object]:
    return {
        "report_id": report_id, "source_path": path, "source_file": Path(path).name,
        "file_format": "text", "size_bytes": 0, "status": "parsed", "error": None, "warnings": [],
        "agency_name": name, "agency_source": "title", "report_year": year, "year_source": "title",
        "published_on": f"{year + 1}-01-20", "published_source": "signature",
        "template_version": version,
        "template_evidence": "synthetic", "layout": "synthetic", "report_scope": scope, "scope_evidence": None,
        "extractor_version": EXTRACTOR_VERSION,
    }  # fmt: skip


def _long(
    ids: list[str],
    table: str,
    row_keys: list[str],
    col_keys: list[str],
    matrix: np.ndarray,
    blank: np.ndarray,
) -> pl.DataFrame:
    """(reports × rows × columns) values → raw cell rows."""
    n, rows, cols = matrix.shape
    report = np.repeat(np.array(ids), rows * cols)
    row = np.tile(np.repeat(np.array(row_keys), cols), n)
    col = np.tile(np.array(col_keys), n * rows)
    value = matrix.reshape(-1).astype(np.float64)
    is_blank = blank.reshape(-1)
    text = np.where(is_blank, "", value.astype(np.int64).astype(str))
    frame = pl.DataFrame(
        {
            "report_id": report,
            "table_key": table,
            "row_key": row,
            "col_key": col,
            "raw_row_label": row,
            "col_label": col,
            "row_order": np.tile(np.repeat(np.arange(1, rows + 1, dtype=np.int32), cols), n),
            "col_order": np.tile(np.arange(1, cols + 1, dtype=np.int32), n * rows),
            "value_text": text,
            "source_text": None,
            "value": np.where(is_blank, np.nan, value),
            "is_blank": is_blank,
            "unit": None,
            "position": "synthetic",
            "page": None,
            "method": "read",
            "label_score": 1.0,
            "is_ocr": False,
            "ocr_confidence": None,
            **dict.fromkeys(BOX_COLUMNS),
        }  # fmt: skip
    )
    return frame.with_columns(pl.col("value").fill_nan(None)).cast(SCHEMAS["cells"])  # type: ignore[arg-type]


def _request_cells(
    ids: list[str],
    keys: list[str],
    values: dict[str, np.ndarray],
    blank_legal: np.ndarray,
    broken: np.ndarray,
) -> pl.DataFrame:
    parts = np.stack(
        [values[k] for k in keys], axis=1
    )  # reports × rows × 6 (legal columns 0 where left blank)
    totals = parts.sum(axis=2, keepdims=True)
    totals[broken, keys.index("total_processed"), 0] += 1  # a report whose 总计 does not add up
    matrix = np.concatenate([parts, totals], axis=2)
    blank = np.zeros(matrix.shape, dtype=bool)
    blank[blank_legal, :, 1:6] = (
        True  # legal-person columns left blank, only 自然人 and 总计 filled
    )
    blank_values = matrix * ~blank
    return _long(
        ids,
        "requests",
        keys,
        [c.key for c in REQUEST_COLUMNS],
        np.where(blank, 0, blank_values),
        blank,
    )


def _review_cells(ids: list[str], rng: np.random.Generator, n: int) -> pl.DataFrame:
    parts = rng.poisson(0.6, size=(n, len(REVIEW_ROWS), 4))
    matrix = np.concatenate([parts, parts.sum(axis=2, keepdims=True)], axis=2)
    return _long(
        ids,
        "review_litigation",
        [r.key for r in REVIEW_ROWS],
        [c.key for c in REVIEW_COLUMNS],
        matrix,
        np.zeros(matrix.shape, bool),
    )


def _proactive_cells(
    ids: list[str], rng: np.random.Generator, n: int, version: TemplateVersion, in_force: np.ndarray
) -> pl.DataFrame:
    """Section 二; for template 2021 the in-force counts follow 现行有效 = 上年 + 制发 − 废止 (updated in place)."""
    frames = []
    for spec in proactive_rows(version):
        if spec.row.optional:
            continue
        columns = spec.columns[version]
        matrix = rng.poisson(5, size=(n, 1, len(columns)))
        if version == TemplateVersion.V2021 and spec.row.key in (
            "regulations",
            "normative_documents",
        ):
            k = 0 if spec.row.key == "regulations" else 1
            repealed = np.minimum(matrix[:, 0, 1], in_force[:, k])
            in_force[:, k] = in_force[:, k] + matrix[:, 0, 0] - repealed
            matrix[:, 0, 1], matrix[:, 0, 2] = repealed, in_force[:, k]
        frames.append(
            _long(
                ids,
                "proactive",
                [spec.row.key],
                [c.key for c in columns],
                matrix,
                np.zeros(matrix.shape, bool),
            )
        )
    return pl.concat(frames)


def _with_duplicates(
    frames: dict[str, pl.DataFrame], rng: np.random.Generator, rate: float = 0.02
) -> dict[str, pl.DataFrame]:
    """Some reports arrive twice (an HTML and a PDF of the same thing): same values, another file."""
    reports = frames["reports"]
    picked = (
        reports.sample(fraction=rate, seed=int(rng.integers(1 << 31)))
        if reports.height
        else reports
    )
    mapping = {rid: _id(rid, "copy") for rid in picked["report_id"]}
    out = dict(frames)
    for name, frame in frames.items():
        copies = frame.filter(pl.col("report_id").is_in(list(mapping))).with_columns(
            pl.col("report_id").replace(mapping)
        )
        if name == "reports":
            copies = copies.with_columns(
                source_path=pl.col("source_path") + ".html",
                source_file=pl.col("source_file") + ".html",
                file_format=pl.lit("html"),
            )
        out[name] = pl.concat([frame, copies])
    return out


def write_raw(corpus: SyntheticCorpus, raw_dir: Path) -> dict[str, int]:
    return land(corpus.frames, raw_dir)


def write_raw_in_slices(
    agencies: int, raw_dir: Path, slice_agencies: int = 9_000, departments_per_slice: int = 3
) -> dict[str, int]:
    """A raw layer of ``agencies`` agencies, generated and written a slice at a time: each
    slice is up to ``slice_agencies`` agencies of a few departments (of DEPARTMENTS +
    MORE_DEPARTMENTS, so no agency is in two), and memory stays that of one slice whatever the
    size (1M reports: 19 slices of ~55,000, peak RSS 9.0 GB). The slices' files are then streamed
    into one file per raw table (each sorted within its slice, not across slices)."""
    bodies = DEPARTMENTS + MORE_DEPARTMENTS
    groups = [
        bodies[i : i + departments_per_slice] for i in range(0, len(bodies), departments_per_slice)
    ]
    staging = staging_folder(raw_dir)
    parts = staging / "slices"
    left, counts = agencies, dict.fromkeys(SCHEMAS, 0)
    for number, group in enumerate(groups):
        if left <= 0:
            break
        corpus = generate(agencies=min(left, slice_agencies), seed=7 + number, departments=group)
        for name, rows in land(corpus.frames, parts / f"{number:03d}").items():
            counts[name] += rows
        left -= corpus.truth["agency_name"].n_unique()
    if left > 0:
        raise ValueError(
            f"{agencies} agencies asked for; the divisions and bodies hold {agencies - left}"
        )
    for name in SCHEMAS:
        sliced = pl.scan_parquet(sorted(parts.glob(f"*/{name}.parquet")))
        sliced.sink_parquet(staging / f"{name}.parquet")
    shutil.rmtree(parts)
    swap_in_raw(staging, raw_dir, counts)
    return counts
