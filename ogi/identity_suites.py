"""Great Expectations' own check of the reporting identities: a second implementation, beside
dbt's ``identity_checks``, that adds up the report values itself.

The frame is one row per report and one column per template cell of sections 三 and 四
(``<table>__<row>__<col>``): the value, 0 for a blank cell, and missing where the cell was not
read, is ambiguous, or (for the identities the digit solver splits rows by) was read by that
identity. ``expect_identity_to_hold`` adds up the left-hand columns and the others, per row, and
compares them; a row with a missing member is not evaluated, as in dbt. The suites are
generated from ``extract/template.py`` (``ogi template-seed``), one per identity, one
expectation per version and scope.
"""

from __future__ import annotations

from typing import Any

from extract.template import Identity, TemplateVersion, identities

IDENTITY_FRAME = "identity_values"  # every read value, blank as 0
UNSPLIT_FRAME = "identity_values_unsplit"  # the same, missing where a row was split by its total


def cell_column(table_key: str, row_key: str, col_key: str) -> str:
    return f"{table_key}__{row_key}__{col_key}"


def _expectation(version: TemplateVersion, identity: Identity) -> dict[str, Any]:
    lhs = [cell_column(identity.table_key.value, r, c) for r, c in identity.lhs]
    rhs = [cell_column(identity.table_key.value, r, c) for r, c in identity.rhs]
    relation = "≤" if identity.comparison == "at_most" else "="
    return {
        "type": "expect_identity_to_hold",
        "kwargs": {
            "column_list": lhs + rhs,
            "lhs_columns": lhs,
            "comparison": identity.comparison,
            # GX's serialised condition: template_version == "<version>"
            "row_condition": {
                "type": "comparison",
                "column": {"name": "template_version"},
                "operator": "==",
                "parameter": version.value,
            },
            "result_format": {
                "result_format": "COMPLETE",
                "unexpected_index_column_names": ["report_id"],
            },
        },
        "meta": {
            "identity": identity.name,
            "scope": identity.scope,
            "template_version": version.value,
            "statement": f"template {version.value}, {identity.name} · {identity.scope}: "
            f"{' + '.join(lhs)} {relation} {' + '.join(rhs)}",
        },
    }


def identity_suites() -> dict[str, dict[str, Any]]:
    """One suite per identity (balance, row_total, …): name → GX suite JSON."""
    suites: dict[str, dict[str, Any]] = {}
    for version in TemplateVersion:
        for identity in identities(version):
            name = f"identity_{identity.name}"
            suite = suites.setdefault(
                name,
                {
                    "name": name,
                    "id": None,
                    "notes": (
                        f"Reporting identity '{identity.name}', computed by Great Expectations from "
                        "the report values (generated from extract/template.py; a second "
                        "implementation beside dbt's identity_checks, which must agree). A failure "
                        "is a finding about the report, never a failed run. Blank cells count as 0; "
                        "a report with a member cell unread or ambiguous is not evaluated."
                    ),
                    "meta": {
                        "frame": UNSPLIT_FRAME if identity.splits_fused_rows else IDENTITY_FRAME,
                        "where": "true",
                        "kind": "finding",
                    },
                    "expectations": [],
                },
            )
            suite["expectations"].append(_expectation(version, identity))
    return suites
