"""The batch job on a real Dask LocalCluster (2 worker processes) leaves the same warehouse as
the in-process run."""

import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb

from etl.distributed_run import run_on_dask
from etl.pipeline_run import RunTargets, run_pipeline
from etl.settings import SAMPLE_LANDING_DIR
from etl.warehouse.load import table_fingerprints

BATCHES = ["2017-07-05", "2017-07-07", "2017-07-10"]


def _fingerprints(warehouse: Path) -> dict[str, tuple[int, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return table_fingerprints(connection)


def test_dask_workers_build_the_same_warehouse(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    for batch in BATCHES:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)
    home = tmp_path / "dagster_home"
    home.mkdir()

    distributed = run_on_dask(RunTargets(landing, tmp_path / "dask" / "news.duckdb"), home, workers=2)
    in_process = run_pipeline(RunTargets(landing, tmp_path / "local" / "news.duckdb"))

    assert distributed.success and in_process.success
    with dg.DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
        steps = [
            record.event_log_entry.dagster_event
            for record in instance.get_records_for_run(run.run_id).records
            if record.event_log_entry.dagster_event and record.event_log_entry.dagster_event.is_step_start
        ]
    assert {step.step_key for step in steps} >= {
        "raw_html",
        "parsed_articles",
        "actor_mentions",
        "warehouse_tables",
    }
    assert all(step.pid != os.getpid() for step in steps)
    assert len({step.pid for step in steps}) >= 1
    dask_tables = _fingerprints(tmp_path / "dask" / "news.duckdb")
    assert dask_tables == _fingerprints(tmp_path / "local" / "news.duckdb")
    assert dask_tables["fact_article"][0] > 0
    assert {b for (b,) in duckdb.connect(str(tmp_path / "dask" / "news.duckdb"), read_only=True).execute(
        "SELECT DISTINCT batch_id FROM ingest_log").fetchall()} == set(BATCHES)  # fmt: skip
