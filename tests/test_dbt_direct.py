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
    assert thresholds == [(0.05,)]  # 0.9 as built, dbt_project.yml
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
