"""Where the dbt project (models, macros, seeds, data tests, expectations) and the bundled
samples are: inside the installed package (``ogi/project``, put there when the wheel is
built), or the source checkout this package sits in."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "project"
_CHECKOUT = Path(__file__).resolve().parent.parent

PROJECT_DIR = _PACKAGED if (_PACKAGED / "dbt_project.yml").is_file() else _CHECKOUT
SAMPLES_DIR = PROJECT_DIR / "samples"
SUITES_DIR = PROJECT_DIR / "expectations"  # the Great Expectations suites, as GX JSON
