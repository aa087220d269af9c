"""The template is defined once; the dbt seed is generated from it and must not drift."""

from __future__ import annotations

from extract.template import TemplateVersion, request_rows
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
