"""Numbered migrations in `sql/migrations/NNN_name.sql`, applied in order, each recorded once in
`schema_version`, so opening an older warehouse upgrades it in place."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from etl.warehouse.sql_files import read_sql, sql_paths

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    file_name: str


def available_migrations() -> list[Migration]:
    migrations = []
    for path in sql_paths("migrations"):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise ValueError(f"migration file not named NNN_name.sql: {path.name}")
        migrations.append(Migration(int(match.group(1)), match.group(2), path.name))
    return sorted(migrations, key=lambda migration: migration.version)


def current_version(connection: duckdb.DuckDBPyConnection) -> int:
    connection.execute(read_sql("meta/schema_version"))
    row = connection.execute(read_sql("meta/current_version")).fetchone()
    return int(row[0]) if row else 0


def migrate(connection: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Apply every migration above the recorded version (up to `target`); return those applied."""
    applied: list[int] = []
    version = current_version(connection)
    for migration in available_migrations():
        if migration.version <= version or (target is not None and migration.version > target):
            continue
        connection.execute("BEGIN TRANSACTION")
        try:
            connection.execute(read_sql(f"migrations/{migration.file_name}"))
            connection.execute(
                read_sql("meta/record_migration"),
                {
                    "version": migration.version,
                    "name": migration.name,
                    "applied_at": datetime.now(UTC),
                },
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        applied.append(migration.version)
    return applied
