"""kill -9 of `newsetl run` in the middle of the parse leaves no process of the run behind.

A scheduler or the OOM killer ends only the main process; its forkserver, parse workers and
resource tracker used to keep running (about 140 MB each) through the next run.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etl.parse.article_frame import PARALLEL_MIN_INPUTS
from etl.settings import PROJECT_ROOT, SAMPLE_LANDING_DIR
from tests.hostile.processes import alive, descendants

pytestmark = pytest.mark.slow

GRACE_SECONDS = 5.0


def _landing_of_copies(landing: Path, copies: int) -> Path:
    """The sample pages `copies` times over, each copy's bytes unique, in one batch."""
    batch = landing / "2017-07-05"
    batch.mkdir(parents=True)
    pages = [path for path in SAMPLE_LANDING_DIR.rglob("*.htm*") if not path.name.endswith(".gz")]
    for copy in range(copies):
        for page in pages:
            content = page.read_bytes() + f"\n<!-- copy {copy} -->\n".encode()
            (batch / f"{copy}-{page.name}").write_bytes(content)
    return landing


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the run's processes")
def test_kill_9_of_the_main_process_mid_parse_leaves_no_worker(tmp_path: Path) -> None:
    landing = _landing_of_copies(tmp_path / "landing", copies=PARALLEL_MIN_INPUTS // 50 + 2)
    environment = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    run = subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "run", "--landing", str(landing),
         "--warehouse", str(tmp_path / "wh" / "news.duckdb"), "--log-level", "WARNING"],
        cwd=PROJECT_ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    # Parse workers are the forkserver's children: grandchildren of the run.
    while not any(descendants({pid}) for pid in descendants({run.pid})):
        assert run.poll() is None, "the run ended before its parse workers started"
        assert time.monotonic() < deadline, "no parse worker appeared"
        time.sleep(0.2)
    time.sleep(1.0)
    seen = descendants({run.pid})
    assert len(seen) >= 3, seen  # forkserver, resource tracker and at least one worker

    run.send_signal(signal.SIGKILL)
    run.wait()
    time.sleep(GRACE_SECONDS)

    survivors = alive(seen)
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors, (
        f"{len(survivors)} of the run's {len(seen)} processes outlived it by {GRACE_SECONDS} s"
    )
