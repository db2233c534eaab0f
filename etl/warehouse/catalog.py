"""What the warehouse tables look like after a load: columns from DuckDB's catalog, row counts
and a few rows, whole-table or per batch. Read inside the load's transaction, so they describe
exactly what the load left."""

from dataclasses import dataclass

import duckdb
import polars as pl

from etl.warehouse.comments import column_descriptions
from etl.warehouse.integrity import duplicate_key_rows
from etl.warehouse.sql_files import read_sql


@dataclass(frozen=True, slots=True)
class CatalogColumn:
    name: str
    data_type: str
    nullable: bool
    is_key: bool
    comment: str | None


@dataclass(frozen=True, slots=True)
class TableSnapshot:
    """One table (or one batch's rows of it): rows, the table's total rows, and a preview."""

    rows: int
    table_rows: int
    preview: pl.DataFrame


def table_columns(connection: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, list[CatalogColumn]]:
    """Each table's columns from DuckDB's catalog, described by `sql/README.md` (the text of
    their DuckDB comments, `etl/warehouse/comments.py`)."""
    rows = connection.execute(read_sql("meta/table_columns"), {"table_names": tables}).fetchall()
    documented = column_descriptions()
    columns: dict[str, list[CatalogColumn]] = {table: [] for table in tables}
    for table, name, data_type, nullable, comment, is_key in rows:
        description = documented.get(table, {}).get(name, comment)
        columns[table].append(CatalogColumn(name, data_type, bool(nullable), bool(is_key), description))
    return columns


def table_row_count(connection: duckdb.DuckDBPyConnection, table: str) -> int:
    ((rows,),) = connection.execute(read_sql("meta/table_row_count"), {"table_name": table}).fetchall()
    return int(rows)


def whole_table_snapshot(connection: duckdb.DuckDBPyConnection, table: str, rows: int) -> TableSnapshot:
    total = table_row_count(connection, table)
    preview = connection.sql(read_sql("meta/table_preview"), params={"table_name": table, "rows": rows}).pl()
    return TableSnapshot(rows=total, table_rows=total, preview=preview)


def batch_snapshots(
    connection: duckdb.DuckDBPyConnection, table: str, batch_ids: list[str], rows: int
) -> dict[str, TableSnapshot]:
    """Each batch's own rows of a batch-keyed table: count and first rows (a batch that left
    no rows gets 0 and an empty preview)."""
    parameters = {"table_name": table, "batch_ids": batch_ids}
    counts = dict(connection.execute(read_sql("meta/batch_row_counts"), parameters).fetchall())
    previews = connection.sql(read_sql("meta/batch_rows_preview"), params={**parameters, "rows": rows}).pl()
    total = table_row_count(connection, table)
    return {
        batch: TableSnapshot(
            rows=int(counts.get(batch, 0)),
            table_rows=total,
            preview=previews.filter(pl.col("batch_id") == batch),
        )
        for batch in batch_ids
    }


def outcomes_by_batch(
    connection: duckdb.DuckDBPyConnection, batch_ids: list[str], outcomes: tuple[str, ...]
) -> dict[str, dict[str, int]]:
    """Each batch's inputs by outcome (every outcome present, 0 when none), with their total."""
    counts = {batch: dict.fromkeys(outcomes, 0) for batch in batch_ids}
    rows = connection.execute(read_sql("meta/outcomes_by_batch"), {"batch_ids": batch_ids}).fetchall()
    for batch, outcome, inputs in rows:
        counts[batch][outcome] = int(inputs)
    return {batch: {**by_outcome, "inputs": sum(by_outcome.values())} for batch, by_outcome in counts.items()}


def failing_keys(
    connection: duckdb.DuckDBPyConnection, batch_ids: list[str]
) -> dict[str, dict[str, list[str]]]:
    """Per integrity check, the keys of (up to 10 of) the rows behind each non-zero count."""
    rows = connection.execute(read_sql("checks/failing_keys"), {"batch_ids": batch_ids}).fetchall()
    duplicates = duplicate_key_rows(connection)
    keys: dict[str, dict[str, list[str]]] = {"keys_unique": duplicates} if duplicates else {}
    for check_name, count_name, row_key in rows:
        keys.setdefault(check_name, {}).setdefault(count_name, []).append(str(row_key))
    return keys
