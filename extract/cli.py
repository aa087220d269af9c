"""``ogi``: the command line. It parses arguments and delegates to :mod:`extract.pipeline`."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer

from extract import pipeline
from extract.pipeline import PipelineError, Warehouse
from extract.workers import Limits

app = typer.Typer(add_completion=False, no_args_is_help=True, help="OGI annual reports → a queryable warehouse.")
log = logging.getLogger("ogi")

InputArg = Annotated[list[Path] | None, typer.Argument(help="Files or folders (recursive). Default: the bundled samples.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Warehouse folder.")]
JobsOpt = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes for extraction.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=1, help="Seconds one document may take.")]
MemoryOpt = Annotated[int, typer.Option("--memory-mb", min=256, help="Address-space limit of a worker, MB.")]
DEFAULT_JOBS = min(2, os.cpu_count() or 1)
DEFAULT_OUT = Path("warehouse")


def _warehouse(out: Path) -> Warehouse:
    return Warehouse(out.resolve())


def _extract(inputs: list[Path] | None, out: Path, jobs: int, limits: Limits) -> None:
    summary = pipeline.extract_all(inputs or [pipeline.SAMPLES_DIR], _warehouse(out), jobs, limits)
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items()))
    typer.echo(f"extract: {summary.files} files ({summary.extracted} read, {summary.reused} unchanged) → {out / 'raw'} ({statuses})")


def _build(out: Path) -> None:
    pipeline.build(_warehouse(out))
    typer.echo(f"build: dbt build passed → {out / 'ogi.duckdb'}")


def _validate(out: Path) -> None:
    from extract.validate import findings_summary, validate

    summary = validate(_warehouse(out))
    typer.echo(summary.render())
    typer.echo(findings_summary(_warehouse(out)))
    if not summary.integrity_ok:
        raise PipelineError("raw-layer integrity checks failed (see above): this is an extraction defect, not a finding")


def _publish(out: Path) -> None:
    files = pipeline.publish(_warehouse(out))
    typer.echo(f"publish: {len(files)} files → {out / 'publish'}")


@app.command()
def run(
    inputs: InputArg = None,
    out: OutOpt = DEFAULT_OUT,
    jobs: JobsOpt = DEFAULT_JOBS,
    timeout: TimeoutOpt = Limits.timeout_seconds,
    memory_mb: MemoryOpt = Limits.memory_mb,
) -> None:
    """Extract, build, validate and publish in one go (skipping what nothing new requires)."""
    _extract(inputs, out, jobs, Limits(timeout, memory_mb))
    if pipeline.is_up_to_date(_warehouse(out)):
        typer.echo(f"up to date: nothing new since the last run; published files unchanged in {out / 'publish'}")
        return
    _build(out)
    _validate(out)
    _publish(out)
    pipeline.record_success(_warehouse(out))


@app.command()
def extract(
    inputs: InputArg = None,
    out: OutOpt = DEFAULT_OUT,
    jobs: JobsOpt = DEFAULT_JOBS,
    timeout: TimeoutOpt = Limits.timeout_seconds,
    memory_mb: MemoryOpt = Limits.memory_mb,
) -> None:
    """Read the documents (in worker processes, each under a time and memory limit) and land the raw layer."""
    _extract(inputs, out, jobs, Limits(timeout, memory_mb))


@app.command()
def build(out: OutOpt = DEFAULT_OUT) -> None:
    """Run dbt build (seeds, models, dbt tests) on the raw layer."""
    _build(out)


@app.command()
def validate(out: OutOpt = DEFAULT_OUT) -> None:
    """Run the Great Expectations suites; findings about reports never fail this step."""
    _validate(out)


@app.command()
def publish(out: OutOpt = DEFAULT_OUT) -> None:
    """Write the marts as Parquet under <out>/publish/ (swapped in as a set)."""
    _publish(out)


@app.command()
def score(
    inputs: InputArg = None,
    expected: Annotated[list[Path] | None, typer.Option("--expected", help="Folders of expected-values JSON.")] = None,
) -> None:
    """Accuracy: extract documents that have expected values beside them and compare every cell."""
    from extract.score import DEFAULT_EXPECTED, DEFAULT_SCORED, render_table, score_documents

    documents = pipeline.discover(inputs or DEFAULT_SCORED)
    scores = score_documents(documents, expected or DEFAULT_EXPECTED)
    if not scores:
        raise PipelineError("no document with an expected-values JSON found")
    typer.echo(render_table(scores))


@app.command("template-seed")
def template_seed() -> None:
    """Regenerate seeds/template_dictionary.csv from extract/template.py."""
    from extract.dictionary import write_seed

    typer.echo(f"wrote {write_seed()}")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (0 also when reports contain findings)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        app(args=argv, standalone_mode=False)
    except PipelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except typer.Exit as exc:
        return int(exc.exit_code or 0)
    except (typer.BadParameter, typer.Abort) as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except Exception as exc:  # click usage errors surface here with standalone_mode=False
        from click.exceptions import ClickException

        if isinstance(exc, ClickException):
            exc.show()
            return exc.exit_code
        raise
    return 0


def entry() -> None:
    raise SystemExit(main())


if __name__ == "__main__":
    entry()
