"""Every value of sections 二, 三 and 四 of every bundled report equals what the document prints.

Expected values: ``tests/expected/{seeds,real}/*.json`` (hand-read, shared with the project)
plus ``tests/expected/supplement.json`` (the remaining rows, read by hand from samples/).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from extract.align import Method, TableValue
from extract.template import REQUEST_COLUMNS, REVIEW_COLUMNS, REVIEW_ROWS, TemplateVersion, proactive_rows, request_rows
from tests.conftest import EXPECTED, expected_documents, extracted, load_expected

SUPPLEMENT = json.loads((EXPECTED / "supplement.json").read_text(encoding="utf-8"))
# The shared expected file writes 平潭综合实验区（管委会）: the bracket is the annotator's; the
# documents print 平潭综合实验区 only (title and crawler header).
PRINTED_AGENCY = {"h02_pingtan_zone_2019": "平潭综合实验区", "h03_pingtan_zone_2020": "平潭综合实验区"}


def _by_key(stem: str) -> dict[tuple[str, str, str], TableValue]:
    return {(v.table_key.value, v.row_key, v.col_key): v for v in extracted(stem).values}


def _in_wan_yuan(value: TableValue) -> float | None:
    if value.value is not None and value.col_key == "amount_wan_yuan" and value.unit == "元":
        return float(Decimal(str(value.value)) / 10000)
    return value.value


def expected_cells(stem: str) -> list[tuple[tuple[str, str, str], float | None]]:
    shared, extra = load_expected(stem), SUPPLEMENT.get(stem, {})
    version = TemplateVersion(shared["template"])
    requests = {**shared["requests"], **extra.get("requests", {})}
    cells: list[tuple[tuple[str, str, str], float | None]] = []
    for row in request_rows(version):
        values = requests.get(row.key, extra.get("all_other_rows"))
        assert values is not None, f"{stem}: no expected value for {row.key}"
        cells += [(("requests", row.key, col.key), v) for col, v in zip(REQUEST_COLUMNS, values, strict=True)]
    flat = shared["review_litigation"]
    for r_i, row in enumerate(REVIEW_ROWS):
        for c_i, col in enumerate(REVIEW_COLUMNS):
            cells.append((("review_litigation", row.key, col.key), flat[r_i * 5 + c_i]))
    proactive = {**shared.get("proactive", {}), **extra.get("proactive", {})}
    columns = {p.row.key: p.columns[version] for p in proactive_rows(version)}
    for row_key, values in proactive.items():
        cells += [(("proactive", row_key, col.key), v) for col, v in zip(columns[row_key], values, strict=True)]
    return cells


@pytest.mark.parametrize("stem", expected_documents())
def test_every_value_matches_the_document(stem: str) -> None:
    got = _by_key(stem)
    wrong = []
    for key, want in expected_cells(stem):
        value = got.get(key)
        if value is None:
            wrong.append((key, want, "missing"))
        elif want is None and value.value is not None or want is not None and _in_wan_yuan(value) != pytest.approx(want):
            wrong.append((key, want, value.value_text))
    assert not wrong, f"{stem}: {len(wrong)} cells differ: {wrong[:10]}"


@pytest.mark.parametrize("stem", expected_documents())
def test_blank_is_not_zero(stem: str) -> None:
    got = _by_key(stem)
    for key, want in expected_cells(stem):
        if want is None and got[key].method == Method.READ:
            assert got[key].is_blank, f"{stem} {key}: printed blank, must be is_blank"
        if want == 0:
            assert not got[key].is_blank, f"{stem} {key}: printed 0, must not be blank"


@pytest.mark.parametrize("stem", expected_documents())
def test_metadata(stem: str) -> None:
    shared, report = load_expected(stem), extracted(stem)
    assert report.metadata is not None
    assert report.metadata.agency_name == PRINTED_AGENCY.get(stem, shared["agency_name"])
    assert report.metadata.report_year == shared["report_year"]
    assert report.template_version == shared["template"]


def test_flattened_ambiguity_is_said_not_guessed() -> None:
    penalty = _by_key("h03_pingtan_zone_2020")[("proactive", "penalty", "change")]
    assert penalty.method == Method.AMBIGUOUS and penalty.value is None
    assert any("2648" in w and "cannot be split" in w for w in extracted("h03_pingtan_zone_2020").warnings)


def test_no_expected_cell_is_dropped() -> None:
    """Guards the size of the check above: 10 documents, 1,987 hand-read cells."""
    assert len(expected_documents()) == 10
    assert sum(len(expected_cells(stem)) for stem in expected_documents()) == 1987
