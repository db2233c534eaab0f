"""The table registry says what the warehouse holds: every table the migrations create, with the
keys DuckDB enforces, and a uniqueness check that reads its key columns."""

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from etl.settings import SQL_DIR
from etl.warehouse.database import write_transaction
from etl.warehouse.integrity import duplicate_key_rows, duplicate_keys
from etl.warehouse.load import load_batches, refresh_marts
from etl.warehouse.migrations import migrate
from etl.warehouse.tables import LOADED_TABLES, WAREHOUSE_TABLES, TableRole, WarehouseTable, tables_of_role
from tests.warehouse.builders import article, mention, staged

BODY = "Russia and Iran met. Russia spoke."


def test_the_registry_names_every_table_the_migrations_create_with_its_primary_key(tmp_path: Path) -> None:
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(connection)
    created = {
        row[0]
        for row in connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
        ).fetchall()
    }
    primary_keys = dict(
        connection.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints()"
            " WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
    )

    assert created - {"schema_version"} == {
        table.name for table in (*LOADED_TABLES, *tables_of_role(TableRole.DISCOVERY))
    }
    assert {table.name: tuple(primary_keys[table.name]) for table in LOADED_TABLES} == {
        table.name: table.key_columns for table in LOADED_TABLES
    }


def test_every_table_points_at_its_sql_file_and_its_assets_come_first() -> None:
    for table in WAREHOUSE_TABLES:
        assert (SQL_DIR / f"{table.load_sql}.sql").is_file(), table.name
    # In load order, a table built from another table comes after it.
    for position, table in enumerate(WAREHOUSE_TABLES):
        later = {t.name for t in WAREHOUSE_TABLES[position:]}
        assert not later & set(table.built_from), table.name
    assert [table.name for table in tables_of_role(TableRole.MART)] == ["mentions_per_actor_per_week"]


def test_the_mart_keys_are_unique_after_a_load(warehouse_path: Path) -> None:
    load = staged(
        [article("a1", "b1", date(2017, 7, 4), BODY), article("a2", "b1", date(2017, 7, 5), BODY)],
        [
            mention("a1", "russia", BODY, "Russia"),
            mention("a1", "russia", BODY, "Russia", occurrence=1),
            mention("a2", "iran", BODY, "Iran"),
        ],
    )
    with write_transaction(warehouse_path) as connection:
        load_batches(connection, load, datetime(2026, 1, 1, tzinfo=UTC))
        refresh_marts(connection)
        assert duplicate_keys(connection, WAREHOUSE_TABLES) == dict.fromkeys(
            (table.name for table in WAREHOUSE_TABLES), 0
        )
        assert connection.execute("SELECT count(*) FROM mentions_per_actor_per_week").fetchone() == (2,)


def test_duplicate_keys_are_counted_and_named_by_the_registry_key_columns() -> None:
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE inputs AS SELECT * FROM (VALUES ('b1', 'b1/x.html', 1), ('b1', 'b1/x.html', 2),"
        " ('b1', 'b1/y.html', 3), ('b2', 'b1/x.html', 4)) AS t(batch_id, source_path, size_bytes)"
    )
    by_input = WarehouseTable(
        name="inputs",
        role=TableRole.BATCH,
        key_columns=("batch_id", "source_path"),
        load_sql="load/ingest_log",
        description="",
        built_from=(),
        checks=(),
        preview_columns=(),
    )
    by_batch = replace(by_input, key_columns=("batch_id",))

    assert duplicate_keys(connection, (by_input,)) == {"inputs": 1}
    assert duplicate_key_rows(connection, (by_input,)) == {"inputs": ["b1/b1/x.html"]}
    assert duplicate_keys(connection, (by_batch,)) == {"inputs": 2}
    assert duplicate_key_rows(connection, (by_batch,)) == {"inputs": ["b1"]}
