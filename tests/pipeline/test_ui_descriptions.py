"""What the Dagster UI shows beside the definitions: every sensor and schedule says what it
does, and a dimension's partition says plainly that it shows the whole table."""

from pathlib import Path

import dagster as dg
import polars as pl

from etl.definitions import defs
from etl.defs.metadata import table_metadata
from etl.warehouse.catalog import TableSnapshot
from etl.warehouse.tables import warehouse_table


def test_every_sensor_and_schedule_has_a_description() -> None:
    automations = [*(defs.sensors or []), *(defs.schedules or [])]

    assert {automation.name for automation in automations} >= {
        "landing_batches_sensor",
        "daily_batch_schedule",
        "refresh_marts_schedule",
    }
    for automation in automations:
        assert automation.description and len(automation.description) > 40, automation.name
    landing = defs.resolve_sensor_def("landing_batches_sensor")
    assert "not yet partitions" in landing.description


def _empty_preview(columns: tuple[str, ...]) -> pl.DataFrame:
    return pl.DataFrame({column: [] for column in columns}, schema=dict.fromkeys(columns, pl.Utf8))


def test_a_dimension_partition_names_the_whole_table_and_a_batch_partition_its_rows(tmp_path: Path) -> None:
    dim_actor, fact_mention = warehouse_table("dim_actor"), warehouse_table("fact_mention")
    dimension = table_metadata(
        dim_actor,
        tmp_path / "news.duckdb",
        [],
        TableSnapshot(238, 238, _empty_preview(dim_actor.preview_columns)),
    )
    batch = table_metadata(
        fact_mention,
        tmp_path / "news.duckdb",
        [],
        TableSnapshot(12, 500, _empty_preview(fact_mention.preview_columns)),
    )

    assert "dagster/partition_row_count" not in dimension
    assert dimension["partition_holds"].startswith("the whole table (238 rows)")
    assert batch["dagster/partition_row_count"] == 12
    assert batch["partition_holds"] == "this batch's 12 rows of the table's 500"
    assert isinstance(dimension["dagster/column_schema"], dg.TableSchema)
