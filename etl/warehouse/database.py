"""Connections to the warehouse file.

DuckDB lets one process write a file at a time, and analysts keep the DuckDB shell open on it.
So writers write a private writer file and publish it over the warehouse after each commit
(`etl/warehouse/published.py`); readers read the published warehouse. Writers connect only for
the span of one transaction, and a writer that finds the writer file locked (another writer)
waits and retries for a bounded time instead of failing on first contact.
"""

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from etl.settings import duckdb_memory_limit, lock_wait_seconds
from etl.warehouse.comments import describe_warehouse
from etl.warehouse.migrations import migrate
from etl.warehouse.published import adopt_warehouse, discard_writer, opening_writer, publish
from etl.warehouse.sql_files import read_sql

_RETRY_PAUSE_SECONDS = 0.25


# DuckDB decodes a table scan one vector of this many rows at a time, whatever size the caller
# fetches, so one vector of bodies must fit in its buffer pool or any scan of them fails.
DUCKDB_VECTOR_ROWS = 2048
# fact_article stores body lengths in characters; UTF-8 Arabic is 2 bytes a character, Latin 1.
BODY_BYTES_PER_CHAR = 2


def body_vector_bytes(connection: duckdb.DuckDBPyConnection) -> int:
    """An upper estimate of the body bytes in one scan vector of fact_article (from the stored
    lengths, without reading a body); 0 before the schema exists."""
    if not connection.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'fact_article'").fetchall():
        return 0
    (window_chars,) = connection.execute(
        read_sql("meta/body_window_chars"), {"rows": DUCKDB_VECTOR_ROWS}
    ).fetchall()[0]
    return int(window_chars) * BODY_BYTES_PER_CHAR


def memory_for_bodies(vector_bytes: int) -> int:
    """Buffer pool that a scan of bodies needs besides DuckDB's own 32 MB: a vector's string
    buffer grows by doubling, so up to twice its bodies, next to the one being handed over."""
    return 32 * 1024 * 1024 + 4 * vector_bytes


_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_UNITS.update({"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40})


def limit_bytes(limit: str) -> int:
    """'128MB', '1.5GiB' or '300000B' as bytes (DuckDB's memory_limit notation)."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*([a-zA-Z]*)\s*", limit)
    if match is None or match.group(2).lower() not in _UNITS:
        raise ValueError(f"not a memory size: {limit!r}")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def ensure_memory_limit(connection: duckdb.DuckDBPyConnection, needed: int) -> None:
    """Raise the connection's buffer pool cap to `needed` bytes if it is lower: the cap bounds
    caching, and a scan of long bodies cannot run under a cap smaller than one vector of them."""
    (current,) = connection.execute("SELECT current_setting('memory_limit')").fetchall()[0]
    if needed > limit_bytes(current):
        connection.execute(f"SET memory_limit = '{needed}B'")


def fit_memory_limit(connection: duckdb.DuckDBPyConnection) -> None:
    ensure_memory_limit(connection, memory_for_bodies(body_vector_bytes(connection)))


class WarehouseLocked(RuntimeError):
    """Another process held the warehouse for longer than we are willing to wait."""


class WarehouseMissing(FileNotFoundError):
    """A read was asked of a warehouse file that does not exist."""


def _is_lock_error(error: duckdb.Error) -> bool:
    message = str(error).lower()
    return "lock" in message and ("conflicting" in message or "could not set lock" in message)


def _connect_with_retry(
    path: Path,
    read_only: bool,
    wait_seconds: float,
    memory_limit: str | None = None,
    on_wait: Callable[[str], None] | None = None,
    shown_as: Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """`shown_as` is the path messages name (the warehouse the user gave, not its writer file)."""
    shown = shown_as or path
    deadline = time.monotonic() + wait_seconds
    waiting = False
    while True:
        try:
            return duckdb.connect(
                str(path), read_only=read_only, config={"memory_limit": memory_limit or duckdb_memory_limit()}
            )
        except duckdb.IOException as error:
            if not _is_lock_error(error):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"warehouse {shown} is locked by another process (waited {wait_seconds:g} s)"
                ) from error
            if on_wait is not None and not waiting:
                on_wait(f"warehouse {shown} is in use by another process; waiting up to {wait_seconds:g} s")
            waiting = True
            time.sleep(_RETRY_PAUSE_SECONDS)


def wait_until_writable(
    path: Path, wait_seconds: float | None = None, on_wait: Callable[[str], None] | None = None
) -> None:
    """Return once this process can open the warehouse's writer file for writing (creating it
    if need be), waiting for another writer as a write would; `on_wait` hears once that a wait
    began. Raises WarehouseLocked when the file stays held. A run asks before its parse, so a
    held file costs seconds, not the whole parse. Readers of the warehouse never hold it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    _open_writer(path, wait, on_wait=on_wait)[1].close()


def _open_writer(
    path: Path,
    wait_seconds: float,
    memory_limit: str | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """The writer file of the warehouse `path` and a writing connection to it, which holds it
    against every other writer. A writer file without its warehouse is started afresh, and only
    once this connection holds it, so no other writer is using it."""

    def connect(database: Path) -> duckdb.DuckDBPyConnection:
        return _connect_with_retry(
            database, read_only=False, wait_seconds=wait_seconds, memory_limit=memory_limit,
            on_wait=on_wait, shown_as=path,
        )  # fmt: skip

    with opening_writer(path):
        writer = adopt_warehouse(path, connect)
        connection = connect(writer)
        if not path.exists():
            connection.close()
            discard_writer(writer)
            connection = connect(writer)
    return writer, connection


@contextmanager
def write_transaction(
    path: Path, wait_seconds: float | None = None, memory_limit: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated warehouse inside one transaction: committed on success (with every table and
    column described), rolled back on error, and closed either way; once committed, published
    at `path` for readers. The transaction
    runs on the writer file. `memory_limit` overrides DuckDB's buffer pool cap for this
    connection (a whole-table scan fills the pool with blocks it never reads again)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    writer, connection = _open_writer(path, wait, memory_limit)
    try:
        migrate(connection)
        fit_memory_limit(connection)
        connection.execute("BEGIN TRANSACTION")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        describe_warehouse(connection)
        connection.execute("COMMIT")
        publish(connection, writer, path)
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
        fit_memory_limit(connection)
        yield connection
    finally:
        connection.close()
