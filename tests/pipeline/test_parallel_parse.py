"""Scaling within one machine: a parse process pool, and runs planned to bound memory."""

import os
import shutil
from pathlib import Path

import duckdb
import polars as pl

from etl.actors import DEFAULT_ACTORS_PATH, DEFAULT_ROLES_PATH, current_dictionary, find_mentions
from etl.actors.pooled import find_mentions_pooled
from etl.defs.partitions import plan_runs
from etl.ingest import list_landing_inputs, read_landing_inputs
from etl.parse.article_frame import parse_raw_html, warm_parse_worker
from etl.process_pool import pooled_map, shutdown_pools, start_workers, warm_pool
from etl.runs import run_pipeline
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.load import table_fingerprints

BATCHES = ["2017-07-21", "2017-07-24", "2017-07-26"]


def test_process_pool_parses_exactly_like_one_process() -> None:
    raw_html = read_landing_inputs(list_landing_inputs(SAMPLE_LANDING_DIR), SAMPLE_LANDING_DIR)
    progress: list[tuple[int, int]] = []

    serial_articles, serial_rejects = parse_raw_html(raw_html)
    pooled_articles, pooled_rejects = parse_raw_html(
        raw_html,
        workers=2,
        min_parallel_inputs=1,
        on_progress=lambda done, total: progress.append((done, total)),
    )

    assert serial_articles.height > 60
    assert pooled_articles.equals(serial_articles)
    assert pooled_rejects.equals(serial_rejects)
    assert progress[-1] == (progress[-1][1], progress[-1][1])
    assert pl.Series([done for done, _ in progress]).is_sorted()


def test_process_pool_finds_exactly_the_mentions_of_one_process() -> None:
    raw_html = read_landing_inputs(list_landing_inputs(SAMPLE_LANDING_DIR), SAMPLE_LANDING_DIR)
    articles, _ = parse_raw_html(raw_html)
    serial = find_mentions(articles, current_dictionary(DEFAULT_ACTORS_PATH, DEFAULT_ROLES_PATH))

    pooled = find_mentions_pooled(
        articles,
        DEFAULT_ACTORS_PATH,
        DEFAULT_ROLES_PATH,
        workers=2,
        min_parallel_articles=1,
        chunk_articles=7,
    )

    assert serial.height > 300
    assert pooled.equals(serial)


def test_runs_are_planned_by_bytes_on_disk(tmp_path: Path) -> None:
    for batch, size in [("b1", 300), ("b2", 300), ("b3", 900), ("b4", 100)]:
        (tmp_path / batch).mkdir()
        (tmp_path / batch / "page.html").write_bytes(b"x" * size)

    assert plan_runs(tmp_path, ["b1", "b2", "b3", "b4"], run_bytes=700) == [["b1", "b2"], ["b3"], ["b4"]]
    assert plan_runs(tmp_path, ["b1", "b2", "b3", "b4"], run_bytes=10_000) == [["b1", "b2", "b3", "b4"]]


def test_batches_split_over_several_runs_build_the_same_warehouse(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    for batch in BATCHES:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)

    split = run_pipeline(RunTargets(landing, tmp_path / "split" / "news.duckdb"), run_bytes=1)
    whole = run_pipeline(RunTargets(landing, tmp_path / "whole" / "news.duckdb"))

    assert list(split.runs) == [f"ingest_batch_job {batch}...{batch}" for batch in BATCHES] + [
        "refresh_marts_job"
    ]
    assert split.success and whole.success
    fingerprints = []
    for name in ("split", "whole"):
        with duckdb.connect(str(tmp_path / name / "news.duckdb"), read_only=True) as connection:
            fingerprints.append(table_fingerprints(connection))
            fingerprints[-1]["mart"] = connection.execute(
                "SELECT count(*), sum(mentions), sum(articles_dedup) FROM mentions_per_actor_per_week"
            ).fetchone()
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0]["fact_mention"][0] > 0


def test_a_shut_down_pool_is_started_again_on_demand() -> None:
    raw_html = read_landing_inputs(list_landing_inputs(SAMPLE_LANDING_DIR), SAMPLE_LANDING_DIR)
    first, _ = parse_raw_html(raw_html, workers=2, min_parallel_inputs=1)
    first_pool = warm_pool(2)
    shutdown_pools()

    again, _ = parse_raw_html(raw_html, workers=2, min_parallel_inputs=1)

    assert warm_pool(2) is not first_pool
    assert again.equals(first)


def _language_model_loaded() -> bool:
    from py3langid import langid

    return langid.IDENTIFIER is not None


def _worker_state(_: int) -> tuple[int, bool]:
    """The worker's pid and whether it holds the language model already."""
    return os.getpid(), _language_model_loaded()


def test_started_workers_are_warm_before_the_first_parse() -> None:
    # A fresh pool: workers of an earlier test may have parsed already.
    shutdown_pools()
    warm_ups = start_workers(2, warm_parse_worker)
    for warm_up in warm_ups:
        warm_up.result(timeout=60)
    # The pool did not grow: the parse reuses the started workers, which hold the model now.
    loaded = list(pooled_map(2, _worker_state, range(8)))
    assert {loaded_model for _, loaded_model in loaded} == {True}
    assert len({pid for pid, _ in loaded}) <= 2
