"""A recount over a stored stage file that is no longer Parquet names that file."""

import shutil
from pathlib import Path

from etl.cli import _first_failure
from etl.defs.jobs import recount_mentions_job
from etl.runs import run_pipeline
from etl.settings import SAMPLE_LANDING_DIR, RunTargets

BATCH = "2017-07-05"


def test_a_recount_over_a_corrupt_lake_file_names_it(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_LANDING_DIR / BATCH, tmp_path / "landing" / BATCH)
    targets = RunTargets(tmp_path / "landing", tmp_path / "wh" / "news.duckdb")
    assert run_pipeline(targets, batches=[BATCH], log_level="WARNING").success
    articles = targets.lake_dir / "articles" / f"{BATCH}.parquet"
    whole = articles.read_bytes()
    articles.write_bytes(whole[: len(whole) // 2])

    outcome = run_pipeline(targets, batches=[BATCH], log_level="WARNING", job=recount_mentions_job)

    assert not outcome.success
    (result,) = outcome.runs.values()
    (failure,) = result.get_step_failure_events()
    error = failure.event_specific_data.error.cause
    assert failure.step_key == "actor_mentions"
    assert error.cls_name == "LakeFileUnreadable"
    assert error.message.startswith(
        f"etl.warehouse.preflight.LakeFileUnreadable: lake file {articles} cannot be read ("
    )
    # What `newsetl run` says last when a run fails.
    assert _first_failure(outcome).startswith(
        f": actor_mentions: etl.warehouse.preflight.LakeFileUnreadable: lake file {articles}"
    )
