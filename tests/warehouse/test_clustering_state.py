"""Clustering state cannot go stale silently: a run that stopped between its load and its
clustering is flagged by the next run's warehouse check, and that run's clustering repairs it."""

import shutil
from pathlib import Path

import duckdb

from etl.runs import run_pipeline
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.database import write_transaction

FIRST, SECOND, THIRD = "2017-07-05", "2017-07-06", "2017-07-07"
PAGE = "shamtoday-astana-5-round-begins.html"


def _kinds(warehouse: Path) -> dict[str, str | None]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return dict(connection.execute("SELECT source_path, duplicate_kind FROM fact_article").fetchall())


def test_an_interrupted_clustering_is_flagged_then_repaired(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / FIRST, landing / FIRST)
    # A syndicated copy of one page, delivered the next day: other bytes, the same story.
    (landing / SECOND).mkdir()
    (landing / SECOND / PAGE).write_bytes((landing / FIRST / PAGE).read_bytes() + b"\n<!-- syndicated -->\n")
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")
    assert run_pipeline(targets, [FIRST, SECOND]).success
    copy = f"{SECOND}/{PAGE}"
    clustered = _kinds(targets.warehouse_path)
    assert clustered[copy] in {"exact_url", "exact_body", "near"}

    # What the second batch's load leaves when the run dies before article_clusters commits.
    with write_transaction(targets.warehouse_path) as connection:
        connection.execute(
            "UPDATE fact_article SET cluster_key = article_id, duplicate_kind = NULL,"
            " is_cluster_representative = true WHERE batch_id = ?",
            [SECOND],
        )
    assert _kinds(targets.warehouse_path)[copy] is None

    shutil.copytree(SAMPLE_LANDING_DIR / THIRD, landing / THIRD)
    outcome = run_pipeline(targets, [THIRD])

    assert outcome.success
    (result,) = outcome.runs.values()
    checks = {evaluation.check_name: evaluation for evaluation in result.get_asset_check_evaluations()}
    assert not checks["clusters_current"].passed
    assert checks["clusters_current"].metadata["awaiting_clustering"].value == 1
    repaired = _kinds(targets.warehouse_path)
    assert repaired[copy] == clustered[copy]
    assert None not in repaired.values()


def test_a_backfill_clustering_once_at_its_end_is_not_flagged(tmp_path: Path) -> None:
    """Runs of one backfill load without clustering (it clusters once, at the end): their
    articles wait for that, and no check calls them stale."""
    landing = tmp_path / "landing"
    for batch in (FIRST, THIRD):
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")

    outcome = run_pipeline(targets, run_bytes=1)

    assert outcome.success
    assert len(outcome.runs) == 3  # one run per batch, then the marts
    evaluations = [e for result in outcome.runs.values() for e in result.get_asset_check_evaluations()]
    currency = [e for e in evaluations if e.check_name == "clusters_current"]
    assert len(currency) == 2 and all(e.passed for e in currency)
    assert None not in _kinds(targets.warehouse_path).values()
