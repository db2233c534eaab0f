"""Metadata shown in the Dagster UI next to each materialization: counts, previews, and for the
DuckDB tables the standard table entries (row count, column schema, table name)."""

from collections.abc import Callable, Mapping
from pathlib import Path

import dagster as dg
import polars as pl

from etl.defs.resources import batch_parts
from etl.warehouse.catalog import CatalogColumn, TableSnapshot
from etl.warehouse.tables import TableRole, WarehouseTable

PREVIEW_ROWS = 5
_PREVIEW_TEXT_CHARS = 60


def frame_preview(
    frame: pl.DataFrame, columns: list[str] | None = None, rows: int = PREVIEW_ROWS
) -> dg.MetadataValue:
    """The first rows as a Markdown table, long text cut short so the table stays readable."""
    shown = frame.select(columns) if columns else frame
    shown = shown.head(rows).with_columns(
        pl.col(pl.Utf8).str.slice(0, _PREVIEW_TEXT_CHARS),
    )
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "| " + " | ".join("---" for _ in shown.columns) + " |"
    lines = [header, rule]
    for row in shown.iter_rows():
        cells = ["" if value is None else str(value).replace("|", "\\|").replace("\n", " ") for value in row]
        lines.append("| " + " | ".join(cells) + " |")
    return dg.MetadataValue.md("\n".join(lines))


def frame_schema(schema: Mapping[str, pl.DataType]) -> dg.TableSchema:
    """A frame's columns and their polars types, as the column list the UI shows."""
    return dg.TableSchema(
        columns=[dg.TableColumn(name=name, type=str(dtype)) for name, dtype in schema.items()]
    )


def frame_metadata(
    frame: pl.DataFrame, columns: list[str] | None = None, schema: Mapping[str, pl.DataType] | None = None
) -> dict[str, object]:
    """Rows, preview and column list of a frame; `schema` when the frame shown lacks columns of
    the stored one (raw_html's metadata is read without its page bytes)."""
    return {
        "dagster/row_count": frame.height,
        "dagster/column_schema": frame_schema(frame.schema if schema is None else schema),
        "preview": frame_preview(frame, columns),
    }


def partition_metadata(
    context: dg.AssetExecutionContext,
    asset_key: str,
    frame: pl.DataFrame,
    metadata_of: Callable[[pl.DataFrame], dict[str, object]],
) -> dict[str, object]:
    """The output's metadata when the run has one partition. In a range run, each partition
    gets the metadata of its own batch's rows instead (and the output none), so the range's
    totals are not stamped on every partition."""
    if len(context.partition_keys) == 1:
        return metadata_of(frame)
    for batch, rows in batch_parts(frame, context.partition_keys):
        context.add_asset_metadata(metadata_of(rows), asset_key=asset_key, partition_key=batch)
    return {}


def table_schema(columns: list[CatalogColumn]) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=column.name,
                type=column.data_type,
                description=column.comment,
                constraints=dg.TableColumnConstraints(nullable=column.nullable, unique=column.is_key),
            )
            for column in columns
        ]
    )


def table_metadata(
    table: WarehouseTable, database: Path, columns: list[CatalogColumn], snapshot: TableSnapshot
) -> dict[str, object]:
    """A DuckDB table as Dagster shows tables: its rows, columns, fully qualified name and file.
    For a batch's event `dagster/partition_row_count` is the batch's own rows; a dimension is
    shared by every batch, so its events carry no partition count, and `partition_holds` says
    what each figure counts."""
    if table.role is TableRole.DIMENSION:
        counts: dict[str, object] = {
            "partition_holds": f"the whole table ({snapshot.table_rows} rows): a dimension is shared by"
            " every batch, and this batch's load added or updated the rows it brought",
        }
    else:
        counts = {
            "dagster/partition_row_count": snapshot.rows,
            "partition_holds": f"this batch's {snapshot.rows} rows of the table's {snapshot.table_rows}",
        }
    return {
        "dagster/row_count": snapshot.table_rows,
        **counts,
        "dagster/column_schema": table_schema(columns),
        "dagster/table_name": f"{database.stem}.main.{table.name}",
        "duckdb_path": dg.MetadataValue.path(str(database)),
        "preview": frame_preview(snapshot.preview, list(table.preview_columns)),
    }
