"""A dictionary of the analyst's own through whole runs: an invalid one stops `newsetl run` and
fails `actor_dictionary` in Dagster; after an actor is added back, the next run recounts the
stored articles (from the lake where the landing files are gone) and says what it gained."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from etl.actors import dictionary_dir_version
from etl.actors.user_dictionary import start_dictionary
from etl.definitions import defs
from etl.defs.recount_sensor import dictionary_recount_sensor
from etl.defs.resources import ActorDictionaryFiles, DuckDBWarehouse
from etl.ingest import list_batches
from etl.settings import DICTIONARY_ENV, PROJECT_ROOT, SAMPLE_LANDING_DIR
from etl.warehouse.database import write_transaction

REMOVED_ACTOR = "staffan-de-mistura"
# Batches whose pages name the removed actor, deleted from the landing folder between the runs
# (cleaned after ingestion): their articles can only be recounted from the lake.
CLEANED_BATCHES = ["2017-05-05", "2017-07-07"]


def _newsetl_run(landing: Path, warehouse: Path, dictionary: Path | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != DICTIONARY_ENV}
    if dictionary is not None:
        env[DICTIONARY_ENV] = str(dictionary)
    return subprocess.run(
        [sys.executable, "-m", "etl.cli", "run", "--landing", str(landing), "--warehouse", str(warehouse),
         "--log-level", "WARNING"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def _top_actors(warehouse: Path, dictionary: Path) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, "-m", "etl.cli", "query", "top_actors", "--warehouse", str(warehouse),
         "--format", "csv"],
        cwd=PROJECT_ROOT, env={**os.environ, DICTIONARY_ENV: str(dictionary)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("actor_id,")
    return completed


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def _counts_by_actor(warehouse: Path) -> dict[tuple[str, str], int]:
    rows = _rows(warehouse, "SELECT actor_id, field, count(*) FROM fact_mention GROUP BY ALL")
    return {(actor, field): count for actor, field, count in rows}


def _without_actor(folder: Path, actor_id: str) -> None:
    actors = yaml.safe_load((folder / "actors.yaml").read_text(encoding="utf-8"))
    kept = [actor for actor in actors if actor["actor_id"] != actor_id]
    (folder / "actors.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), "utf-8")
    roles = yaml.safe_load((folder / "roles.yaml").read_text(encoding="utf-8"))
    for role in roles:
        role["holders"] = [holder for holder in role.get("holders") or [] if holder["actor_id"] != actor_id]
    (folder / "roles.yaml").write_text(yaml.safe_dump(roles, allow_unicode=True, sort_keys=False), "utf-8")


def _duplicated_id(tmp_path: Path) -> Path:
    folder = tmp_path / "duplicated"
    start_dictionary(folder)
    actors = folder / "actors.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace("- actor_id: russia\n", "- actor_id: syria\n", 1), "utf-8"
    )
    return folder


def test_a_duplicated_actor_id_stops_the_run_before_the_warehouse_is_touched(tmp_path: Path) -> None:
    bad = _duplicated_id(tmp_path)
    warehouse = tmp_path / "wh" / "news.duckdb"
    with write_transaction(warehouse) as connection:
        connection.execute("SELECT 1")
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    files_before = sorted(path.name for path in warehouse.parent.iterdir())
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / CLEANED_BATCHES[0], landing / CLEANED_BATCHES[0])

    refused = _newsetl_run(landing, warehouse, bad)
    never_made = _newsetl_run(landing, tmp_path / "other" / "news.duckdb", bad)

    output = (refused.stdout + refused.stderr).splitlines()
    assert refused.returncode == 2
    assert len(output) <= 5, output
    assert output[0] == (
        f"newsetl: invalid actor dictionary: {bad}/actors.yaml: actor syria: duplicate actor_id"
        " (another entry above has it)"
    )
    assert "Traceback" not in refused.stderr
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    assert sorted(path.name for path in warehouse.parent.iterdir()) == files_before
    assert never_made.returncode == 2
    assert not (tmp_path / "other").exists()


def test_an_invalid_dictionary_fails_the_actor_dictionary_materialization(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the code location's own job and resource, as `dg dev` runs it: the setting names
    the folder, the step fails with the problem as its description."""
    bad = _duplicated_id(tmp_path)
    monkeypatch.setenv(DICTIONARY_ENV, str(bad))
    with dg.instance_for_test() as instance:
        result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
            instance=instance, asset_selection=[dg.AssetKey("actor_dictionary")], raise_on_error=False
        )
        materialized = instance.get_latest_materialization_event(dg.AssetKey("actor_dictionary"))
    assert not result.success
    (failure,) = result.get_step_failure_events()
    assert failure.step_key == "actor_dictionary"
    description = failure.step_failure_data.user_failure_data.description
    problem = f"{bad}/actors.yaml: actor syria: duplicate actor_id (another entry above has it)"
    assert description == f"invalid actor dictionary: {problem}"
    assert materialized is None


def _weekly(warehouse: Path, actor_id: str) -> dict[str, int]:
    rows = _rows(
        warehouse,
        "SELECT d.iso_week_start, count(*) FROM fact_mention m JOIN dim_date d USING (date_key)"
        f" WHERE m.actor_id = '{actor_id}' GROUP BY ALL ORDER BY 1",
    )
    return {week.isoformat(): count for week, count in rows}


def _sensor_result(warehouse: Path, instance: dg.DagsterInstance) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=instance,
        resources={
            "warehouse": DuckDBWarehouse(path=str(warehouse)),
            "actor_dictionary_files": ActorDictionaryFiles(),
        },
    )
    return dictionary_recount_sensor(context)


@pytest.mark.slow
def test_an_actor_added_back_is_recounted_in_the_stored_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR, landing)
    own = tmp_path / "own"
    start_dictionary(own)
    minus = tmp_path / "minus"
    shutil.copytree(own, minus)
    _without_actor(minus, REMOVED_ACTOR)
    bundled_warehouse = tmp_path / "bundled" / "news.duckdb"
    warehouse = tmp_path / "wh" / "news.duckdb"

    bundled = _newsetl_run(landing, bundled_warehouse, None)
    assert bundled.returncode == 0, bundled.stderr[-3000:]
    first = _newsetl_run(landing, warehouse, minus)
    assert first.returncode == 0, first.stderr[-3000:]
    assert REMOVED_ACTOR not in {actor for actor, _ in _counts_by_actor(warehouse)}
    for batch in CLEANED_BATCHES:
        shutil.rmtree(landing / batch)

    # From the UI: the sensor sees every stored batch counted with another dictionary.
    monkeypatch.setenv(DICTIONARY_ENV, str(own))
    batches = list_batches(SAMPLE_LANDING_DIR)
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("landing_batches", batches)
        requested = _sensor_result(warehouse, instance)
    assert [request.run_key for request in requested.run_requests] == [
        f"recount {dictionary_dir_version(own)} {batches[0]}...{batches[-1]}"
    ]

    note = (
        f"newsetl: note: 62 stored articles were counted with another dictionary than the one in use ({own})"
    )
    assert note in _top_actors(warehouse, own).stderr

    second = _newsetl_run(landing, warehouse, own)

    assert second.returncode == 0, second.stderr[-3000:]
    full = _counts_by_actor(bundled_warehouse)
    # A copy from `newsetl actors init` counts exactly what the bundled dictionary counts.
    assert _counts_by_actor(warehouse) == full
    assert full[(REMOVED_ACTOR, "body")] > 0
    stored = _rows(warehouse, "SELECT DISTINCT mentions_dictionary_version FROM fact_article")
    assert stored == [(dictionary_dir_version(own),)]
    weeks = _weekly(bundled_warehouse, REMOVED_ACTOR)
    gained = sum(weeks.values())
    report = [line for line in second.stdout.splitlines() if line.startswith("recount")]
    assert re.fullmatch(
        rf"recount: 62 stored articles counted with dictionary {dictionary_dir_version(own)} \({own}\),"
        rf" {len(CLEANED_BATCHES)} batches of them from the lake; 1 actors changed",
        report[0],
    ), report
    listed = ", ".join(f"{week} +{count}" for week, count in weeks.items())
    assert f"  {REMOVED_ACTOR} (Staffan de Mistura): +{gained} mentions; weeks {listed}" in second.stdout
    assert "note" not in _top_actors(warehouse, own).stderr
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("landing_batches", batches)
        assert "every stored batch is counted" in _sensor_result(warehouse, instance).skip_reason.skip_message
