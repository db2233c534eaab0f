"""Numbered migrations in `sql/migrations/NNN_name.sql`, applied in order, each recorded once in
`schema_version` with its name and the checksum of its file, so opening an older warehouse
upgrades it in place.

A migration is known by its name, not its number alone: parallel branches that each add a
migration get them renumbered when they merge, and a warehouse built between the two commits
recorded the old number. So a record whose name is another file's follows that file's number,
and a migration never recorded under its name is applied, even below the highest recorded
number. A record that no file explains (an unknown name, or a file changed since it was
applied) stops the run with one line that says which migration and what to do: guessing
would apply the wrong SQL at every retry.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from etl.warehouse.sql_files import read_sql, sql_paths

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class MigrationMismatch(RuntimeError):
    """The warehouse's record of its migrations disagrees with `sql/migrations`, or a migration
    failed on it; the message names the migration and says what to do."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    file_name: str
    checksum: str


@dataclass(frozen=True, slots=True)
class AppliedMigration:
    """A row of `schema_version`; warehouses migrated before checksums were kept have None."""

    version: int
    name: str
    checksum: str | None
    applied_at: datetime


def available_migrations() -> list[Migration]:
    migrations = []
    for path in sql_paths("migrations"):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise ValueError(f"migration file not named NNN_name.sql: {path.name}")
        checksum = hashlib.sha256(path.read_bytes()).hexdigest()
        migrations.append(Migration(int(match.group(1)), match.group(2), path.name, checksum))
    return sorted(migrations, key=lambda migration: migration.version)


def current_version(connection: duckdb.DuckDBPyConnection) -> int:
    connection.execute(read_sql("meta/schema_version"))
    row = connection.execute(read_sql("meta/current_version")).fetchone()
    return int(row[0]) if row else 0


def applied_migrations(connection: duckdb.DuckDBPyConnection) -> list[AppliedMigration]:
    """What `schema_version` records; empty when the warehouse has no such table yet."""
    if not connection.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'schema_version'").fetchall():
        return []
    has_checksum = connection.execute(
        "SELECT 1 FROM duckdb_columns() WHERE table_name = 'schema_version' AND column_name = 'checksum'"
    ).fetchall()
    checksum = "checksum" if has_checksum else "NULL"
    rows = connection.execute(
        f"SELECT version, name, {checksum}, applied_at FROM schema_version ORDER BY version"
    ).fetchall()
    return [AppliedMigration(int(version), name, digest, at) for version, name, digest, at in rows]


def reconciled_records(applied: list[AppliedMigration], available: list[Migration]) -> list[AppliedMigration]:
    """What `schema_version` should hold for the migrations `applied` records: one row per
    name, with the number and checksum of that name's file (so a renumbered migration follows
    its file, a record made before checksums were kept gets one, a name recorded twice is kept
    once). Raises MigrationMismatch for a record that no file explains."""
    by_name = {migration.name: migration for migration in available}
    by_version = {migration.version: migration for migration in available}
    wanted: dict[str, AppliedMigration] = {}
    for record in applied:
        migration = by_name.get(record.name)
        if migration is None:
            numbered = by_version.get(record.version)
            instead = f"file {numbered.file_name}" if numbered else "no file"
            raise MigrationMismatch(
                f"the warehouse records migration {record.version:03d}_{record.name}, which"
                f" sql/migrations does not have ({instead} has that number): it was built by other"
                " code; open it with that code, or load into a new --warehouse"
            )
        if record.checksum is not None and record.checksum != migration.checksum:
            raise MigrationMismatch(
                f"migration {migration.file_name} differs from the one this warehouse applied"
                f" (checksum {record.checksum[:12]} recorded, {migration.checksum[:12]} now):"
                " restore the file as it was applied and put the change in a new migration"
            )
        earlier = wanted.get(record.name, record)
        applied_at = min(record.applied_at, earlier.applied_at)
        wanted[record.name] = AppliedMigration(
            migration.version, migration.name, migration.checksum, applied_at
        )
    return sorted(wanted.values(), key=lambda record: record.version)


def verify_migrations(connection: duckdb.DuckDBPyConnection) -> None:
    """Raises MigrationMismatch if `migrate` would refuse this warehouse; changes nothing, so a
    run can ask before its parse over a read-only connection."""
    reconciled_records(applied_migrations(connection), available_migrations())


def migrate(connection: duckdb.DuckDBPyConnection, target: int | None = None) -> list[int]:
    """Bring `schema_version` in line with the files by name, then apply every migration not
    recorded (up to `target`), each in its own transaction; return the versions applied."""
    available = available_migrations()
    connection.execute(read_sql("meta/schema_version"))
    applied = applied_migrations(connection)
    _rewrite_records(connection, applied, reconciled_records(applied, available))
    recorded = {record.name for record in applied}
    done: list[int] = []
    for migration in available:
        if migration.name in recorded or (target is not None and migration.version > target):
            continue
        _apply(connection, migration)
        done.append(migration.version)
    return done


def _rewrite_records(
    connection: duckdb.DuckDBPyConnection, applied: list[AppliedMigration], wanted: list[AppliedMigration]
) -> None:
    """Replace the rows of `applied` by `wanted` in one transaction, when they differ."""
    if _row_keys(applied) == _row_keys(wanted):
        return
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute("DELETE FROM schema_version")
        for record in wanted:
            _record(connection, record.version, record.name, record.checksum, record.applied_at)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _row_keys(records: list[AppliedMigration]) -> set[tuple[int, str, str | None]]:
    return {(record.version, record.name, record.checksum) for record in records}


def _apply(connection: duckdb.DuckDBPyConnection, migration: Migration) -> None:
    connection.execute("BEGIN TRANSACTION")
    try:
        connection.execute(read_sql(f"migrations/{migration.file_name}"))
        _record(connection, migration.version, migration.name, migration.checksum, datetime.now(UTC))
    except duckdb.Error as error:
        connection.execute("ROLLBACK")
        first_line = str(error).strip().splitlines()[0]
        raise MigrationMismatch(
            f"migration {migration.file_name} failed on this warehouse ({first_line}); nothing of it"
            " was kept: compare the warehouse with the file (what it adds may be there already),"
            " or load into a new --warehouse"
        ) from error
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _record(
    connection: duckdb.DuckDBPyConnection, version: int, name: str, checksum: str | None, applied_at: datetime
) -> None:
    connection.execute(
        read_sql("meta/record_migration"),
        {"version": version, "name": name, "checksum": checksum, "applied_at": applied_at},
    )
