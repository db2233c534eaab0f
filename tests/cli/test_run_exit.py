"""A successful `newsetl run` ends with its summary: no teardown noise after it."""

import shutil
import subprocess
import sys
from pathlib import Path

from etl.settings import PROJECT_ROOT, SAMPLE_LANDING_DIR

BATCHES = ["2017-07-05", "2017-07-07"]


def test_a_successful_run_prints_nothing_after_its_summary(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    for batch in BATCHES:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)

    completed = subprocess.run(
        [sys.executable, "-m", "etl.cli", "run", "--landing", str(landing),
         "--warehouse", str(tmp_path / "wh" / "news.duckdb")],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert completed.returncode == 0, completed.stderr[-3000:]
    # duckdb 2.0.0 printed dozens of "nanobind: leaked instance" lines at exit after gc.freeze().
    assert "leaked" not in completed.stderr
    assert "Traceback" not in completed.stderr
    summary, *rest = completed.stdout.splitlines()
    assert summary.startswith("inputs ") and " | loaded " in summary
    assert "Mentions per actor per week (top actors):" in rest
