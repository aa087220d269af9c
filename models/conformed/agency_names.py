"""Every agency name as printed → a normalised name, a stable agency_id and its region.

Region codes come from cpca (bundled administrative divisions, offline). cpca guesses silently
on ambiguous bare district names, so the match is graded: `county`/`city`/`province` say how
deep the code goes, `unresolved` that nothing matched.
"""

import hashlib
import re
import unicodedata
import warnings

import pandas as pd


def normalise(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name)
    folded = re.sub(r"\s+", "", folded)
    return folded.replace("(", "（").replace(")", "）")


def region_level(row: pd.Series) -> str:
    if pd.notna(row["区"]):
        return "county"
    if pd.notna(row["市"]):
        return "city"
    if pd.notna(row["省"]):
        return "province"
    return "unresolved"


def model(dbt, session):
    dbt.config(materialized="table")
    with warnings.catch_warnings():  # cpca 0.5.5 imports the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        import cpca  # imported here: it loads its division table on import

    printed = dbt.ref("stg_raw__reports").filter("agency_name_printed is not null").df()
    names = sorted(set(printed["agency_name_printed"]))
    frame = pd.DataFrame({"agency_name_printed": names})
    frame["agency_name"] = [normalise(n) for n in names]
    frame["agency_id"] = [hashlib.md5(n.encode("utf-8")).hexdigest() for n in frame["agency_name"]]
    if names:
        regions = cpca.transform(list(frame["agency_name"]))
        frame["province_name"] = regions["省"].where(regions["省"].notna(), None).values
        frame["city_name"] = regions["市"].where(regions["市"].notna(), None).values
        frame["county_name"] = regions["区"].where(regions["区"].notna(), None).values
        frame["region_code"] = regions["adcode"].where(regions["adcode"].notna(), None).astype("object").values
        frame["region_match"] = regions.apply(region_level, axis=1).values
    else:
        for column in ("province_name", "city_name", "county_name", "region_code", "region_match"):
            frame[column] = pd.Series(dtype="object")
    return frame
