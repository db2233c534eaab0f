"""End-to-end scale benchmark: build N pages, run the whole Dagster job into a fresh warehouse,
then time trafilatura alone on the same pages with the same number of processes.

Run: uv run python -m bench.end_to_end [--pages 3000] [--procs N] [--plain] [--copies 6.5]
     [--generated [--format files|warc] [--seed S]] [--skip-trafilatura] [--keep DIR]

By default the pages are real: the evaluation pages in ../shared/data cycled to N, every story
syndicated 6-7 times over other sites, 500 pages per batch folder (bench/real_corpus.py).
`--generated` uses the synthetic generator instead (bench/corpus_generator.py), whose pages are
smaller than real ones and easier for trafilatura.

Prints the machine (cores, RAM, load average), pages/s of the pipeline (wall time of the run,
corpus building excluded), peak RSS of the process tree (sampled from /proc, and getrusage),
the time of every step (Dagster events), the pipeline/trafilatura ratio, and what the warehouse
holds: for real pages every input's outcome and how the syndicated copies were clustered, for
generated pages mention precision/recall against the generator's ground truth.
"""

from __future__ import annotations

import etl  # noqa: F401  (first: it sets polars' allocator up before polars loads)

# isort: split
import argparse
import gzip
import multiprocessing
import os
import resource
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from bench.corpus_generator import CorpusSummary, read_ground_truth, write_corpus
from bench.machine import machine_line
from bench.real_corpus import MEAN_COPIES, SHARED_DATA, read_manifest, write_real_corpus
from etl.runs import PipelineOutcome, run_pipeline
from etl.settings import RunTargets

# Issue 18's bars on real pages; the synthetic pages are easier for trafilatura, hence the higher
# ratio asked of the pipeline there.
REAL_BARS = {"peak_rss_gb": 1.5, "trafilatura_ratio": 1.5}
GENERATED_BARS = {"pages_per_second": 150.0, "peak_rss_gb": 1.5, "trafilatura_ratio": 3.0}
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
RSS_SAMPLE_SECONDS = 0.25
# PSS walks every page table of the tree (smaps_rollup): read at every RSS sample it took ~3% of
# the pipeline's time on two cores; once a second, and at every new RSS peak, it costs little.
PSS_EVERY_SAMPLES = 4
PARSE_OP = "parsed_articles"
GAPS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Accuracy:
    expected_pages: int
    loaded_pages: int
    true_pairs: int
    found_pairs: int
    correct_pairs: int
    dates_right: int
    languages_right: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 0.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 0.0


def _process_table() -> Iterator[tuple[int, int, int]]:
    """(pid, parent pid, resident bytes) of every process still readable."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            resident_pages = int(Path(entry.path, "statm").read_text().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        # The command name may hold spaces and parentheses; fields resume after the last ")".
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        yield int(entry.name), parent, resident_pages * PAGE_SIZE


def _proportional_bytes(pid: int) -> int:
    """PSS: the process's private pages plus its share of pages it shares with others (the
    workers share the forkserver's imports and every process maps the same libraries), so a
    sum over the tree counts each page once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass(frozen=True, slots=True)
class TreeMemory:
    at: float
    rss: int
    root_rss: int
    # (pid, resident bytes) of every process in the tree
    resident: tuple[tuple[int, int], ...]
    # (process name, resident bytes), largest first: filled in only for a new peak
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def pids(self) -> tuple[int, ...]:
        return tuple(pid for pid, _ in self.resident)


def _process_label(pid: int) -> str:
    """A short name: the multiprocessing role of a helper process, else the program."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return str(pid)
    for role in ("forkserver", "resource_tracker", "spawn_main"):
        if any(role in word for word in words):
            return role
    return Path(words[0]).name if words and words[0] else str(pid)


def tree_memory(root: int) -> TreeMemory:
    """Resident memory of `root` and all its descendants now (RSS summed, so pages shared
    between them count once per process)."""
    table = list(_process_table())
    children: dict[int, list[int]] = {}
    rss = {}
    for pid, parent, resident in table:
        children.setdefault(parent, []).append(pid)
        rss[pid] = resident
    pids, pending = [], [root]
    while pending:
        pid = pending.pop()
        pids.append(pid)
        pending.extend(children.get(pid, ()))
    resident = tuple((pid, rss.get(pid, 0)) for pid in pids)
    return TreeMemory(time.time(), sum(size for _, size in resident), rss.get(root, 0), resident)


def labelled(memory: TreeMemory) -> TreeMemory:
    """The same sample with every process named (read once per new peak, not per sample)."""
    parts = sorted(((_process_label(pid), size) for pid, size in memory.resident), key=lambda part: -part[1])
    return TreeMemory(memory.at, memory.rss, memory.root_rss, memory.resident, tuple(parts))


class TreeRssSampler:
    """Peak resident memory of this process tree, sampled in a background thread; at the peak
    also the tree's PSS and when it happened, to say which step it belongs to."""

    def __init__(self, interval: float = RSS_SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.peak = TreeMemory(0.0, 0, 0, ())
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        samples = 0
        while not self._stop.is_set():
            now = tree_memory(os.getpid())
            new_peak = now.rss > self.peak.rss
            if new_peak:
                self.peak = labelled(now)
            if new_peak or samples % PSS_EVERY_SAMPLES == 0:
                self.peak_pss = max(self.peak_pss, sum(_proportional_bytes(pid) for pid in now.pids))
            samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeRssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def step_seconds(outcome: PipelineOutcome) -> dict[str, float]:
    """Duration of every successful step, summed over the runs, from Dagster's STEP_SUCCESS events."""
    durations: dict[str, float] = {}
    for result in outcome.runs.values():
        for event in result.all_events:
            if event.event_type_value == "STEP_SUCCESS":
                seconds = event.event_specific_data.duration_ms / 1000
                durations[event.step_key] = durations.get(event.step_key, 0.0) + seconds
    return durations


@dataclass(frozen=True, slots=True)
class RunTimeline:
    """Wall-clock spans from the runs' event logs, summed over the runs: per step (STEP_START to
    STEP_SUCCESS, so loading inputs and storing outputs count, which STEP_SUCCESS's duration
    leaves out) and per run (first to last event)."""

    step_walls: dict[str, float]
    run_wall: float
    runs: int
    # The longest silences in the event logs, with the events either side: where time goes that
    # no step accounts for.
    gaps: list[tuple[float, str, str]]


def _run_events(
    instance: object, run_id: str
) -> tuple[dict[str, float], float, list[tuple[float, str, str]]]:
    starts: dict[str, float] = {}
    walls: dict[str, float] = {}
    labelled: list[tuple[float, str]] = []
    for entry in instance.all_logs(run_id):
        kind = entry.dagster_event.event_type_value if entry.dagster_event else None
        labelled.append(
            (entry.timestamp, f"{entry.step_key or '-'} {kind or (entry.user_message or '')[:60]}")
        )
        if kind == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in starts:
            walls[entry.step_key] = entry.timestamp - starts[entry.step_key]
    run_wall = labelled[-1][0] - labelled[0][0] if labelled else 0.0
    gaps = [(after[0] - before[0], before[1], after[1]) for before, after in pairwise(labelled)]
    return walls, run_wall, gaps


def run_timeline(outcome: PipelineOutcome) -> RunTimeline:
    step_walls: dict[str, float] = {}
    run_wall = 0.0
    gaps: list[tuple[float, str, str]] = []
    with dg.DagsterInstance.get() as instance:
        for result in outcome.runs.values():
            walls, wall, run_gaps = _run_events(instance, result.run_id)
            for step, seconds in walls.items():
                step_walls[step] = step_walls.get(step, 0.0) + seconds
            run_wall += wall
            gaps.extend(run_gaps)
    return RunTimeline(step_walls, run_wall, len(outcome.runs), sorted(gaps, reverse=True)[:GAPS_SHOWN])


def step_at(outcome: PipelineOutcome, when: float) -> str:
    """The run and step that were executing at `when` (a time.time() value)."""
    with dg.DagsterInstance.get() as instance:
        for name, result in outcome.runs.items():
            started: dict[str, float] = {}
            for entry in instance.all_logs(result.run_id):
                kind = entry.dagster_event.event_type_value if entry.dagster_event else None
                if kind == "STEP_START":
                    started[entry.step_key] = entry.timestamp
                elif (
                    kind in ("STEP_SUCCESS", "STEP_FAILURE")
                    and entry.step_key in started
                    and started[entry.step_key] <= when <= entry.timestamp
                ):
                    return f"{entry.step_key} of run {name!r}"
    return "no step (between runs)"


def failed_steps(outcome: PipelineOutcome) -> list[str]:
    return [
        f"{event.step_key}: {event.message}"
        for result in outcome.runs.values()
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE"
    ]


def mention_accuracy(warehouse: Path, truth: pl.DataFrame) -> Accuracy:
    """Compare (page, actor) pairs in the warehouse with the generator's ground truth."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        articles = connection.sql(
            "SELECT article_id, source_path, CAST(published_at AS DATE) AS published_day, language "
            "FROM fact_article"
        ).pl()
        mentions = connection.sql("SELECT DISTINCT article_id, actor_id FROM fact_mention").pl()
    joined = truth.rename({"language": "expected_language"}).join(articles, on="source_path", how="inner")
    true_pairs = joined.select("article_id", pl.col("actor_ids").alias("actor_id")).explode("actor_id")
    found_pairs = mentions.join(joined.select("article_id"), on="article_id", how="semi")
    correct = true_pairs.join(found_pairs, on=["article_id", "actor_id"], how="inner")
    return Accuracy(
        expected_pages=truth.height,
        loaded_pages=joined.height,
        true_pairs=truth["actor_ids"].list.len().sum(),
        found_pairs=found_pairs.height,
        correct_pairs=correct.height,
        dates_right=int((joined["published_day"] == joined["published"]).sum()),
        languages_right=int((joined["language"] == joined["expected_language"]).sum()),
    )


@dataclass(frozen=True, slots=True)
class Syndication:
    """What the warehouse made of a real corpus: every input's outcome, and whether the copies of
    each story ended in one syndication cluster."""

    pages: int
    outcomes: dict[str, int]
    stories: int
    stories_in_one_cluster: int
    copies_marked_duplicate: int
    copies_loaded: int


def syndication_report(warehouse: Path, planned: pl.DataFrame) -> Syndication:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        outcomes = dict(connection.execute("SELECT outcome, count(*) FROM ingest_log GROUP BY 1").fetchall())
        articles = connection.sql("SELECT source_path, cluster_key, duplicate_kind FROM fact_article").pl()
    copies = planned.join(articles, on="source_path", how="inner")
    per_story = copies.group_by("story").agg(
        pl.len().alias("copies"), pl.col("cluster_key").n_unique().alias("clusters")
    )
    syndicated = per_story.filter(pl.col("copies") > 1)
    return Syndication(
        pages=planned.height,
        outcomes=outcomes,
        stories=syndicated.height,
        stories_in_one_cluster=syndicated.filter(pl.col("clusters") == 1).height,
        copies_marked_duplicate=copies.filter(pl.col("duplicate_kind") != "unique").height,
        copies_loaded=copies.height,
    )


def print_syndication(report: Syndication) -> None:
    logged = sum(report.outcomes.values())
    outcomes = ", ".join(f"{kind} {count}" for kind, count in sorted(report.outcomes.items()))
    print(
        f"ingest_log: {logged}/{report.pages} inputs ({outcomes}); syndicated stories: "
        f"{report.stories_in_one_cluster}/{report.stories} with all loaded copies in one cluster, "
        f"{report.copies_marked_duplicate}/{report.copies_loaded} loaded pages marked as copies"
    )


# What trafilatura is asked for. The pipeline reads the title, publication date, language and
# body of every page, so the bar compares it with trafilatura extracting the same fields
# (`with_metadata`, which runs htmldate); the body alone is timed too, for the record.
TRAFILATURA_WORK = {
    "body and metadata (the pipeline's fields)": {"with_metadata": True},
    "body only": {},
}
BAR_WORK = next(iter(TRAFILATURA_WORK))


def _extract_len(html: bytes, options: dict[str, bool]) -> int:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, **options)
    return len(text or "")


def _read_and_extract(path: str, options: dict[str, bool]) -> int:
    data = Path(path).read_bytes()
    return _extract_len(gzip.decompress(data) if path.endswith(".gz") else data, options)


def _warc_html_payloads(landing: Path) -> Iterator[bytes]:
    from warcio.archiveiterator import ArchiveIterator

    for archive in sorted(landing.rglob("*.warc.gz")):
        with archive.open("rb") as stream:
            for record in ArchiveIterator(stream):
                content_type = record.http_headers.get_header("Content-Type") if record.http_headers else ""
                if record.rec_type == "response" and content_type.startswith("text/html"):
                    yield record.content_stream().read()


def time_trafilatura(
    landing: Path, source_paths: list[str], fmt: str, procs: int, options: dict[str, bool]
) -> tuple[float, int]:
    """Seconds for trafilatura to extract every page, read (and gunzipped) in the workers as the
    pipeline reads them (pool start included); pages with text."""
    started = time.perf_counter()
    with multiprocessing.get_context("forkserver").Pool(procs) as pool:
        if fmt == "warc":
            work = partial(_extract_len, options=options)
            lengths = pool.imap_unordered(work, _warc_html_payloads(landing), chunksize=8)
        else:
            paths = [str(landing / path) for path in source_paths]
            lengths = pool.imap_unordered(partial(_read_and_extract, options=options), paths, chunksize=16)
        extracted = sum(1 for length in lengths if length)
    return time.perf_counter() - started, extracted


def print_trafilatura_ratios(
    landing: Path, source_paths: list[str], args: argparse.Namespace, pages_per_second: float
) -> None:
    bar = (GENERATED_BARS if args.generated else REAL_BARS)["trafilatura_ratio"]
    for work, options in TRAFILATURA_WORK.items():
        print(f"{machine_line()} (before trafilatura, {work})")
        seconds, extracted = time_trafilatura(landing, source_paths, args.format, args.procs, options)
        rate = args.pages / seconds
        print(
            f"trafilatura alone, {work}: {seconds:.1f} s with {args.procs} procs: {rate:.1f} pages/s "
            f"({extracted} pages with text)"
        )
        bar_note = f" (bar >= {bar}x)" if work == BAR_WORK else ""
        print(f"ratio pipeline/trafilatura, {work}: {pages_per_second / rate:.2f}x{bar_note}")


def _gb(byte_count: int) -> float:
    return byte_count / 1024**3


@dataclass(frozen=True, slots=True)
class MeasuredRun:
    outcome: PipelineOutcome
    seconds: float
    tree_peak: TreeMemory
    tree_peak_pss: int
    self_peak_rss: int
    child_peak_rss: int

    @property
    def tree_peak_rss(self) -> int:
        return self.tree_peak.rss


def corpus_in_own_process(landing: Path, args: argparse.Namespace) -> CorpusSummary:
    """The corpus is written by a process of its own, so the memory the generator leaves
    behind is not counted as the pipeline's (this process then runs the pipeline)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        if args.generated:
            job = pool.submit(
                write_corpus, landing, args.pages, fmt=args.format, seed=args.seed, procs=args.procs
            )
        else:
            job = pool.submit(
                write_real_corpus,
                landing,
                args.pages,
                data_dir=args.data,
                plain=args.plain,
                mean_copies=args.copies,
                procs=args.procs,
            )
        return job.result()


def measured_pipeline(landing: Path, warehouse: Path, procs: int) -> MeasuredRun:
    extra_ops = {PARSE_OP: {"config": {"workers": procs}}}
    with TreeRssSampler() as sampler:
        started = time.perf_counter()
        outcome = run_pipeline(RunTargets(landing, warehouse), log_level="WARNING", extra_ops=extra_ops)
        seconds = time.perf_counter() - started
    return MeasuredRun(
        outcome=outcome,
        seconds=seconds,
        tree_peak=sampler.peak,
        tree_peak_pss=sampler.peak_pss,
        self_peak_rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        child_peak_rss=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    )


def print_run(run: MeasuredRun, pages: int, procs: int) -> None:
    state = "succeeded" if run.outcome.success else f"FAILED {run.outcome.failed}"
    print(f"pipeline: {state} in {run.seconds:.1f} s with {procs} procs: {pages / run.seconds:.1f} pages/s")
    for failure in failed_steps(run.outcome):
        print(f"  failed step {failure}")
    peak = run.tree_peak
    print(
        f"peak RSS: process tree {_gb(peak.rss):.2f} GB (RSS summed over {len(peak.pids)} processes, "
        f"sampled every {RSS_SAMPLE_SECONDS} s): pipeline process {_gb(peak.root_rss):.2f} GB + "
        f"children {_gb(peak.rss - peak.root_rss):.2f} GB, during {step_at(run.outcome, peak.at)}; "
        f"processes at the peak: {', '.join(f'{name} {size / 2**20:.0f} MB' for name, size in peak.parts)}; "
        f"peak PSS of the tree {_gb(run.tree_peak_pss):.2f} GB (shared pages counted once; at RSS "
        f"peaks and every {PSS_EVERY_SAMPLES * RSS_SAMPLE_SECONDS:g} s); "
        f"getrusage self {_gb(run.self_peak_rss):.2f} GB, largest child {_gb(run.child_peak_rss):.2f} GB"
    )


def print_stages(run: MeasuredRun) -> None:
    timeline = run_timeline(run.outcome)
    computes = step_seconds(run.outcome)
    print(
        f"time per stage over {timeline.runs} run(s) (compute = STEP_SUCCESS duration; "
        "wall = step start to success):"
    )
    for step, wall in sorted(timeline.step_walls.items(), key=lambda item: -item[1]):
        print(f"  {step:<40} compute {computes.get(step, float('nan')):7.1f} s   wall {wall:7.1f} s")
    print(
        f"  {'(runs, first to last event)':<40} wall {timeline.run_wall:7.1f} s; outside the runs "
        f"(definitions load, instance, start-up) {run.seconds - timeline.run_wall:.1f} s"
    )
    print("longest gaps between consecutive run events:")
    for seconds, before, after in timeline.gaps:
        print(f"  {seconds:7.1f} s  after [{before}]  before [{after}]")


def print_accuracy(accuracy: Accuracy) -> None:
    print(
        f"ground truth: {accuracy.loaded_pages}/{accuracy.expected_pages} pages loaded; "
        f"mentions (page, actor) precision {accuracy.precision:.4f} recall {accuracy.recall:.4f} "
        f"({accuracy.correct_pairs} right of {accuracy.found_pairs} found, {accuracy.true_pairs} true); "
        f"dates right {accuracy.dates_right}/{accuracy.loaded_pages}, "
        f"languages right {accuracy.languages_right}/{accuracy.loaded_pages}"
    )


# Like the throwaway instance `newsetl run` uses when no DAGSTER_HOME is set: no stdout/stderr
# capture. The local capture starts a `tail` and a Python watcher per stream at every run's
# start, each forked from the 0.5 GB pipeline process; until its exec the child shares that
# memory, so a tree RSS sample caught then counted the pipeline twice (seen: 1.52 GB summed,
# PSS 1.10 GB, on 20,000 pages).
BENCH_INSTANCE_YAML = """telemetry:
  enabled: false
compute_logs:
  module: dagster._core.storage.noop_compute_log_manager
  class: NoOpComputeLogManager
"""


def use_fresh_dagster_home(work: Path) -> None:
    """A fresh instance of our own: its event log gives step timestamps, and the benchmark's runs
    stay out of the UI's run history."""
    dagster_home = work / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text(BENCH_INSTANCE_YAML)
    os.environ["DAGSTER_HOME"] = str(dagster_home)


def print_corpus(corpus: CorpusSummary, args: argparse.Namespace) -> None:
    kind = (
        f"generated, {args.format}, {corpus.non_html_records} non-HTML records"
        if args.generated
        else f"real pages from {args.data}, {args.copies} copies a story, "
        + ("plain .html" if args.plain else ".html.gz")
    )
    print(
        f"corpus: {corpus.pages} pages, {corpus.batches} batches, {kind}, "
        f"{corpus.bytes_written / 1e6:.0f} MB on disk, built in {corpus.seconds:.1f} s"
    )


def print_bars(run: MeasuredRun, pages_per_second: float, generated: bool) -> None:
    bars = GENERATED_BARS if generated else REAL_BARS
    speed = f"pages/s {pages_per_second:.1f}"
    if "pages_per_second" in bars:
        speed += f" (bar >= {bars['pages_per_second']:.0f})"
    print(f"bars: {speed}, peak RSS {_gb(run.tree_peak_rss):.2f} GB (bar <= {bars['peak_rss_gb']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3_000)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--generated", action="store_true", help="synthetic pages instead of real ones")
    parser.add_argument("--format", choices=("files", "warc"), default="files", help="with --generated")
    parser.add_argument("--seed", type=int, default=0, help="with --generated")
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the real pages (../shared/data)")
    parser.add_argument("--copies", type=float, default=MEAN_COPIES, help="mean copies of a real story")
    parser.add_argument("--plain", action="store_true", help="real pages as .html instead of .html.gz")
    parser.add_argument("--skip-trafilatura", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="work in DIR and keep it (default: temp dir)")
    args = parser.parse_args()
    if not args.generated and args.format != "files":
        parser.error("--format warc needs --generated")

    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="newsetl-e2e-") as scratch:
        work = args.keep or Path(scratch)
        landing, warehouse = work / "landing", work / "warehouse" / "news.duckdb"
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        use_fresh_dagster_home(work)
        corpus = corpus_in_own_process(landing, args)
        print_corpus(corpus, args)
        planned = read_ground_truth(landing) if args.generated else read_manifest(landing)

        run = measured_pipeline(landing, warehouse, args.procs)
        print_run(run, args.pages, args.procs)
        print_stages(run)
        if run.outcome.success and args.generated:
            print_accuracy(mention_accuracy(warehouse, planned))
        elif run.outcome.success:
            print_syndication(syndication_report(warehouse, planned))
        pages_per_second = args.pages / run.seconds
        print_bars(run, pages_per_second, args.generated)
        if not args.skip_trafilatura:
            print_trafilatura_ratios(landing, planned["source_path"].to_list(), args, pages_per_second)
        print(machine_line())


if __name__ == "__main__":
    main()
