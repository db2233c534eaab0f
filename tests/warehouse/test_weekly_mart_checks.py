"""The weekly mart's checks: no negative counts, weeks on Mondays, and totals equal to
fact_mention's dated mentions; each fails on a mart broken that way."""

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.defs.warehouse_assets import weekly_mart_checks
from etl.runs import run_pipeline
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.integrity import weekly_mart_report

BATCHES = ["2017-07-05", "2017-07-24"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bool]]:
    root = tmp_path_factory.mktemp("mart")
    for batch in BATCHES:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, root / "landing" / batch)
    targets = RunTargets(root / "landing", root / "wh" / "news.duckdb")
    outcome = run_pipeline(targets, log_level="WARNING")
    assert outcome.success
    evaluations = {
        evaluation.check_name: evaluation.passed
        for result in outcome.runs.values()
        for evaluation in result.get_asset_check_evaluations()
        if evaluation.asset_key.path[-1] == "mentions_per_actor_per_week"
    }
    return targets.warehouse_path, evaluations


def _failed_after(warehouse: Path, scratch: Path, breakage: str) -> set[str]:
    copy = scratch / "broken.duckdb"
    shutil.copy(warehouse, copy)
    with duckdb.connect(str(copy)) as connection:
        connection.execute(breakage)
        report = weekly_mart_report(connection)
    return {result.check_name for result in weekly_mart_checks(report) if not result.passed}


def test_a_run_reports_the_three_checks_passed(loaded: tuple[Path, dict[str, bool]]) -> None:
    warehouse, evaluations = loaded
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        report = weekly_mart_report(connection)

    assert evaluations == {
        "weekly_counts_not_negative": True,
        "weeks_start_on_monday": True,
        "weekly_totals_match_facts": True,
    }
    assert report["mart_mentions"] == report["dated_mentions"] > 0


@pytest.mark.parametrize(
    ("breakage", "failing"),
    [
        (
            "UPDATE mentions_per_actor_per_week SET articles_dedup = -1"
            " WHERE actor_id = (SELECT min(actor_id) FROM mentions_per_actor_per_week)",
            {"weekly_counts_not_negative"},
        ),
        (
            "UPDATE mentions_per_actor_per_week SET week_start = week_start + 1"
            " WHERE week_start = (SELECT max(week_start) FROM mentions_per_actor_per_week)",
            {"weeks_start_on_monday"},
        ),
        (
            "DELETE FROM mentions_per_actor_per_week"
            " WHERE week_start = (SELECT min(week_start) FROM mentions_per_actor_per_week)",
            {"weekly_totals_match_facts"},
        ),
    ],
)
def test_each_check_fails_on_a_mart_broken_its_way(
    loaded: tuple[Path, dict[str, bool]], tmp_path: Path, breakage: str, failing: set[str]
) -> None:
    assert _failed_after(loaded[0], tmp_path, breakage) == failing
