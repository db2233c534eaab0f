"""Hostile-input report: the bad-input corpus of issue 7, input → outcome → reason.

Run: ``uv run python -m bench.hostile_report [--bomb-bytes N] [--skip-pipeline]``.

Two tables. The first runs the stage functions the assets call (ingest → parse → outcome) on
every input, timing the parse and the growth of the process's peak RSS per document (inputs in
size order, so the figure is what the largest document so far added). The second runs the real
Dagster job (etl.runs) over the same landing folder and prints `ingest_log` and the
`inputs_reconcile` check, or which steps and checks failed.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb
import polars as pl

from bench.machine import machine_line
from etl.ingest import MAX_DECODED_BYTES, MAX_FILE_BYTES, list_landing_inputs, read_landing_inputs
from etl.parse import parse_html
from etl.parse.article_frame import crawl_date_of, parse_raw_html
from etl.runs import run_pipeline
from etl.settings import RunTargets
from etl.warehouse.staging import input_outcomes, reconcile
from tests.hostile.bad_corpus import ISSUE_BOMB_BYTES, BadInput, write_bad_corpus


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_table(landing: Path, expected: list[BadInput]) -> pl.DataFrame:
    """Per input: bytes read, outcome and reason from the stage functions, parse time and RSS."""
    raw_html = read_landing_inputs(list_landing_inputs(landing), landing).sort("size_bytes")
    seconds: dict[str, float] = {}
    rss_growth: dict[str, float] = {}
    for row in raw_html.iter_rows(named=True):
        if row["content"] is None or row["duplicate_of"] is not None:
            continue
        before = peak_rss_mb()
        started = time.monotonic()
        parse_html(row["content"], crawl_date=crawl_date_of(row["batch_id"]))
        seconds[row["source_path"]] = time.monotonic() - started
        rss_growth[row["source_path"]] = peak_rss_mb() - before
    articles, rejects = parse_raw_html(raw_html)
    outcomes = input_outcomes(raw_html, articles, rejects).join(
        rejects.select("source_path", "stage"), on="source_path", how="left"
    )
    owed = {bad_input.source_path(): bad_input.outcome for bad_input in expected}
    return outcomes.select(
        pl.col("source_path").str.split("/").list.last().alias("input"),
        pl.col("size_bytes").alias("bytes_read"),
        "outcome",
        pl.col("source_path").replace_strict(owed, default=None).alias("expected"),
        pl.col("stage"),
        pl.col("reason").str.slice(0, 70),
        pl.col("source_path").replace_strict(seconds, default=None).round(3).alias("parse_s"),
        pl.col("source_path").replace_strict(rss_growth, default=None).round(1).alias("peak_rss_growth_mb"),
    )


def pipeline_table(landing: Path, warehouse: Path) -> None:
    started = time.monotonic()
    outcome = run_pipeline(RunTargets(landing, warehouse), log_level="ERROR")
    elapsed = time.monotonic() - started
    job = outcome.runs["ingest_batch_job"]
    print(f"\nDagster ingest_batch_job over the same landing folder: success={job.success} ({elapsed:.1f} s)")
    for evaluation in job.get_asset_check_evaluations():
        if not evaluation.passed or evaluation.check_name == "inputs_reconcile":
            numbers = {key: value.value for key, value in evaluation.metadata.items()}
            print(f"  check {evaluation.check_name}: passed={evaluation.passed} {numbers}")
    if not job.success:
        failed = [event.step_key for event in job.all_events if event.event_type_value == "STEP_FAILURE"]
        print(f"  failed steps: {failed}; nothing of this batch reached the warehouse")
        return
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        logged = connection.sql(
            "SELECT split_part(l.source_path, '/', -1) AS input, l.outcome, q.stage,"
            " left(l.reason, 70) AS reason FROM ingest_log l LEFT JOIN quarantine q USING (source_path)"
            " ORDER BY l.outcome, input"
        ).pl()
    print_table(logged)


def print_table(frame: pl.DataFrame) -> None:
    with pl.Config(
        tbl_rows=-1, tbl_cols=-1, tbl_width_chars=250, fmt_str_lengths=70, tbl_hide_dataframe_shape=True,
        tbl_hide_column_data_types=True, tbl_formatting="ASCII_MARKDOWN",
    ):  # fmt: skip
        print(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bomb-bytes", type=int, default=ISSUE_BOMB_BYTES, help="what the gzip bomb expands to"
    )
    parser.add_argument("--skip-pipeline", action="store_true", help="only the stage table")
    parser.add_argument(
        "--leave-out", action="append", default=[], metavar="NAME", help="an input to leave out (repeatable)"
    )
    args = parser.parse_args()
    print(
        machine_line(
            f"caps: file {MAX_FILE_BYTES:,} bytes",
            f"decompressed gzip {MAX_DECODED_BYTES:,} bytes",
        )
    )
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        landing = Path(scratch) / "landing"
        started = time.monotonic()
        expected = write_bad_corpus(landing, bomb_bytes=args.bomb_bytes, leave_out=frozenset(args.leave_out))
        print(f"corpus: {len(expected)} inputs generated in {time.monotonic() - started:.1f} s\n")
        table = stage_table(landing, expected)
        print_table(table)
        counts = reconcile(table)
        mismatched = table.filter(pl.col("outcome") != pl.col("expected"))["input"].to_list()
        print(
            f"\ninputs {counts['inputs']} = loaded {counts['loaded']} + quarantined {counts['quarantined']}"
            f" + skipped_duplicate {counts['skipped_duplicate']}"
            f" + skipped_non_html {counts.get('skipped_non_html', 0)};"
            f" accounted for: {table.height == len(expected)};"
            f" outcome differs from expected: {mismatched or 'none'};"
            f" slowest parse {table['parse_s'].max():.2f} s; peak RSS {peak_rss_mb():.0f} MB"
        )
        if not args.skip_pipeline:
            pipeline_table(landing, Path(scratch) / "warehouse" / "news.duckdb")


if __name__ == "__main__":
    main()
