"""dbt as an entry point of its own: plain `dbt build` from the project root, and a warehouse
folder that still answers every query after it is moved."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from ogi.cli import main
from tests.conftest import ROOT, sample_path

PROJECT_PARTS = ("models", "macros", "seeds", "data-tests", "dbt_project.yml", "profiles.yml")


def _project_copy(target: Path) -> Path:
    target.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / part)
    return target


def _dbt(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``dbt`` as an analyst runs it: in the project folder, no OGI_* variable set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OGI_")}
    dbt = Path(sys.executable).parent / "dbt"
    return subprocess.run(
        [str(dbt), *args], cwd=project, env=env, capture_output=True, text=True, timeout=600
    )


def test_plain_dbt_build_after_ogi_extract_and_a_moved_warehouse(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    project = _project_copy(tmp_path / "project")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for stem in ("000_c78f62d35b0910a5", "h13_huaian_city_gov_2024"):
        shutil.copy(sample_path(stem), inputs)
    assert main(["--quiet", "extract", str(inputs), "--out", str(project / "warehouse")]) == 0
    built = _dbt(project, "build", "--quiet")
    assert built.returncode == 0, built.stdout + built.stderr
    listed = _dbt(project, "ls", "--resource-type", "model", "--quiet")
    assert listed.returncode == 0 and "ogi_warehouse.marts.fct_agency_year" in listed.stdout
    # report_findings keeps its rows by report; a threshold given as a var judges them again
    rebuilt = _dbt(
        project,
        "run",
        "--quiet",
        "--select",
        "blank_cell_checks report_findings",
        "--vars",
        "{ogi_max_blank_share: 0.05}",
    )
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    with duckdb.connect(str(project / "warehouse" / "ogi.duckdb"), read_only=True) as con:
        thresholds = con.sql(
            "select distinct rhs::double from marts.report_findings where check_family = 'blank_cells'"
        ).fetchall()
        checked = con.sql("select distinct rhs::double from conformed.blank_cell_checks").fetchall()
    assert thresholds == [(0.05,)]  # 0.9 as built, dbt_project.yml
    assert checked == [(0.05,)]  # blank_cell_checks is kept by report too: judged again
    moved = tmp_path / "elsewhere" / "warehouse"
    moved.parent.mkdir()
    shutil.move(project / "warehouse", moved)
    with duckdb.connect(str(moved / "ogi.duckdb"), read_only=True) as con:
        tables = con.sql(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
        assert len(tables) > 20
        for schema, table in tables:  # every schema's every table answers: nothing points at a file
            con.sql(f'select count(*) from "{schema}"."{table}"').fetchall()
        assert con.sql("select count(*) from marts.dim_reports").fetchall() == [(2,)]
    capsys.readouterr()
    assert (
        main(
            [
                "query",
                "select count(*) as n from staging.stg_raw__cells",
                "--out",
                str(moved),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert int(capsys.readouterr().out.split()[1]) > 300


PROBE_DIFF_TYPES = """
{% macro probe_diff_column_data_types() %}
    {%- set source = [api.Column.create('a', 'integer'), api.Column.create('b', 'varchar'),
                      api.Column.create('c', 'bigint')] -%}
    {%- set target = [api.Column.create('a', 'bigint'), api.Column.create('b', 'varchar'),
                      api.Column.create('d', 'integer')] -%}
    {%- do print('ours ' ~ tojson(duckdb__diff_column_data_types(source, target))) -%}
    {%- do print('dbt ' ~ tojson(dbt.default__diff_column_data_types(source, target))) -%}
{% endmacro %}
"""


def test_the_column_checks_rewritten_for_wide_models_judge_as_dbts_own(tmp_path: Path) -> None:
    """macros/wide_models.sql re-implements two of dbt's column checks: a type that cannot be
    widened is still a schema change, and a contract broken by a column's type or name, on a
    table and on an incremental model's new rows, still fails the model."""
    project = _project_copy(tmp_path / "project")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(sample_path("000_c78f62d35b0910a5"), inputs)
    assert main(["--quiet", "extract", str(inputs), "--out", str(project / "warehouse")]) == 0
    (project / "macros" / "probe_diff_column_data_types.sql").write_text(PROBE_DIFF_TYPES)
    probed = _dbt(project, "run-operation", "probe_diff_column_data_types")
    assert probed.returncode == 0, probed.stdout + probed.stderr
    # a: integer where the table has bigint (not a widening); b: unchanged; c: not in the table
    changed = '[{"column_name": "a", "new_type": "integer"}]'
    assert f"ours {changed}" in probed.stdout and f"dbt {changed}" in probed.stdout

    seeded = _dbt(project, "seed", "--quiet")
    built = _dbt(project, "run", "--quiet", "--select", "+fct_continuity")
    assert seeded.returncode == built.returncode == 0, built.stdout + built.stderr
    model = project / "models" / "marts" / "fct_continuity.sql"
    as_built = model.read_text(encoding="utf-8")
    for broken in (
        as_built.replace(
            "checks.lhs::bigint as this_year_value", "checks.lhs::double as this_year_value"
        ),
        as_built.replace("checks.scope,", "checks.scope as scope_name,"),
    ):
        assert broken != as_built
        model.write_text(broken, encoding="utf-8")
        for how in ((), ("--full-refresh",)):  # new rows into the kept table; the table rebuilt
            run = _dbt(project, "run", "--select", "fct_continuity", *how)
            assert run.returncode != 0, how
            assert "This model has an enforced contract that failed" in run.stdout, run.stdout
