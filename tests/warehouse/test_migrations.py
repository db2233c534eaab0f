from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from etl.warehouse.database import write_transaction
from etl.warehouse.load import load_batches
from etl.warehouse.migrations import (
    MigrationMismatch,
    available_migrations,
    current_version,
    migrate,
    verify_migrations,
)
from etl.warehouse.sql_files import read_sql
from etl.warehouse.tables import LOADED_TABLES
from tests.warehouse.builders import article, staged


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    versions = [migration.version for migration in available_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_fresh_warehouse_gets_every_migration_once(tmp_path: Path) -> None:
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    latest = available_migrations()[-1].version

    assert migrate(connection) == list(range(1, latest + 1))
    assert migrate(connection) == []
    assert current_version(connection) == latest
    tables = {
        row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {table.name for table in LOADED_TABLES} <= tables


def test_warehouse_from_the_first_level_upgrades_with_all_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(path))
    migrate(connection, target=1)
    connection.execute(
        "INSERT INTO dim_actor VALUES ('iran', 'Q794', 'state', 'IR', 'إيران', 'Iran', NULL, NULL, 'v0')"
    )
    connection.execute("INSERT INTO dim_source VALUES ('a.example', 'A', NULL, 'en')")
    connection.execute(
        "INSERT INTO dim_date VALUES ('2017-07-04', '2017-07-03', 2017, 27, '2017-07-01', 2017, 2)"
    )
    connection.execute(
        "INSERT INTO fact_article (article_id, batch_id, source_path, domain, published_at, date_key,"
        " published_at_source, body, body_chars, parser_version, ingested_at) VALUES ('a1', 'b', 'b/a1.html',"
        " 'a.example', '2017-07-04 09:00:00+00', '2017-07-04', 'meta', 'Iran said.', 10, 'p0', now())"
    )
    connection.execute(
        "INSERT INTO fact_mention (mention_id, article_id, actor_id, date_key, batch_id, field, start_offset,"
        " end_offset, surface, alias, strength, dictionary_version, extractor_version)"
        " VALUES ('a1:body:0', 'a1', 'iran', '2017-07-04', 'b', 'body', 0, 4, 'Iran', 'Iran', 'strong',"
        " 'v0', 'e0')"
    )
    connection.close()

    connection = duckdb.connect(str(path))
    applied = migrate(connection)

    assert applied == [m.version for m in available_migrations() if m.version > 1]
    assert connection.execute("SELECT article_id, body FROM fact_article").fetchall() == [
        ("a1", "Iran said.")
    ]
    assert connection.execute("SELECT mention_id, actor_id FROM fact_mention").fetchall() == [
        ("a1:body:0", "iran")
    ]
    assert [
        row[0] for row in connection.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    ] == [m.version for m in available_migrations()]


def _checksums(connection: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str | None]]:
    return connection.execute(
        "SELECT version, name, checksum FROM schema_version ORDER BY version"
    ).fetchall()


def _as_built_by_today_main(path: Path, target: int) -> None:
    """A warehouse as main built it before checksums: the old `schema_version` table, the
    migrations up to `target` applied and recorded by number and name only."""
    connection = duckdb.connect(str(path))
    connection.execute(
        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL)"
    )
    for migration in available_migrations():
        if migration.version <= target:
            connection.execute(read_sql(f"migrations/{migration.file_name}"))
            connection.execute(
                "INSERT INTO schema_version VALUES (?, ?, now())", [migration.version, migration.name]
            )
    connection.close()


def test_records_made_before_checksums_migrate_cleanly_and_get_theirs(tmp_path: Path) -> None:
    path = tmp_path / "main.duckdb"
    _as_built_by_today_main(path, target=3)

    connection = duckdb.connect(str(path))
    applied = migrate(connection)

    assert applied == [m.version for m in available_migrations() if m.version > 3]
    assert _checksums(connection) == [(m.version, m.name, m.checksum) for m in available_migrations()]
    assert migrate(connection) == []


def _intermediate_warehouse(path: Path) -> None:
    """What commit 568a054 and then the merge 3fc64c5 left: body_source applied and recorded as
    (4, body_source) when it was migration 004; then the merged code, matching by number only,
    skipped 004_field_notes and recorded its 005_body_source as (5, body_source)."""
    _as_built_by_today_main(path, target=3)
    connection = duckdb.connect(str(path))
    connection.execute(read_sql("migrations/005_body_source"))
    connection.execute(
        "INSERT INTO schema_version VALUES (4, 'body_source', now()), (5, 'body_source', now())"
    )
    connection.close()


def test_the_intermediate_warehouse_gets_the_migration_it_skipped(tmp_path: Path) -> None:
    path = tmp_path / "intermediate.duckdb"
    _intermediate_warehouse(path)

    connection = duckdb.connect(str(path))
    applied = migrate(connection)

    assert 4 in applied and 5 not in applied
    columns = {row[0] for row in connection.execute("DESCRIBE fact_article").fetchall()}
    assert {"published_at_note", "field_notes", "body_source"} <= columns
    assert _checksums(connection) == [(m.version, m.name, m.checksum) for m in available_migrations()]
    assert migrate(connection) == []


def test_the_intermediate_warehouse_loads_through_the_pipeline_write(tmp_path: Path) -> None:
    """The load that failed at every retry ("does not have a column … published_at_note")."""
    path = tmp_path / "intermediate.duckdb"
    _intermediate_warehouse(path)

    with write_transaction(path) as connection:
        load_batches(
            connection, staged([article("a1", "b1", date(2017, 7, 4), "Iran said.")], []), datetime.now(UTC)
        )

    with duckdb.connect(str(path)) as connection:
        assert connection.execute("SELECT article_id, published_at_note FROM fact_article").fetchall() == [
            ("a1", None)
        ]


def test_a_changed_migration_file_stops_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    connection = duckdb.connect(str(path))
    migrate(connection)
    connection.execute("UPDATE schema_version SET checksum = 'a' || repeat('0', 63) WHERE version = 2")
    before = _checksums(connection)

    with pytest.raises(MigrationMismatch) as refused:
        migrate(connection)

    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(
        "migration 002_article_clusters.sql differs from the one this warehouse applied"
    )
    assert "put the change in a new migration" in message
    assert _checksums(connection) == before


def test_an_unknown_recorded_migration_stops_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    connection = duckdb.connect(str(path))
    migrate(connection, target=3)
    connection.execute("INSERT INTO schema_version VALUES (4, 'from_a_branch', now(), NULL)")

    with pytest.raises(MigrationMismatch, match=r"^the warehouse records migration 004_from_a_branch, which"):
        migrate(connection)
    with pytest.raises(MigrationMismatch, match=r"file 004_field_notes\.sql has that number"):
        verify_migrations(connection)
    columns = {row[0] for row in connection.execute("DESCRIBE fact_article").fetchall()}
    assert "published_at_note" not in columns


def test_a_migration_that_fails_is_rolled_back_and_said_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    connection = duckdb.connect(str(path))
    migrate(connection, target=3)
    connection.execute("ALTER TABLE fact_article ADD COLUMN published_at_note VARCHAR")

    with pytest.raises(MigrationMismatch) as failed:
        migrate(connection)

    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith("migration 004_field_notes.sql failed on this warehouse (")
    assert "published_at_note" in message
    assert current_version(connection) == 3
    columns = {row[0] for row in connection.execute("DESCRIBE fact_article").fetchall()}
    assert "field_notes" not in columns
