"""The warehouse's integrity after a load: the counts behind the warehouse asset checks."""

from dataclasses import dataclass
from datetime import datetime

import duckdb

from etl.warehouse.sql_files import read_sql
from etl.warehouse.tables import LOADED_TABLES, WarehouseTable


@dataclass(frozen=True)
class IntegrityReport:
    """Each value is a count of offending rows, except `mentions_checked`; `duplicate_keys` is
    keyed by table."""

    duplicate_keys: dict[str, int]
    foreign_keys: dict[str, int]
    mention_offsets: dict[str, int]
    clustering: dict[str, int]


def _named_row(
    connection: duckdb.DuckDBPyConnection, check: str, parameters: dict[str, object] | None = None
) -> dict[str, int]:
    cursor = connection.execute(read_sql(f"checks/{check}"), parameters)
    names = [column[0] for column in cursor.description]
    return {name: int(value) for name, value in zip(names, cursor.fetchone(), strict=True)}


def _key_parameters(table: WarehouseTable) -> dict[str, object]:
    return {"table_name": table.name, "key_columns": list(table.key_columns)}


def duplicate_keys(
    connection: duckdb.DuckDBPyConnection, tables: tuple[WarehouseTable, ...] = LOADED_TABLES
) -> dict[str, int]:
    """Per table, the rows beyond the first for each value of its key columns."""
    return {
        table.name: _named_row(connection, "duplicate_keys", _key_parameters(table))["duplicate_keys"]
        for table in tables
    }


def duplicate_key_rows(
    connection: duckdb.DuckDBPyConnection, tables: tuple[WarehouseTable, ...] = LOADED_TABLES
) -> dict[str, list[str]]:
    """Per table with duplicate keys, (up to 10 of) those keys, their columns joined by '/'."""
    query = read_sql("checks/duplicate_key_rows")
    keys = {table.name: connection.execute(query, _key_parameters(table)).fetchall() for table in tables}
    return {name: [str(key) for (key,) in rows] for name, rows in keys.items() if rows}


# Run tag of the runs of one backfill that load without clustering (the backfill clusters once,
# at its end): when the first of them started, so articles loaded since are not counted stale.
CLUSTERING_DEFERRED_TAG = "newsetl/clustering_deferred_since"


def integrity_report(
    connection: duckdb.DuckDBPyConnection, batch_ids: list[str], loads_since: datetime
) -> IntegrityReport:
    """Keys and references over the whole warehouse (key columns only, cheap); mention offsets
    over the batches just loaded (they read the texts); articles of earlier loads still waiting
    for clustering (loaded before `loads_since`)."""
    return IntegrityReport(
        duplicate_keys=duplicate_keys(connection),
        foreign_keys=_named_row(connection, "foreign_keys"),
        mention_offsets=_named_row(connection, "mention_offsets", {"batch_ids": batch_ids}),
        clustering=_named_row(
            connection, "clustering_current", {"batch_ids": batch_ids, "loads_since": loads_since}
        ),
    )


def weekly_mart_report(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The weekly mart's counts behind its checks (`sql/checks/weekly_mart.sql`)."""
    return _named_row(connection, "weekly_mart")
