"""Analyst access while the pipeline writes: the hold-open bar, and what publishing costs.

    uv run python -m bench.analyst_access [--earlier-pages 1500] [--pages 1500] [--articles 20000]

1. Real pages from ../shared/data (bench.real_corpus): an earlier load of `--earlier-pages`,
   then a `newsetl run` of `--pages` more on top of it, twice from copies of the same earlier
   warehouse: once as today's pipeline would run it (the same run with publishing turned off:
   every write stays in the writer file), once as it runs now, with a reader process that holds
   a read-only connection on the warehouse and opens a fresh one every second. Prints failed
   runs, failed reader queries, when the reader first saw the run's fact_mention rows against
   the run's end, pages/s of both runs and the run's peak tree memory.
2. The cost at `--articles` articles: the measured warehouse's articles and mentions replicated
   (new keys, the real bodies) to that many articles, then the publish timed (CHECKPOINT, copy,
   fsync, rename), and the disk the warehouse and its writer file take.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from bench.end_to_end import tree_memory
from bench.machine import machine_line
from bench.real_corpus import PAGES_PER_BATCH, crawl_batch_name, write_real_corpus
from etl.settings import DAGSTER_HOME_ENV, PROJECT_ROOT
from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.published import publish, writer_file

FRESHNESS_BAR_SECONDS = 5.0
SLOWDOWN_BAR = 0.15
MEMORY_BAR_BYTES = 1.5 * 1024**3
PUBLISH_REPEATS = 5

# Holds one read-only connection for its whole life and opens a fresh one every second; one JSON
# line per fresh connection: when, the fact_mention count or the error. The fresh connection
# attaches the file to a new in-memory database: duckdb.connect(path) would hand back the
# database the held connection has open (DuckDB caches one per path in a process), the old file.
READER = """
import json, os, sys, time, duckdb
path, log, stop = sys.argv[1], open(sys.argv[2], "w"), sys.argv[3]
held = duckdb.connect(path, read_only=True)
held.execute("SELECT count(*) FROM fact_mention").fetchone()
while not os.path.exists(stop):
    record = {"at": time.time()}
    try:
        with duckdb.connect() as fresh:
            fresh.execute("ATTACH ? AS news (READ_ONLY)", [path])
            record["mentions"] = fresh.execute("SELECT count(*) FROM news.fact_mention").fetchone()[0]
    except Exception as error:
        record["error"] = str(error)
    log.write(json.dumps(record) + "\\n")
    log.flush()
    time.sleep(1.0)
held.execute("SELECT count(*) FROM fact_mention").fetchone()
"""

# Today's pipeline: the same command with the publish after each write turned off.
WITHOUT_PUBLISHING = """
import sys
import etl.warehouse.database
from etl import cli
etl.warehouse.database.publish = lambda connection, writer, path: None
sys.exit(cli.main(sys.argv[1:]))
"""


@dataclass(frozen=True, slots=True)
class TimedRun:
    returncode: int
    started: float
    ended: float
    peak_rss: int
    stderr: str

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def _environment() -> dict[str, str]:
    # A throwaway Dagster instance per run, as `newsetl run --warehouse elsewhere` keeps.
    return {key: value for key, value in os.environ.items() if key != DAGSTER_HOME_ENV}


def run_newsetl(arguments: list[str], publishing: bool = True) -> TimedRun:
    """One `newsetl …` process, timed, with the peak resident memory of its process tree."""
    program = ["-m", "etl.cli"] if publishing else ["-c", WITHOUT_PUBLISHING]
    started = time.time()
    process = subprocess.Popen(
        [sys.executable, *program, *arguments],
        cwd=PROJECT_ROOT,
        env=_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_memory(process.pid).rss)
            done.wait(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    ended = time.time()
    done.set()
    sampler.join()
    return TimedRun(process.returncode, started, ended, peak, stderr)


def _run_arguments(landing: Path, warehouse: Path, batches: list[str]) -> list[str]:
    arguments = ["run", "--landing", str(landing), "--warehouse", str(warehouse), "--log-level", "WARNING"]
    for batch in batches:
        arguments += ["--batch", batch]
    return arguments


def _mentions(warehouse: Path) -> int:
    with read_connection(warehouse) as connection:
        return connection.execute("SELECT count(*) FROM fact_mention").fetchone()[0]


def _require(run: TimedRun, what: str) -> None:
    if run.returncode != 0:
        raise SystemExit(f"{what} failed (exit {run.returncode}):\n{run.stderr[-3000:]}")


def hold_open(work: Path, earlier_pages: int, pages: int) -> Path:
    """Part 1; returns the warehouse the measured run wrote."""
    landing = work / "landing"
    corpus = write_real_corpus(landing, earlier_pages + pages, procs=os.cpu_count() or 1)
    batches = [crawl_batch_name(index) for index in range(corpus.batches)]
    earlier_batches = batches[: earlier_pages // PAGES_PER_BATCH]
    new_batches = batches[len(earlier_batches) :]
    print(
        f"corpus: {corpus.pages} real pages in {corpus.batches} batches of {PAGES_PER_BATCH}:"
        f" earlier load {len(earlier_batches)} batches, the run {len(new_batches)}"
    )
    earlier = work / "earlier" / "news.duckdb"
    _require(run_newsetl(_run_arguments(landing, earlier, earlier_batches)), "the earlier load")
    before = _mentions(earlier)

    today = work / "today" / "news.duckdb"
    shutil.copytree(earlier.parent, today.parent)
    baseline = run_newsetl(_run_arguments(landing, today, new_batches), publishing=False)
    _require(baseline, "the run without publishing")

    measured = work / "measured" / "news.duckdb"
    shutil.copytree(earlier.parent, measured.parent)
    log, stop = work / "reader.jsonl", work / "reader.stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(measured), str(log), str(stop)])
    try:
        run = run_newsetl(_run_arguments(landing, measured, new_batches))
        # Keep reading a while after the run's end, to see the new rows arrive if they are late.
        time.sleep(FRESHNESS_BAR_SECONDS + 1)
    finally:
        stop.touch()
        reader.wait(timeout=60)
    after = _mentions(measured)
    readings = [json.loads(line) for line in log.read_text().splitlines()]
    failed = [reading for reading in readings if "error" in reading]
    seen = [reading["at"] for reading in readings if reading.get("mentions") == after]
    visible = f"{seen[0] - run.ended:+.1f} s" if seen else "never"

    print(f"runs: {int(baseline.returncode != 0) + int(run.returncode != 0)} failed of 2")
    print(
        f"reader: {len(readings)} fresh connections, {len(failed)} failed queries (bar 0),"
        f" reader exit {reader.returncode}"
    )
    for reading in failed[:3]:
        print(f"  {reading['error']}")
    print(
        f"fact_mention {before:,} -> {after:,}: the reader first saw the new rows {visible} from the"
        f" run's end (bar {FRESHNESS_BAR_SECONDS:g} s; a reading each second)"
    )
    today_rate, measured_rate = pages / baseline.seconds, pages / run.seconds
    slowdown = 1 - measured_rate / today_rate
    print(
        f"throughput: today (no publishing, no reader) {baseline.seconds:.1f} s = {today_rate:.1f} pages/s;"
        f" publishing with the reader {run.seconds:.1f} s = {measured_rate:.1f} pages/s:"
        f" {abs(slowdown):.1%} {'slower' if slowdown > 0 else 'faster'}"
        f" (bar: at most {SLOWDOWN_BAR:.0%} slower)"
    )
    print(
        f"peak tree memory of the run: {run.peak_rss / 1024**3:.2f} GB"
        f" (today {baseline.peak_rss / 1024**3:.2f} GB; bar {MEMORY_BAR_BYTES / 1024**3:.1f} GB, RSS summed)"
    )
    return measured


_REPLICATE_SQL = """
INSERT INTO fact_article
SELECT * REPLACE (article_id || '~' || $copy AS article_id, source_path || '~' || $copy AS source_path,
                  cluster_key || '~' || $copy AS cluster_key)
FROM fact_article WHERE NOT contains(article_id, '~') LIMIT $rows;
INSERT INTO fact_mention
SELECT m.* REPLACE (m.mention_id || '~' || $copy AS mention_id, m.article_id || '~' || $copy AS article_id)
FROM fact_mention AS m
WHERE m.article_id || '~' || $copy IN (SELECT article_id FROM fact_article)
"""


def publish_cost(measured: Path, work: Path, articles: int) -> None:
    """Part 2: the measured warehouse grown to `articles` articles, then its publish timed."""
    grown = work / "grown" / "news.duckdb"
    shutil.copytree(measured.parent, grown.parent, ignore=shutil.ignore_patterns("lake"))
    with write_transaction(grown) as connection:
        (have,) = connection.execute("SELECT count(*) FROM fact_article").fetchone()
        copy = 0
        while have < articles:
            copy += 1
            for statement in filter(str.strip, _REPLICATE_SQL.split(";\n")):
                parameters = (
                    {"copy": str(copy), "rows": articles - have}
                    if "$rows" in statement
                    else {"copy": str(copy)}
                )
                connection.execute(statement, parameters)
            (have,) = connection.execute("SELECT count(*) FROM fact_article").fetchone()
        (mentions,) = connection.execute("SELECT count(*) FROM fact_mention").fetchone()
    writer = writer_file(grown)
    seconds = []
    for _ in range(PUBLISH_REPEATS):
        with duckdb.connect(str(writer)) as connection:
            started = time.perf_counter()
            publish(connection, writer, grown)
            seconds.append(time.perf_counter() - started)
    size = grown.stat().st_size
    print(
        f"at {have:,} articles ({mentions:,} mentions; the real articles replicated under new keys):"
        f" publish (CHECKPOINT, copy, fsync, rename) median {statistics.median(seconds):.2f} s,"
        f" max {max(seconds):.2f} s of {PUBLISH_REPEATS}"
    )
    print(
        f"disk: warehouse {size / 1e6:.0f} MB + writer file {writer.stat().st_size / 1e6:.0f} MB"
        f" (2x the tables; a publish needs one more copy's room while it runs)"
    )
    print(
        "freshness: a fresh connection sees a write once its publish ends, at most"
        f" {max(seconds):.2f} s after the commit at this size"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--earlier-pages", type=int, default=1_500)
    parser.add_argument("--pages", type=int, default=1_500)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--keep", type=Path, default=None, help="work in DIR and keep it (default: temp dir)")
    parser.add_argument(
        "--cost-only",
        type=Path,
        default=None,
        help="only part 2, on this warehouse (a kept run's measured one)",
    )
    args = parser.parse_args()
    print(machine_line(f"duckdb {duckdb.__version__}"))
    with tempfile.TemporaryDirectory(prefix="analyst_access_") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        measured = args.cost_only or hold_open(work, args.earlier_pages, args.pages)
        publish_cost(measured, work, args.articles)
    print(machine_line())


if __name__ == "__main__":
    main()
