# Two commands set up everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint wheel-check accuracy bench seed clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)  ## extract → build → validate → publish the bundled samples into ./warehouse
	$(BIN)/ogi run

test: $(STAMP)  ## the test suite (CI runs exactly this)
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff (format and lint), mypy --strict on extract/, sqlfluff on the dbt models
	$(BIN)/ruff check extract ogi tests scripts benchmarks hatch_build.py
	$(BIN)/ruff format --check extract ogi tests scripts benchmarks hatch_build.py
	$(BIN)/mypy  # strict on extract/ (pyproject.toml)
	$(BIN)/sqlfluff lint models data-tests --disable-progress-bar  # DuckDB dialect (.sqlfluff)

wheel-check: $(STAMP)  ## build the wheel, install it in a fresh venv outside the checkout, `ogi run` there
	scripts/check_wheel.sh

accuracy: $(STAMP)  ## cell-by-cell accuracy: bundled samples, format fixtures, degraded scans
	$(BIN)/ogi score samples tests/fixtures tests/scans

bench: $(STAMP)  ## benchmark tables (extraction, parallel, warehouse at scale, incremental)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

seed: $(STAMP)  ## regenerate seeds/template_dictionary.csv from extract/template.py
	$(BIN)/ogi template-seed

clean:
	rm -rf warehouse dist .pytest_cache
