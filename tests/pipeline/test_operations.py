"""Sensor, schedule, backfill, recount after a dictionary change, and overlapping writers."""

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
from dagster._core.definitions.data_version import CachingStaleStatusResolver, StaleStatus
from dagster._core.loader import LoadingContextForTest

from etl.actors import DEFAULT_ACTORS_PATH, DEFAULT_ROLES_PATH, dictionary_version
from etl.definitions import defs
from etl.defs.schedules import daily_batch_schedule
from etl.runs import pipeline_instance, run_config_for
from etl.settings import PROJECT_ROOT, SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.tables import LOADED_TABLES

THREE_BATCHES = ["2017-07-05", "2017-07-07", "2017-07-10"]
BATCH_ASSET_KEYS = [
    "raw_html",
    "articles",
    "parse_rejects",
    "actor_mentions",
    *(table.name for table in LOADED_TABLES),
]


def _copy_batches(batches: list[str], landing: Path) -> Path:
    for batch in batches:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)
    return landing


def test_daily_schedule_targets_yesterdays_batch() -> None:
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("landing_batches", ["2017-07-05"])
        tick = datetime(2017, 7, 6, 6, 0, tzinfo=UTC)
        request = daily_batch_schedule(
            dg.build_schedule_context(instance=instance, scheduled_execution_time=tick)
        )
        later = datetime(2017, 7, 9, 6, tzinfo=UTC)
        skipped = daily_batch_schedule(
            dg.build_schedule_context(instance=instance, scheduled_execution_time=later)
        )

    assert isinstance(request, dg.RunRequest)
    assert request.partition_key == "2017-07-05"
    assert isinstance(skipped, dg.SkipReason)
    assert "2017-07-08" in skipped.skip_message


def test_schedules_and_sensor_are_in_the_code_location() -> None:
    assert defs.resolve_schedule_def("refresh_marts_schedule").job_name == "refresh_marts_job"
    assert defs.resolve_schedule_def("daily_batch_schedule").job_name == "ingest_batch_job"
    assert defs.resolve_sensor_def("landing_batches_sensor").job_name == "ingest_batch_job"


def _warehouse_rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_backfill_of_three_partitions_from_the_dagster_cli(tmp_path: Path) -> None:
    """`dagster asset materialize --partition-range` runs the range as one run."""
    landing = _copy_batches(THREE_BATCHES, tmp_path / "landing")
    home = tmp_path / "dagster_home"
    home.mkdir()
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")
    env = {"DAGSTER_HOME": str(home), "PATH": str(Path(sys.executable).parent)}
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions("landing_batches", THREE_BATCHES)
    config = run_config_for(targets)
    config.pop("loggers")

    completed = subprocess.run(
        [
            sys.executable, "-m", "dagster", "asset", "materialize", "-m", "etl.definitions",
            "--select", ",".join(BATCH_ASSET_KEYS),
            "--partition-range", f"{THREE_BATCHES[0]}...{THREE_BATCHES[-1]}",
            "--config-json", json.dumps(config),
        ],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip

    assert completed.returncode == 0, completed.stderr[-3000:]
    batches = _warehouse_rows(targets.warehouse_path, "SELECT DISTINCT batch_id FROM ingest_log ORDER BY 1")
    assert [b for (b,) in batches] == THREE_BATCHES
    loaded = _warehouse_rows(targets.warehouse_path, "SELECT count(*) FROM fact_article")[0][0]
    expected = sum(1 for batch in THREE_BATCHES for _ in (landing / batch).iterdir())
    assert 0 < loaded <= expected


IRAN_ARABIC_ALIASES = "ar: {strong: [إيران, الجمهورية الإسلامية الإيرانية, الجمهورية الإسلامية في إيران]}"


def _changed_dictionary(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the dictionary in which Iran has lost its plain Arabic name as an alias."""
    text = DEFAULT_ACTORS_PATH.read_text(encoding="utf-8")
    assert IRAN_ARABIC_ALIASES in text
    path = tmp_path / "actors.yaml"
    path.write_text(
        text.replace(IRAN_ARABIC_ALIASES, "ar: {strong: [الجمهورية الإسلامية الإيرانية]}"), encoding="utf-8"
    )
    roles = tmp_path / "roles.yaml"
    shutil.copy(DEFAULT_ROLES_PATH, roles)
    return path, roles


def test_dictionary_change_marks_mentions_stale_and_recount_uses_stored_articles(tmp_path: Path) -> None:
    landing = _copy_batches(THREE_BATCHES[:1], tmp_path / "landing")
    targets = RunTargets(landing, tmp_path / "wh" / "news.duckdb")
    with pipeline_instance() as instance:
        instance.add_dynamic_partitions("landing_batches", THREE_BATCHES[:1])
        config = run_config_for(targets)
        everything = defs.resolve_implicit_global_asset_job_def()
        assert (
            defs.resolve_job_def("ingest_batch_job")
            .execute_in_process(run_config=config, instance=instance, partition_key=THREE_BATCHES[0])
            .success
        )
        assert everything.execute_in_process(
            run_config=config, instance=instance, asset_selection=[dg.AssetKey("actor_dictionary")]
        ).success
        assert (
            defs.resolve_job_def("ingest_batch_job")
            .execute_in_process(run_config=config, instance=instance, partition_key=THREE_BATCHES[0])
            .success
        )
        graph = defs.resolve_asset_graph()
        mentions = dg.AssetKey("actor_mentions")
        resolver = _stale_status(instance, graph)
        assert resolver.get_status(mentions, THREE_BATCHES[0]) == StaleStatus.FRESH
        iran_before = _iran_mentions_in_arabic(targets.warehouse_path)

        actors_path, roles_path = _changed_dictionary(tmp_path)
        changed = {
            **config,
            "resources": {
                **config["resources"],
                "actor_dictionary_files": {
                    "config": {"actors_path": str(actors_path), "roles_path": str(roles_path)}
                },
            },
        }
        assert everything.execute_in_process(
            run_config=changed, instance=instance, asset_selection=[dg.AssetKey("actor_dictionary")]
        ).success
        resolver = _stale_status(instance, graph)
        assert resolver.get_status(mentions, THREE_BATCHES[0]) == StaleStatus.STALE

        recount = defs.resolve_job_def("recount_mentions_job").execute_in_process(
            run_config=changed, instance=instance, partition_key=THREE_BATCHES[0]
        )
        assert recount.success
        stepped = {event.step_key for event in recount.all_events if event.is_step_success}
        assert "raw_html" not in stepped and "parsed_articles" not in stepped
        resolver = _stale_status(instance, graph)
        assert resolver.get_status(mentions, THREE_BATCHES[0]) == StaleStatus.FRESH

    versions = _warehouse_rows(targets.warehouse_path, "SELECT DISTINCT dictionary_version FROM fact_mention")
    assert versions == [(dictionary_version(actors_path, roles_path),)]
    assert iran_before > 0
    assert _iran_mentions_in_arabic(targets.warehouse_path) == 0


def _iran_mentions_in_arabic(warehouse: Path) -> int:
    return _warehouse_rows(
        warehouse,
        "SELECT count(*) FROM fact_mention m JOIN fact_article a USING (article_id)"
        " WHERE m.actor_id = 'iran' AND a.language = 'ar' AND m.surface LIKE '%إيران%'",
    )[0][0]


def _stale_status(instance: dg.DagsterInstance, graph: object) -> CachingStaleStatusResolver:
    """The resolver behind the UI's stale badges (a private Dagster API: there is no public one)."""
    return CachingStaleStatusResolver(instance, graph, LoadingContextForTest(instance))


def _newsetl_run(landing: Path, warehouse: Path, batch: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "run", "--landing", str(landing), "--warehouse", str(warehouse),
         "--batch", batch, "--log-level", "WARNING"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_overlapping_runs_share_the_warehouse_without_lock_errors(tmp_path: Path) -> None:
    landing = _copy_batches(THREE_BATCHES[:2], tmp_path / "landing")
    warehouse = tmp_path / "wh" / "news.duckdb"

    runs = [_newsetl_run(landing, warehouse, batch) for batch in THREE_BATCHES[:2]]
    outputs = [run.communicate(timeout=600) for run in runs]

    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err[-3000:]
        assert "lock" not in err.lower()
    batches = _warehouse_rows(warehouse, "SELECT DISTINCT batch_id FROM ingest_log ORDER BY 1")
    assert [b for (b,) in batches] == THREE_BATCHES[:2]
