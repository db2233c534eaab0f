"""Every run's worker pools end with the run, however it was launched, so the run's process exits.

A run the daemon launched (a sensor's, a schedule's, a backfill's) runs in a spawned child of the
code server. Once it had used the parse pool it never exited: multiprocessing joined the pool's
non-daemon workers before the `atexit` shutdown could run, and the workers waited for their owner
to die. A run worker (~500 MB), its forkserver and two workers (~200 MB each) stayed alive per run,
15 minutes after SUCCESS, until the machine ran out of memory.
"""

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from etl.deployment import local_deployment
from etl.parse.article_frame import PARALLEL_MIN_INPUTS, warm_parse_worker
from etl.process_pool import start_workers
from etl.runs import (
    BACKFILL_TAG,
    FINISHED,
    backfill_runs,
    code_location_job,
    run_config_for,
    submit_backfill,
)
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from tests.hostile.processes import alive, children, descendants, parents

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find processes")

GRACE_SECONDS = 30.0


def _services_own_trackers(services: set[int]) -> set[int]:
    """The code server's resource tracker: multiprocessing starts one for the server itself when it
    spawns its first run, and it lives as long as the server, not the run."""
    return {
        pid
        for pid in set().union(*(children(service) for service in services))
        if "resource_tracker" in _command(pid)
    }


def _pool_workers(pids: set[int]) -> set[int]:
    """The parse workers among `pids`: the children of a forkserver."""
    tree = parents()
    return {pid for pid in pids if "forkserver" in _command(tree.get(pid, 0))}


def _finished(instance: dg.DagsterInstance, backfill: str, expected: int) -> bool:
    runs = instance.get_runs(filters=dg.RunsFilter(tags={BACKFILL_TAG: backfill}))
    return len(runs) >= expected and all(run.status in FINISHED for run in runs)


def _command(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _landing_of_copies(landing: Path, batches: list[str], inputs_per_batch: int) -> None:
    """Each batch holds `inputs_per_batch` sample pages, every copy's bytes unique."""
    pages = sorted(path for path in SAMPLE_LANDING_DIR.rglob("*.htm*") if not path.name.endswith(".gz"))
    for batch in batches:
        (landing / batch).mkdir(parents=True)
        for number in range(inputs_per_batch):
            page = pages[number % len(pages)]
            content = page.read_bytes() + f"\n<!-- {batch} copy {number} -->\n".encode()
            (landing / batch / f"{number}-{page.name}").write_bytes(content)


def test_a_run_of_the_code_location_ends_the_pools_it_used(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")
    start_workers(2, warm_parse_worker)
    # The workers are the forkserver's children; the forkserver and the resource tracker are this
    # process's, and end with it.
    workers = descendants({os.getpid()}) - children(os.getpid())
    assert len(workers) == 2

    with dg.execute_job(
        dg.build_reconstructable_job(
            "etl.runs", "code_location_job", reconstructable_args=("refresh_marts_job",)
        ),
        instance=dg.DagsterInstance.ephemeral(),
        run_config=run_config_for(targets, "ERROR"),
    ) as result:
        assert result.success
    assert code_location_job("refresh_marts_job").executor_def.name == "in_process"

    assert not (workers & descendants({os.getpid()}))


@pytest.mark.slow
def test_daemon_launched_runs_leave_no_process_behind(tmp_path: Path) -> None:
    batches = ["2017-07-05", "2017-07-07"]
    landing = tmp_path / "landing"
    # More inputs per batch than the parse pool's threshold, so each run starts a pool.
    _landing_of_copies(landing, batches, PARALLEL_MIN_INPUTS + 50)
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")

    with local_deployment(tmp_path / "deployment", targets) as deployment:
        services = children(os.getpid())
        before = descendants(services)
        backfill = submit_backfill(deployment, batches)
        # Every process the runs start, recorded while they run: one that outlives its run may be
        # handed to init and be nobody's descendant any more.
        seen: set[int] = set()
        workers: set[int] = set()
        with dg.DagsterInstance.from_config(str(deployment.dagster_home)) as instance:
            deadline = time.monotonic() + 900
            while not _finished(instance, backfill, len(batches)) and time.monotonic() < deadline:
                seen |= descendants(services) - before - _services_own_trackers(services)
                workers |= _pool_workers(seen)
                time.sleep(0.5)
            runs = backfill_runs(instance, backfill, expected=len(batches), timeout=60)
        assert [run.status for run in runs] == [dg.DagsterRunStatus.SUCCESS] * len(batches)
        assert len(workers) >= len(batches), f"not every run started parse workers: {workers}"

        deadline = time.monotonic() + GRACE_SECONDS
        left = alive(seen) | (descendants(services) - before - _services_own_trackers(services))
        while left and time.monotonic() < deadline:
            time.sleep(1)
            left = alive(seen) | (descendants(services) - before - _services_own_trackers(services))
        commands = {pid: _command(pid)[:120] for pid in left}
        assert not left, f"{len(left)} processes of the runs alive {GRACE_SECONDS:.0f} s after: {commands}"
