"""An analyst's open connections never stop the pipeline: one process holds a read-only
connection and another a running query on the warehouse for the whole of a `newsetl run` and of
the marts run the hourly schedule launches; both runs succeed, the held connections keep
answering from the warehouse they opened, and a fresh connection sees the new rows."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from etl.definitions import defs
from etl.defs.jobs import refresh_marts_job
from etl.runs import run_pipeline
from etl.settings import DAGSTER_HOME_ENV, PROJECT_ROOT, SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.database import read_connection
from etl.warehouse.published import writer_file

FIRST, SECOND = "2017-07-05", "2017-07-07"
RUN_TIMEOUT_SECONDS = 600

# Holds one read-only connection from start to end; prints the mentions it sees when it opens,
# through the same connection after the runs, then through a fresh connection.
HOLDER = """
import sys, duckdb
path = sys.argv[1]
held = duckdb.connect(path, read_only=True)
count = "SELECT count(*) FROM fact_mention"
print(held.execute(count).fetchone()[0], flush=True)
sys.stdin.readline()
print(held.execute(count).fetchone()[0], flush=True)
held.close()
with duckdb.connect(path, read_only=True) as fresh:
    print(fresh.execute(count).fetchone()[0], flush=True)
"""

# One query that stays running until the stop file appears (a Python function inside it waits).
QUERY = """
import sys, time, duckdb
from pathlib import Path
path, stop = sys.argv[1], Path(sys.argv[2])
connection = duckdb.connect(path, read_only=True)

def wait_for_stop(seconds: float) -> float:
    while not stop.exists():
        time.sleep(seconds)
    return seconds

connection.create_function("wait_for_stop", wait_for_stop, ["DOUBLE"], "DOUBLE")
print("running", flush=True)
row = connection.execute(
    "SELECT wait_for_stop(0.1), (SELECT count(*) FROM fact_mention)"
).fetchone()
print(row[1], flush=True)
"""


def _mentions(warehouse: Path) -> int:
    with read_connection(warehouse) as connection:
        return connection.execute("SELECT count(*) FROM fact_mention").fetchone()[0]


def test_held_connections_do_not_stop_a_run_or_the_scheduled_marts(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / FIRST, landing / FIRST)
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")
    assert run_pipeline(targets, [FIRST], log_level="WARNING").success
    before = _mentions(targets.warehouse_path)
    shutil.copytree(SAMPLE_LANDING_DIR / SECOND, landing / SECOND)
    stop = tmp_path / "stop"
    warehouse = str(targets.warehouse_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, warehouse], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    query = subprocess.Popen(
        [sys.executable, "-c", QUERY, warehouse, str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and query.stdout is not None
        assert int(holder.stdout.readline()) == before
        assert query.stdout.readline().strip() == "running"

        environment = {key: value for key, value in os.environ.items() if key != DAGSTER_HOME_ENV}
        run = subprocess.run(
            [sys.executable, "-m", "etl.cli", "run", "--landing", str(landing), "--warehouse", warehouse,
             "--log-level", "WARNING"],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, env=environment,
        )  # fmt: skip
        published_by_run = targets.warehouse_path.stat().st_mtime_ns
        # The hourly schedule's job, executed as its run would be.
        schedule = defs.resolve_schedule_def("refresh_marts_schedule")
        assert schedule.job_name == refresh_marts_job.name
        marts = run_pipeline(targets, batches=[], log_level="WARNING")
        published_by_marts = targets.warehouse_path.stat().st_mtime_ns
        after = _mentions(targets.warehouse_path)

        stop.touch()
        held_after, fresh_after = holder.communicate("\n", timeout=60)[0].split()
        query_result = query.communicate(timeout=60)[0].strip()
    finally:
        stop.touch()
        holder.kill()
        query.kill()

    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("inputs ")
    assert marts.success, marts.failed
    assert (holder.returncode, query.returncode) == (0, 0)
    assert after > before
    # The held connection and the running query answer from the warehouse as they opened it.
    assert int(held_after) == before
    assert int(query_result) == before
    assert int(fresh_after) == after
    # Each run published a new file; the writer file stayed the pipeline's own.
    assert published_by_marts != published_by_run
    assert writer_file(targets.warehouse_path).exists()
    with read_connection(targets.warehouse_path) as connection:
        weekly = connection.execute("SELECT sum(mentions) FROM mentions_per_actor_per_week").fetchone()
    assert weekly[0] > 0
