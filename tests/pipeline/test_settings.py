"""One settings source, read when used: `newsetl run` and the definitions `dagster dev` loads put
the lake (and the warehouse) where the environment says, whenever the environment says it."""

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from etl.cli import main
from etl.definitions import defs
from etl.defs.jobs import ingest_batch_job
from etl.defs.resources import DuckDBWarehouse, LandingFolder
from etl.settings import (
    DAGSTER_HOME_ENV,
    LAKE_ENV,
    LANDING_ENV,
    SAMPLE_LANDING_DIR,
    WAREHOUSE_ENV,
    RunTargets,
    default_lake_dir,
)

CLI_BATCH, UI_BATCH = "2017-07-05", "2017-07-07"


def _two_small_batches(landing: Path) -> Path:
    for batch in (CLI_BATCH, UI_BATCH):
        (landing / batch).mkdir(parents=True)
        for page in sorted((SAMPLE_LANDING_DIR / batch).glob("*.html"))[:2]:
            shutil.copy(page, landing / batch / page.name)
    return landing


def _loaded_batches(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute("SELECT DISTINCT batch_id FROM ingest_log ORDER BY 1").fetchall()
    return [batch for (batch,) in rows]


def test_the_cli_and_the_definitions_write_the_lake_that_newsetl_lake_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = _two_small_batches(tmp_path / "landing")
    lake = tmp_path / "shared_lake"
    cli_warehouse = tmp_path / "cli" / "news.duckdb"
    ui_warehouse = tmp_path / "ui" / "news.duckdb"
    monkeypatch.delenv(DAGSTER_HOME_ENV, raising=False)
    monkeypatch.delenv(WAREHOUSE_ENV, raising=False)
    # Set after `etl.definitions` was imported: the resources must read it when they are used.
    monkeypatch.setenv(LAKE_ENV, str(lake))

    argv = ["run", "--landing", str(landing), "--warehouse", str(cli_warehouse), "--batch", CLI_BATCH]
    assert main([*argv, "--log-level", "WARNING"]) == 0

    # What a run launched from `dagster dev` gets: the code location's resources, no run config.
    monkeypatch.setenv(LANDING_ENV, str(landing))
    monkeypatch.setenv(WAREHOUSE_ENV, str(ui_warehouse))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("landing_batches", [UI_BATCH])
        result = defs.resolve_job_def(ingest_batch_job.name).execute_in_process(
            instance=instance, partition_key=UI_BATCH
        )

    assert result.success
    stored = {
        path.stem: pl.read_parquet(path)["batch_id"].unique().to_list()
        for path in (lake / "articles").glob("*.parquet")
    }
    assert stored == {CLI_BATCH: [CLI_BATCH], UI_BATCH: [UI_BATCH]}
    assert not (cli_warehouse.parent / "lake").exists()
    assert not (ui_warehouse.parent / "lake").exists()
    assert _loaded_batches(cli_warehouse) == [CLI_BATCH]
    assert _loaded_batches(ui_warehouse) == [UI_BATCH]


def test_without_newsetl_lake_the_lake_is_beside_the_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LAKE_ENV, raising=False)
    monkeypatch.setenv(WAREHOUSE_ENV, str(tmp_path / "ui" / "news.duckdb"))
    elsewhere = RunTargets(tmp_path / "landing", tmp_path / "elsewhere" / "news.duckdb")

    assert elsewhere.lake_dir == tmp_path / "elsewhere" / "lake"
    assert default_lake_dir() == tmp_path / "ui" / "lake"

    monkeypatch.setenv(LAKE_ENV, str(tmp_path / "lake"))
    assert elsewhere.lake_dir == default_lake_dir() == tmp_path / "lake"


def test_unconfigured_resources_read_the_settings_when_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse, landing = DuckDBWarehouse(), LandingFolder()
    monkeypatch.setenv(WAREHOUSE_ENV, str(tmp_path / "wh" / "news.duckdb"))
    monkeypatch.setenv(LANDING_ENV, str(tmp_path / "landing"))

    assert warehouse.file == tmp_path / "wh" / "news.duckdb"
    assert landing.root == tmp_path / "landing"
    with warehouse.write() as connection:
        connection.execute("CREATE TABLE probe AS SELECT 1 AS one")
    assert (tmp_path / "wh" / "news.duckdb").is_file()
