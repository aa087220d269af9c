"""The command line's manners: help, usage errors in one line with exit code 2, missing inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ogi.cli import main


def _ogi(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ogi.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_bare_ogi_prints_help_without_a_traceback() -> None:
    done = _ogi()
    assert done.returncode == 2
    assert "Usage: ogi" in done.stdout + done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("nonsense",), "error: No such command 'nonsense'."),
        (("run", "--bogus-flag"), "error: No such option: --bogus-flag"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_code_two(args: tuple[str, ...], said: str) -> None:
    done = _ogi(*args)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"{said} (see 'ogi --help')"]


def test_missing_input_exits_two_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(tmp_path / "nope"), "--out", str(tmp_path / "w")]) == 2
    assert capsys.readouterr().err.strip() == f"error: input not found: {tmp_path / 'nope'}"
    assert not (tmp_path / "w" / "ogi.duckdb").exists()
