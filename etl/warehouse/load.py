"""One idempotent load: replace whatever the staged batches wrote before, in one transaction."""

from datetime import datetime

import duckdb
import polars as pl

from etl.warehouse.database import DUCKDB_VECTOR_ROWS, ensure_memory_limit, memory_for_bodies
from etl.warehouse.publishers import key_publishers
from etl.warehouse.sql_files import read_sql
from etl.warehouse.staging import OUTCOMES, StagedLoad
from etl.warehouse.tables import LOADED_TABLES, TableRole, tables_of_role

# Between the dimensions and the batch tables (both in the registry's order): the inputs whose
# bytes changed are noted, then the rows the loaded inputs wrote before are cleared, before any
# batch row is inserted.
_BEFORE_BATCH_TABLES = ("load/changed_inputs", "load/clear_batches")


def _load_steps() -> list[str]:
    return [
        *(table.load_sql for table in tables_of_role(TableRole.DIMENSION)),
        *_BEFORE_BATCH_TABLES,
        *(table.load_sql for table in tables_of_role(TableRole.BATCH)),
    ]


def load_batches(
    connection: duckdb.DuckDBPyConnection, staged: StagedLoad, loaded_at: datetime
) -> dict[str, int]:
    """Write `staged` into an open transaction; return the inputs of its batches by outcome, and
    what the load did for inputs whose bytes changed since an earlier load (`changed_*`)."""
    views = {
        "staged_batches": pl.DataFrame({"batch_id": staged.batch_ids}, schema={"batch_id": pl.Utf8}),
        "staged_ingest_log": staged.ingest_log,
        "staged_articles": staged.articles,
        "staged_mentions": staged.mentions,
        "staged_quarantine": staged.quarantine,
        "staged_actors": staged.actors,
    }
    ensure_memory_limit(connection, memory_for_bodies(staged_vector_bytes(staged.articles)))
    for name, frame in views.items():
        connection.register(name, frame)
    for step in _load_steps():
        sql = read_sql(step)
        parameters = {name: loaded_at for name in ("ingested_at", "seen_at") if f"${name}" in sql}
        connection.execute(sql, parameters or None)
    # Not in a `finally`: after a failed statement the transaction is aborted and unregistering
    # would raise over the real error; the views die with the connection anyway.
    for name in views:
        connection.unregister(name)
    key_publishers(connection)
    return {**batch_outcomes(connection, staged.batch_ids), **changed_inputs_outcome(connection)}


def changed_inputs_outcome(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    cursor = connection.execute(read_sql("meta/changed_inputs_outcome"))
    names = [column[0] for column in cursor.description]
    return {name: int(value) for name, value in zip(names, cursor.fetchall()[0], strict=True)}


def staged_vector_bytes(articles: pl.DataFrame) -> int:
    """The most body bytes in one DuckDB vector of the staged articles, as the insert reads them."""
    if articles.is_empty():
        return 0
    sizes = articles["body"].str.len_bytes().fill_null(0).cast(pl.Int64)
    return int(sizes.rolling_sum(DUCKDB_VECTOR_ROWS, min_samples=1).max())


def batch_outcomes(connection: duckdb.DuckDBPyConnection, batch_ids: list[str]) -> dict[str, int]:
    rows = connection.execute(read_sql("meta/batch_outcomes"), {"batch_ids": batch_ids}).fetchall()
    counts = dict.fromkeys(OUTCOMES, 0)
    counts.update({outcome: int(inputs) for outcome, inputs in rows})
    counts["inputs"] = sum(counts.values())
    return counts


def refresh_marts(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Rebuild every mart of the registry; return their names."""
    marts = tables_of_role(TableRole.MART)
    for mart in marts:
        connection.execute(read_sql(mart.load_sql))
    return [mart.name for mart in marts]


def table_fingerprints(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    """(row count, content hash) per table a load writes, audit timestamps excluded."""
    return {table.name: table_fingerprint(connection, table.name) for table in LOADED_TABLES}


def table_fingerprint(connection: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    row_count, content_hash = connection.execute(
        read_sql("meta/table_fingerprint"), {"table_name": table}
    ).fetchone()
    return int(row_count), str(content_hash)
