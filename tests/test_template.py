"""The template is defined once; the dbt seed is generated from it and must not drift."""

from __future__ import annotations

import re

from extract.template import TableKey, TemplateVersion, request_rows, template_items
from ogi.generate import (
    AGENCY_YEAR_CONTRACT_PATH,
    CROSS_YEAR_SEED_PATH,
    FIGURE_SEED_PATH,
    IDENTITY_SEED_PATH,
    SEED_PATH,
    render_agency_year_contract,
    render_cross_year_seed,
    render_figure_seed,
    render_identity_seed,
    render_identity_suites,
    render_seed,
)


def test_seed_is_generated_from_the_template() -> None:
    assert SEED_PATH.read_text(encoding="utf-8") == render_seed(), "run `make seed`"
    assert AGENCY_YEAR_CONTRACT_PATH.read_text(encoding="utf-8") == render_agency_year_contract(), (
        "run `make seed`"
    )
    assert IDENTITY_SEED_PATH.read_text(encoding="utf-8") == render_identity_seed(), (
        "run `make seed`"
    )
    assert CROSS_YEAR_SEED_PATH.read_text(encoding="utf-8") == render_cross_year_seed()
    assert FIGURE_SEED_PATH.read_text(encoding="utf-8") == render_figure_seed()
    for path, text in render_identity_suites().items():  # the GX suites of the identities
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run `make seed`"


def test_row_counts_of_both_versions() -> None:
    assert len(request_rows(TemplateVersion.V2019)) == 23
    assert len(request_rows(TemplateVersion.V2021)) == 25


def test_template_keys_are_snake_case() -> None:
    """The published ids join keys with '.' (request_outcome_id is agency_year_id.applicant_type.
    outcome): a key with a dot in it could make two ids alike, and dbt does not test the ids of
    the two long facts on their views (models/marts/_marts__models.yml)."""
    keys = {
        key for item in template_items() for key in (item.table_key, item.row_key, item.col_key)
    }
    assert "granted" in keys and "natural_person" in keys  # section 三's keys are among them
    not_snake_case = sorted(key for key in keys if not re.fullmatch(r"[a-z][a-z0-9_]*", key))
    assert not_snake_case == []


def test_section_3_outcome_cells_are_all_in_the_requests_table() -> None:
    """fct_request_outcomes keys a report's outcome cells by (col_key, row_key) alone, without
    table_key: unique because they are all in one table (report_values' key has table_key)."""
    outcome_cells = [
        item for item in template_items() if item.outcome_group and item.applicant_group
    ]
    # docs/domain.md's outcome rows, （一） to （六）: 1 + 1 + 8 + 3 + 5, and （六）其他处理 one row in
    # 2019, three printed rows in 2021; six applicant columns (总计 is not one)
    assert len(outcome_cells) == 6 * ((18 + 1) + (18 + 3))
    assert {item.table_key for item in outcome_cells} == {TableKey.REQUESTS}
