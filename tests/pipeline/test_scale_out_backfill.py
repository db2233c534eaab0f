"""Scale-out by runs: a backfill of three batches, queued as one run per batch and launched side by
side by a real daemon through a real code server, leaves the same warehouse as one in-process
run, and the `duckdb_warehouse` pool never lets two writing steps run at once.

Left alone, the three small runs would reach the warehouse a few seconds apart and never meet
there, pool or not. So the test holds the warehouse file (as an analyst's DuckDB shell would)
until every run has arrived at the pool: the first writer waits for the file inside its step,
and the pool must keep the other two out of theirs."""

import shutil
import time
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from etl.definitions import defs
from etl.defs.jobs import ingest_batch_job
from etl.deployment import local_deployment
from etl.runs import BACKFILL_TAG, FINISHED, backfill_runs, run_pipeline, submit_backfill
from etl.settings import LOCK_WAIT_ENV, SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.load import table_fingerprints
from etl.warehouse.published import writer_file

BATCHES = ["2017-07-05", "2017-07-07", "2017-07-10"]
WAREHOUSE_POOL = "duckdb_warehouse"
BLOCKED = f"blocked by limit for pool {WAREHOUSE_POOL}"


@dataclass(frozen=True, slots=True, order=True)
class StepSpan:
    start: float
    end: float
    batch: str
    step: str


def _pool_steps() -> set[str]:
    job = defs.resolve_job_def(ingest_batch_job.name)
    return {node.name for node in job.graph.node_defs if node.pool == WAREHOUSE_POOL}


def _step_spans(instance: dg.DagsterInstance, run: dg.DagsterRun, steps: set[str]) -> list[StepSpan]:
    """From the run's event log: each step's start to its success or failure."""
    started: dict[str, float] = {}
    spans = []
    for entry in instance.all_logs(run.run_id):
        event = entry.dagster_event
        if event is None or event.step_key not in steps:
            continue
        if event.event_type_value == "STEP_START":
            started[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            batch = run.tags["dagster/partition"]
            spans.append(StepSpan(started[event.step_key], entry.timestamp, batch, event.step_key))
    return spans


def _arrivals(instance: dg.DagsterInstance, backfill_id: str, steps: set[str]) -> dict[str, str]:
    """Run id → how each run of the backfill met the pool so far: "started" a pool step, or
    "blocked" waiting for a slot."""
    arrived: dict[str, str] = {}
    for run in instance.get_runs(filters=dg.RunsFilter(tags={BACKFILL_TAG: backfill_id})):
        for entry in instance.all_logs(run.run_id):
            event = entry.dagster_event
            if event is None or event.step_key not in steps:
                continue
            if event.event_type_value == "STEP_START":
                arrived[run.run_id] = "started"
                break
            if BLOCKED in (event.message or ""):
                arrived[run.run_id] = "blocked"
    return arrived


def _wait_for_arrivals(
    instance: dg.DagsterInstance, backfill_id: str, steps: set[str], timeout: float = 300
) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while len(arrived := _arrivals(instance, backfill_id, steps)) < len(BATCHES):
        finished = instance.get_runs(
            filters=dg.RunsFilter(tags={BACKFILL_TAG: backfill_id}, statuses=list(FINISHED))
        )
        assert not finished, f"runs ended before reaching the pool: {[run.status for run in finished]}"
        assert time.monotonic() < deadline, f"only {len(arrived)} runs reached the pool: {arrived}"
        time.sleep(1)
    return arrived


def _fingerprints(warehouse: Path) -> dict[str, tuple[int, str]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return table_fingerprints(connection)


@pytest.mark.slow
def test_backfill_runs_one_batch_per_run_through_the_writer_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    for batch in BATCHES:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)
    fanned_out = RunTargets(landing, tmp_path / "fanned_out" / "news.duckdb")
    in_process = RunTargets(landing, tmp_path / "in_process" / "news.duckdb")
    pool_steps = _pool_steps()
    # The first writer waits for the held file; it must outwait the other runs' parse.
    monkeypatch.setenv(LOCK_WAIT_ENV, "600")
    fanned_out.warehouse_path.parent.mkdir(parents=True)
    # Another writer: analysts' readers hold the published warehouse, never the writer file.
    holder = duckdb.connect(str(writer_file(fanned_out.warehouse_path)))

    with local_deployment(tmp_path / "deployment", fanned_out) as deployment:
        backfill_id = submit_backfill(deployment, BATCHES, ingest_batch_job)
        # While the daemon launches the queued runs: the reference, one run in this process.
        reference = run_pipeline(in_process, log_level="WARNING")
        with dg.DagsterInstance.from_config(str(deployment.dagster_home)) as instance:
            try:
                arrivals = _wait_for_arrivals(instance, backfill_id, pool_steps)
            finally:
                holder.close()
            runs = backfill_runs(instance, backfill_id, expected=len(BATCHES), timeout=300)
            records = instance.get_run_records(filters=dg.RunsFilter(run_ids=[run.run_id for run in runs]))
            spans = sorted(span for run in runs for span in _step_spans(instance, run, pool_steps))

    assert reference.success
    # One run took the slot and waited for the file; the pool held the other two back.
    assert sorted(arrivals.values()) == ["blocked", "blocked", "started"], arrivals
    assert sorted(run.tags["dagster/partition"] for run in runs) == BATCHES
    assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs), [run.status for run in runs]
    # The runs really overlapped: otherwise the pool had nothing to keep apart.
    assert max(record.start_time for record in records) < min(record.end_time for record in records)
    assert pool_steps == {"warehouse_tables", "article_clusters", "mentions_per_actor_per_week"}
    assert {(span.batch, span.step) for span in spans} == {(b, s) for b in BATCHES for s in pool_steps}
    overlaps = [(one, two) for one, two in pairwise(spans) if two.start < one.end]
    assert not overlaps, overlaps

    fanned_tables = _fingerprints(fanned_out.warehouse_path)
    assert fanned_tables == _fingerprints(in_process.warehouse_path)
    assert fanned_tables["fact_article"][0] > 0
    with duckdb.connect(str(fanned_out.warehouse_path), read_only=True) as connection:
        loaded = connection.execute("SELECT DISTINCT batch_id FROM ingest_log ORDER BY 1").fetchall()
    assert [batch for (batch,) in loaded] == BATCHES
