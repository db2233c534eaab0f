"""Scaling within one machine: a parse process pool, and runs planned to bound memory."""

from pathlib import Path

import polars as pl

from etl.ingest import list_landing_inputs, read_landing_inputs
from etl.parse.article_frame import parse_raw_html
from etl.pipeline_run import plan_runs
from etl.settings import SAMPLE_LANDING_DIR


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


def test_runs_are_planned_by_bytes_on_disk(tmp_path: Path) -> None:
    for batch, size in [("b1", 300), ("b2", 300), ("b3", 900), ("b4", 100)]:
        (tmp_path / batch).mkdir()
        (tmp_path / batch / "page.html").write_bytes(b"x" * size)

    assert plan_runs(tmp_path, ["b1", "b2", "b3", "b4"], run_bytes=700) == [["b1", "b2"], ["b3"], ["b4"]]
    assert plan_runs(tmp_path, ["b1", "b2", "b3", "b4"], run_bytes=10_000) == [["b1", "b2", "b3", "b4"]]
