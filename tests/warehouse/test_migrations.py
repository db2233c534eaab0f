from pathlib import Path

import duckdb

from etl.warehouse.migrations import available_migrations, current_version, migrate
from etl.warehouse.tables import LOADED_TABLES


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
