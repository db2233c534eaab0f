"""Scale bench, deployment side: runs launched by a real daemon through a real code server (the
way the sensor, the schedules and backfills launch them), and the memory the deployment keeps
once they are done.

Run: uv run python -m bench.daemon_runs [--runs 5] [--grace 30]

Builds `--runs` batch folders of real pages (bench/real_corpus.py, 500 pages a batch: above the
parse pool's threshold, so every run starts its pool), queues one run per batch
(`etl.runs.submit_backfill`), waits for all of them, waits `--grace` seconds, then prints the
resident memory of the deployment's process tree (code server, daemon and whatever the runs left)
and the run processes still alive. Before the runs ended their pools, each left about 1 GB.
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

import dagster as dg

from bench.end_to_end import labelled, tree_memory
from bench.machine import machine_line
from bench.real_corpus import PAGES_PER_BATCH, SHARED_DATA, write_real_corpus
from etl.deployment import local_deployment
from etl.ingest import list_batches
from etl.runs import backfill_runs, submit_backfill
from etl.settings import RunTargets

GB = 1e9


def deployment_rss(services: list[int]) -> tuple[int, list[tuple[str, int]]]:
    """Resident bytes of the services' trees, and (process, bytes) of each process in them."""
    parts = [part for pid in services for part in labelled(tree_memory(pid)).parts]
    return sum(size for _, size in parts), parts


def run_processes(services: list[int]) -> list[str]:
    """The processes under the services that only a run starts: run workers (spawned by the code
    server), forkservers and parse workers. The code server's own resource tracker, started with
    its first run, lives as long as the server and is not counted."""
    return [
        name
        for pid in services
        for name, _ in labelled(tree_memory(pid)).parts
        if name in ("spawn_main", "forkserver")
    ]


def child_processes() -> list[int]:
    """This process's children: the deployment's code server and daemon."""
    children = []
    for entry in Path("/proc").iterdir():
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid():
            children.append(int(entry.name))
    return children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--grace", type=float, default=30.0, help="seconds to wait after the runs end")
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the real pages (../shared/data)")
    args = parser.parse_args()

    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="newsetl-daemon-") as scratch:
        work = Path(scratch)
        landing = work / "landing"
        # real_corpus fills batches of PAGES_PER_BATCH; the first `runs` batches are the runs.
        write_real_corpus(landing, PAGES_PER_BATCH * args.runs, data_dir=args.data)
        batches = list_batches(landing)[: args.runs]
        targets = RunTargets(landing, work / "warehouse" / "news.duckdb")
        with local_deployment(work / "deployment", targets) as deployment:
            services = child_processes()
            before, _ = deployment_rss(services)
            started = time.monotonic()
            backfill = submit_backfill(deployment, batches)
            with dg.DagsterInstance.from_config(str(deployment.dagster_home)) as instance:
                runs = backfill_runs(instance, backfill, expected=len(batches), timeout=3600)
            seconds = time.monotonic() - started
            statuses = sorted(run.status.value for run in runs)
            print(f"daemon runs: {len(runs)} of {PAGES_PER_BATCH} real pages, {statuses}, {seconds:.0f} s")
            time.sleep(args.grace)
            after, parts = deployment_rss(services)
            left = run_processes(services)
            print(
                f"memory: deployment tree RSS {before / GB:.2f} GB before the runs, {after / GB:.2f} GB "
                f"{args.grace:.0f} s after {len(runs)} runs ({len(parts)} processes: "
                f"{', '.join(sorted(name for name, _ in parts))}); run processes left: {len(left)}"
            )
    print(machine_line())


if __name__ == "__main__":
    main()
