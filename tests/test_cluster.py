"""Extraction on a Dask distributed cluster — here a local one of two worker processes, as on a
real cluster with shared storage — lands the same raw layer as a local run, byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import dask
import polars as pl
import pytest
from distributed import LocalCluster

from extract.landing import SCHEMAS
from ogi.cli import main
from tests.conftest import SAMPLES

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RAW_TABLES = tuple(SCHEMAS)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    # not daemons, so that each worker can start the process that holds a document's limits
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        yield cluster.scheduler_address


def test_cluster_lands_the_raw_layer_of_a_local_run(scheduler: str, tmp_path: Path) -> None:
    inputs = [str(SAMPLES), str(FIXTURES)]
    local, on_cluster = tmp_path / "local", tmp_path / "cluster"
    assert main(["extract", *inputs, "--out", str(local)]) == 0
    assert main(["extract", *inputs, "--out", str(on_cluster), "--scheduler", scheduler]) == 0
    for table in RAW_TABLES:
        here = (local / "raw" / f"{table}.parquet").read_bytes()
        assert (on_cluster / "raw" / f"{table}.parquet").read_bytes() == here, table
    reports = pl.read_parquet(on_cluster / "raw" / "reports.parquet")
    files = [p for folder in (SAMPLES, FIXTURES) for p in folder.rglob("*") if p.is_file()]
    assert reports.height == len(files)  # every file has its state, read on the cluster
    scans = reports.filter(pl.col("source_file").str.ends_with(".scan.pdf"))
    assert scans.height == 2 and set(scans["status"]) <= {"parsed", "parsed_with_warnings"}
    assert reports.filter(pl.col("status") != "failed").height > 20
