"""Every agency name as printed → a normalised name, a stable agency_id, its kind and region.

Region codes come from cpca (bundled administrative divisions, offline). cpca guesses silently
on bare district names (朝阳区, 鼓楼区 exist in several cities), so the name's match is checked
against the province and city that the report's own opening text names, and graded:
region_source says where the region came from (agency_name, document_context, none) and
region_confidence how sure it is (high: the name carries its city or province; medium: a bare
county-level name that the document does not contradict; low: taken from the document only,
or the document contradicts the name's guess).
"""

import hashlib
import re
import unicodedata
import warnings

import pandas as pd
import pyarrow as pa

# Bracketed qualifiers that name the same agency: 平潭综合实验区（管委会）, XX局（本级）.
QUALIFIER = re.compile(r"（(?:管委会|本级|机关|本部|单位)）$")
KIND_RULES = (
    ("government_office", re.compile(r"人民政府办公[厅室]$|政府办公[厅室]$")),
    ("people_government", re.compile(r"人民政府$")),
    ("zone_administration", re.compile(r"(?:管委会|管理委员会|实验区|开发区|新区|高新区)$")),
    ("department", re.compile(r"(?:局|委员会|委|厅|办公室|办|署)$")),
)


def normalise(name: str) -> str:
    from extract.metadata import expand_abbreviation  # the one list of short forms (市科委 …)

    folded = unicodedata.normalize("NFKC", name)
    folded = re.sub(r"\s+", "", folded).replace("(", "（").replace(")", "）")
    return expand_abbreviation(QUALIFIER.sub("", folded))


def kind_of(name: str) -> str:
    return next((kind for kind, rule in KIND_RULES if rule.search(name)), "other_body")


def level_of(code) -> str | None:
    if code is None or pd.isna(code):
        return None
    code = str(code)
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"


# Every column typed explicitly: an empty batch, or one where no region resolves, must still
# give VARCHAR columns (a frame of Nones would reach DuckDB typed NULL and break the contracts).
SCHEMA = pa.schema(
    [
        ("agency_name_printed", pa.string()),
        ("agency_name", pa.string()),
        ("agency_id", pa.string()),
        ("agency_kind", pa.string()),
        ("province_name", pa.string()),
        ("city_name", pa.string()),
        ("county_name", pa.string()),
        ("region_code", pa.string()),
        ("region_level", pa.string()),
        ("region_source", pa.string()),
        ("region_confidence", pa.string()),
    ]
)
REGION_COLUMNS = [
    "province_name", "city_name", "county_name", "region_code", "region_level", "region_source", "region_confidence",
]  # fmt: skip


def _clean(value):
    return None if value is None or pd.isna(value) else value


REGION_PARTS = ("省", "市", "区", "adcode")


def _parts(found: pd.DataFrame) -> list[dict]:
    """cpca's rows as plain dicts, missing parts None (row by row through .iloc was 6 s at 5,000)."""
    columns = {part: [_clean(v) for v in found[part].tolist()] for part in REGION_PARTS}
    return [dict(zip(REGION_PARTS, values)) for values in zip(*columns.values())]


def resolve(cpca, names: list[str], contexts: list[str]) -> pd.DataFrame:
    rows = []
    for name, own, doc in zip(names, _parts(cpca.transform(names)), _parts(cpca.transform(contexts))):
        names_city = bool(own["市"] and own["市"][:2] in name) or bool(own["省"] and own["省"][:2] in name)
        if own["adcode"]:
            contradicted = bool(doc["省"]) and doc["省"] != own["省"]
            source = "agency_name"
            confidence = "low" if contradicted else "high" if names_city else "medium"
            chosen = own
        elif doc["adcode"]:
            source, confidence, chosen = "document_context", "low", doc
        else:
            source, confidence, chosen = "none", None, dict.fromkeys(REGION_PARTS)
        rows.append(
            {
                "province_name": chosen["省"],
                "city_name": chosen["市"],
                "county_name": chosen["区"],
                "region_code": None if chosen["adcode"] is None else str(chosen["adcode"]),
                "region_level": level_of(chosen["adcode"]),
                "region_source": source,
                "region_confidence": confidence,
            }
        )
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


def first_reports(dbt):
    """Each printed agency name, its first report (by id) and that report's opening text (its
    sections 0 and 1, first 400 characters): the context its region is checked against.
    Aggregated in DuckDB: only one row per name reaches Python."""
    names = (
        dbt.ref("stg_raw__reports")
        .filter("agency_name_printed is not null")
        .aggregate("agency_name_printed, min(report_id) as report_id", "agency_name_printed")
    )
    openings = (
        dbt.ref("stg_raw__sections")
        .filter("section_number in (0, 1)")
        .join(names.select("report_id"), "report_id", how="semi")
        .aggregate(
            "report_id, substring(string_agg(body, '' order by section_number), 1, 400) as opening",
            "report_id",
        )
    )
    return names.join(openings, "report_id", how="left").order("agency_name_printed").df()


def model(dbt, session):
    dbt.config(materialized="table")
    with warnings.catch_warnings():  # cpca 0.5.5 imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        import cpca  # imported here: it loads its division table on import

    firsts = first_reports(dbt)
    if firsts.empty:  # every file failed, or no agency named: an empty, typed table
        return SCHEMA.empty_table()
    printed = firsts["agency_name_printed"].tolist()
    frame = pd.DataFrame({"agency_name_printed": printed})
    frame["agency_name"] = [normalise(n) for n in printed]
    frame["agency_id"] = [hashlib.md5(n.encode("utf-8")).hexdigest() for n in frame["agency_name"]]
    frame["agency_kind"] = [kind_of(n) for n in frame["agency_name"]]
    contexts = [_clean(opening) or "" for opening in firsts["opening"].tolist()]
    regions = resolve(cpca, list(frame["agency_name"]), contexts)
    for column in REGION_COLUMNS:
        frame[column] = regions[column].astype("object").values
    return pa.Table.from_pandas(frame[SCHEMA.names], schema=SCHEMA, preserve_index=False)
