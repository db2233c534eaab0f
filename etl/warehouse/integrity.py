"""The warehouse's integrity after a load: the counts behind the warehouse asset checks."""

from dataclasses import dataclass
from datetime import datetime

import duckdb

from etl.warehouse.sql_files import read_sql


@dataclass(frozen=True)
class IntegrityReport:
    """Each value is a count of offending rows, except `mentions_checked`."""

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
        duplicate_keys=_named_row(connection, "duplicate_keys"),
        foreign_keys=_named_row(connection, "foreign_keys"),
        mention_offsets=_named_row(connection, "mention_offsets", {"batch_ids": batch_ids}),
        clustering=_named_row(
            connection, "clustering_current", {"batch_ids": batch_ids, "loads_since": loads_since}
        ),
    )
