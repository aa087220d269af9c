"""Every value of sections 二, 三 and 四 of every bundled report equals what the document prints.

Expected values: ``tests/expected/{seeds,real}/*.json``, hand-read (the shared files, extended to
every row by reading the documents).
"""

from __future__ import annotations

import pytest

from extract.align import Method
from extract.score import expected_cells, score_report
from tests.conftest import expected_documents, extracted, load_expected

# The shared expected file writes 平潭综合实验区（管委会）: the bracket is the annotator's; the
# documents print 平潭综合实验区 only (title and crawler header).
PRINTED_AGENCY = {"h02_pingtan_zone_2019": "平潭综合实验区", "h03_pingtan_zone_2020": "平潭综合实验区"}


@pytest.mark.parametrize("stem", expected_documents())
def test_every_value_matches_the_document(stem: str) -> None:
    score = score_report(extracted(stem), load_expected(stem))
    assert score.misses == []
    assert score.correct == score.cells


@pytest.mark.parametrize("stem", expected_documents())
def test_blank_is_not_zero(stem: str) -> None:
    got = {(v.table_key.value, v.row_key, v.col_key): v for v in extracted(stem).values}
    for key, want in expected_cells(load_expected(stem)).items():
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
    values = {(v.table_key.value, v.row_key, v.col_key): v for v in extracted("h03_pingtan_zone_2020").values}
    penalty = values[("proactive", "penalty", "change")]
    assert penalty.method == Method.AMBIGUOUS and penalty.value is None
    assert any("2648" in w and "cannot be split" in w for w in extracted("h03_pingtan_zone_2020").warnings)


def test_no_expected_cell_is_dropped() -> None:
    """Guards the size of the check above: 10 documents, every row of 三 and 四, 二 where given."""
    assert len(expected_documents()) == 10
    assert sum(len(expected_cells(load_expected(stem))) for stem in expected_documents()) == 1987
