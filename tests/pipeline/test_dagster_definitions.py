"""The code location itself: what `dagster dev` loads, materialized piece by piece."""

import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from etl.definitions import defs
from etl.defs.ingest_assets import raw_html
from etl.defs.parse_assets import parsed_articles
from etl.defs.resources import LandingFolder, ParquetLakeIOManager
from etl.runs import run_pipeline
from etl.settings import PROJECT_ROOT, SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.tables import LOADED_TABLES, WAREHOUSE_TABLES

REQUIRED_ASSETS = {
    "raw_html",
    "articles",
    "parse_rejects",
    "actor_dictionary",
    "actor_mentions",
    *(table.name for table in WAREHOUSE_TABLES),
}


@pytest.fixture
def small_landing(tmp_path: Path) -> Path:
    """Two real sample pages and one empty file, in one batch."""
    landing = tmp_path / "landing"
    batch = landing / "2017-07-05"
    batch.mkdir(parents=True)
    pages = sorted(SAMPLE_LANDING_DIR.glob("*/*.html"))[:2]
    for page in pages:
        shutil.copy(page, batch / page.name)
    (batch / "empty.html").write_bytes(b"")
    return landing


def test_every_asset_has_a_group_kinds_and_description() -> None:
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert keys >= REQUIRED_ASSETS
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name != "default", key
        assert node.kinds, key
        assert node.description, key


def test_each_table_depends_only_on_the_assets_its_rows_come_from() -> None:
    graph = defs.resolve_asset_graph()

    def parents(asset: str) -> set[str]:
        return {key.to_user_string() for key in graph.get(dg.AssetKey(asset)).parent_keys}

    assert parents("fact_mention") == {"actor_mentions", "fact_article"}
    assert parents("fact_article") == {"articles", "ingest_log"}
    assert parents("dim_actor") == {"actor_dictionary"}
    assert parents("quarantine") == {"parse_rejects"}
    tables = [table.name for table in LOADED_TABLES]
    edges = sum(len(parents(table)) for table in tables)
    assert edges <= 12, "the lineage graph should not be a hairball again"
    assert "raw_html" not in set().union(*(parents(t) for t in tables if t != "ingest_log"))


def test_the_jobs_materialize_the_dictionary_and_the_schedules_run() -> None:
    for job in ("ingest_batch_job", "recount_mentions_job"):
        assert dg.AssetKey("actor_dictionary") in defs.resolve_job_def(job).asset_layer.executable_asset_keys
    for name in ("daily_batch_schedule", "refresh_marts_schedule"):
        assert defs.resolve_schedule_def(name).default_status == dg.DefaultScheduleStatus.RUNNING
    assert defs.resolve_sensor_def("landing_batches_sensor").default_status == dg.DefaultSensorStatus.RUNNING


def test_articles_and_mentions_checks_are_blocking() -> None:
    checks = {check_key.name for check_key in defs.resolve_asset_graph().asset_check_keys}
    assert {"articles_expectations", "actor_mentions_expectations", "inputs_reconcile"} <= checks
    blocking = {
        spec.name
        for assets_def in defs.assets or []
        if isinstance(assets_def, dg.AssetsDefinition)
        for spec in assets_def.check_specs
        if spec.blocking
    }
    assert blocking == {"articles_expectations", "actor_mentions_expectations"}


def test_raw_html_asset_called_directly(small_landing: Path) -> None:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("landing_batches", ["2017-07-05"])
    with dg.build_asset_context(partition_key="2017-07-05", instance=instance) as context:
        output = raw_html(context, landing=LandingFolder(path=str(small_landing)))

    frame = output.value
    assert frame["source_path"].to_list() == sorted(frame["source_path"].to_list())
    assert frame.height == 3
    assert set(frame["batch_id"]) == {"2017-07-05"}
    empty = frame.filter(pl.col("source_path") == "2017-07-05/empty.html")
    assert empty["content"].to_list() == [b""]


def test_materialize_ingest_and_parse_with_temporary_resources(small_landing: Path, tmp_path: Path) -> None:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("landing_batches", ["2017-07-05"])
    result = dg.materialize(
        [raw_html, parsed_articles],
        instance=instance,
        partition_key="2017-07-05",
        resources={
            "landing": LandingFolder(path=str(small_landing)),
            "io_manager": ParquetLakeIOManager(base_dir=str(tmp_path / "lake")),
        },
    )

    assert result.success
    articles = pl.read_parquet(tmp_path / "lake" / "articles" / "2017-07-05.parquet")
    rejects = pl.read_parquet(tmp_path / "lake" / "parse_rejects" / "2017-07-05.parquet")
    assert articles.height == 2
    assert articles["published_at"].null_count() == 0
    assert all(len(body) > 200 for body in articles["body"])
    assert rejects.select("source_path", "stage").rows() == [("2017-07-05/empty.html", "parse")]
    checks = {check.check_name: check for check in result.get_asset_check_evaluations()}
    assert checks["articles_expectations"].passed
    assert checks["articles_expectations"].metadata["rows_checked"].value == 2
    coverage = {key: value.value for key, value in checks["articles_coverage"].metadata.items()}
    assert coverage["published_at_share"] == 1.0
    assert coverage["title_share"] == articles["title"].is_not_null().mean()
    assert {entry["columns"][0] for entry in coverage["observed"]} == {"published_at", "title", "language"}


def test_failing_articles_suite_blocks_the_warehouse_load(small_landing: Path, tmp_path: Path) -> None:
    targets = RunTargets(small_landing, tmp_path / "wh" / "news.duckdb")

    outcome = run_pipeline(targets, extra_ops={"parsed_articles": {"config": {"min_body_chars": 1_000_000}}})

    assert outcome.failed == ["ingest_batch_job"]
    result = outcome.runs["ingest_batch_job"]
    evaluation = next(
        e for e in result.get_asset_check_evaluations() if e.check_name == "articles_expectations"
    )
    assert not evaluation.passed
    failed = evaluation.metadata["failed_expectations"].value
    assert [f["kwargs"]["column"] for f in failed] == ["body_chars"]
    stored = pl.read_parquet(targets.lake_dir / "articles" / "2017-07-05.parquet")
    failing = {row["article_id"] for row in failed[0]["failing_keys"]}
    assert failing == set(stored["article_id"]) and len(failing) == 2
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "fact_article" not in materialized
    if targets.warehouse_path.exists():
        with duckdb.connect(str(targets.warehouse_path), read_only=True) as connection:
            tables = connection.execute("SELECT table_name FROM information_schema.tables").fetchall()
        assert ("fact_article",) not in tables


def test_dagster_cli_validates_the_code_location() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "newsetl" in completed.stdout + completed.stderr
