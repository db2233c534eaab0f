"""A run against a warehouse another writer holds: found before the parse, the wait said out
loud, and one line with exit 2 when it stays held. (Readers hold the published warehouse, never
the writer file: tests/hostile/test_analyst_connections.py.)"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from etl.settings import LOCK_WAIT_ENV, PROJECT_ROOT, SAMPLE_LANDING_DIR
from etl.warehouse.published import writer_file

HOLDER = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


def test_a_held_warehouse_fails_in_three_lines_before_parsing(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / "2017-07-05", landing / "2017-07-05")
    warehouse = tmp_path / "wh" / "news.duckdb"
    warehouse.parent.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(writer_file(warehouse))], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        completed = subprocess.run(
            [sys.executable, "-m", "etl.cli", "run", "--landing", str(landing),
             "--warehouse", str(warehouse)],
            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, LOCK_WAIT_ENV: "3"},
        )  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()

    lines = (completed.stdout + completed.stderr).splitlines()
    assert completed.returncode == 2
    assert len(lines) <= 3, lines
    assert "waiting up to 3 s" in completed.stderr
    assert lines[-1] == f"newsetl: warehouse {warehouse} is locked by another process (waited 3 s)"
    # Nothing was read or parsed: the lake the parse writes to does not exist.
    assert not (warehouse.parent / "lake").exists()
    assert elapsed < 60


def test_the_run_waits_for_a_holder_that_lets_go(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / "2017-07-05", landing / "2017-07-05")
    warehouse = tmp_path / "wh" / "news.duckdb"
    warehouse.parent.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER.replace("120", "15"), str(writer_file(warehouse))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    completed = subprocess.run(
        [sys.executable, "-m", "etl.cli", "run", "--landing", str(landing), "--warehouse", str(warehouse),
         "--log-level", "WARNING"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, LOCK_WAIT_ENV: "60"},
    )  # fmt: skip
    holder.wait()

    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "is in use by another process; waiting up to 60 s" in completed.stderr
    assert completed.stdout.startswith("inputs ")
