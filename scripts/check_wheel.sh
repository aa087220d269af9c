#!/usr/bin/env bash
# The installed package works outside the checkout: build the wheel, install it into a fresh
# virtual environment in a temporary folder, and run `ogi run` on the samples it carries.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/.venv/bin/pip" wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w "$work/dist" "$root"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/requirements.lock"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "$work"/dist/*.whl

cd "$work"  # nowhere near the checkout
"$work/venv/bin/ogi" --quiet run --out "$work/warehouse"
"$work/venv/bin/python" - "$work/warehouse" "$root" <<'PY'
import sys
from pathlib import Path

import ogi.project

warehouse, checkout = Path(sys.argv[1]), Path(sys.argv[2])
assert not ogi.project.PROJECT_DIR.is_relative_to(checkout), f"ran from the checkout: {ogi.project.PROJECT_DIR}"
published = sorted(p.name for p in (warehouse / "publish").glob("*.parquet"))
assert "fct_agency_year.parquet" in published and "report_findings.parquet" in published, published
print(f"wheel: ogi run outside the checkout published {len(published)} Parquet files from {ogi.project.PROJECT_DIR}")
PY
