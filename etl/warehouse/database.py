"""Connections to the warehouse file.

DuckDB lets one process write a file at a time, and analysts keep the DuckDB shell open on it.
So writers connect only for the span of one transaction and close at once, and a writer that
finds the file locked waits and retries for a bounded time instead of failing on first contact.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.settings import duckdb_memory_limit, lock_wait_seconds
from etl.warehouse.migrations import migrate

_RETRY_PAUSE_SECONDS = 0.25


class WarehouseLocked(RuntimeError):
    """Another process held the warehouse for longer than we are willing to wait."""


class WarehouseMissing(FileNotFoundError):
    """A read was asked of a warehouse file that does not exist."""


def _is_lock_error(error: duckdb.Error) -> bool:
    message = str(error).lower()
    return "lock" in message and ("conflicting" in message or "could not set lock" in message)


def _connect_with_retry(
    path: Path, read_only: bool, wait_seconds: float, memory_limit: str | None = None
) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(
                str(path), read_only=read_only, config={"memory_limit": memory_limit or duckdb_memory_limit()}
            )
        except duckdb.IOException as error:
            if not _is_lock_error(error) or time.monotonic() >= deadline:
                if _is_lock_error(error):
                    raise WarehouseLocked(f"warehouse {path} is locked by another process") from error
                raise
            time.sleep(_RETRY_PAUSE_SECONDS)


@contextmanager
def write_transaction(
    path: Path, wait_seconds: float | None = None, memory_limit: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated warehouse inside one transaction: committed on success, rolled back on error,
    and closed either way. `memory_limit` overrides DuckDB's buffer pool cap for this
    connection (a whole-table scan fills the pool with blocks it never reads again)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    connection = _connect_with_retry(path, read_only=False, wait_seconds=wait, memory_limit=memory_limit)
    try:
        migrate(connection)
        connection.execute("BEGIN TRANSACTION")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    finally:
        connection.close()


@contextmanager
def read_connection(path: Path, wait_seconds: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    path = Path(path)
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}: run `newsetl run` first")
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    connection = _connect_with_retry(path, read_only=True, wait_seconds=wait)
    try:
        yield connection
    finally:
        connection.close()
