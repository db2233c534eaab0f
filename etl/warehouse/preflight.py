"""What can be known about a warehouse file before a command relies on it, each problem said in
one line: a file that cannot be read, is not DuckDB, is cut short or is read-only, a folder in
which DuckDB cannot write its journal, a record of migrations that the code does not explain;
and about the lake files a step reads: one that is not whole Parquet is named.

A run asks before its parse (and again once it may write, `etl.runs`), so such a file costs a
second, not the whole parse followed by a DuckDB traceback. Every check takes the path it checks.
"""

import os
import tempfile
from pathlib import Path

import duckdb
import polars as pl

from etl.warehouse.migrations import verify_migrations

# A DuckDB file starts with a 4 KiB main header holding these bytes at this offset, followed by
# two 4 KiB database headers; then come whole blocks (`PRAGMA database_size`'s block_size).
_MAGIC_OFFSET = 8
_MAGIC = b"DUCK"
_HEADERS_BYTES = 3 * 4096


class LakeFileUnreadable(RuntimeError):
    """A stored stage file that is not readable Parquet; the message names it."""


class WarehouseUnusable(RuntimeError):
    """The warehouse file or its folder cannot serve the command; the message says why and
    what to do, in one line."""


def check_warehouse_file(path: Path, for_writing: bool) -> None:
    """Raises WarehouseUnusable unless the file (when it exists) is readable DuckDB and, when
    `for_writing`, the file and its folder can be written. Opens no DuckDB connection, so a
    file another process holds is no obstacle here."""
    path = Path(path)
    if for_writing:
        _check_folder_writable(path.parent)
    if not path.exists():
        return
    try:
        with path.open("rb") as warehouse:
            start = warehouse.read(_MAGIC_OFFSET + len(_MAGIC))
    except IsADirectoryError:
        raise WarehouseUnusable(f"warehouse {path} is a folder, not a DuckDB file") from None
    except OSError as error:
        raise WarehouseUnusable(f"warehouse {path} cannot be read: {_reason(error)}") from error
    if start[_MAGIC_OFFSET:] != _MAGIC:
        raise WarehouseUnusable(
            f"warehouse {path} is not a DuckDB file ({path.stat().st_size} bytes without DuckDB's"
            " header): point --warehouse at the warehouse, or move this file away to start a new one"
        )
    if for_writing:
        try:
            path.open("r+b").close()
        except OSError as error:
            raise WarehouseUnusable(
                f"warehouse {path} is read-only ({_reason(error)}): make it writable for this user,"
                " or load into another --warehouse"
            ) from error


def check_warehouse_contents(path: Path, for_writing: bool) -> None:
    """Raises WarehouseUnusable when DuckDB cannot open the file or it is shorter than the
    blocks it uses (a truncated copy), and, when `for_writing`, MigrationMismatch when its
    migrations disagree with `sql/migrations`. A file another process holds is left to the
    caller's wait for it."""
    path = Path(path)
    if not path.exists():
        return
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        if _is_held(error):
            return
        raise WarehouseUnusable(f"warehouse {path} cannot be opened: {_first_line(error)}") from error
    try:
        _check_whole(path, connection)
        if for_writing:
            verify_migrations(connection)
    finally:
        connection.close()


def check_readable(path: Path) -> None:
    """Both checks a read makes before it opens the warehouse."""
    check_warehouse_file(path, for_writing=False)
    check_warehouse_contents(path, for_writing=False)


def check_lake_files(paths: list[Path]) -> None:
    """Raises LakeFileUnreadable naming the first file whose Parquet footer cannot be read (cut
    short, overwritten): a scan over many files fails with "Invalid thrift" and no file name."""
    for path in paths:
        try:
            pl.scan_parquet(path, glob=False).collect_schema()
        except (pl.exceptions.PolarsError, OSError) as error:
            raise LakeFileUnreadable(
                f"lake file {path} cannot be read ({_first_line(error)}): delete it and materialize"
                " that batch again (`newsetl run --batch`)"
            ) from error


def _check_whole(path: Path, connection: duckdb.DuckDBPyConnection) -> None:
    block_size, used_blocks = connection.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size()"
    ).fetchone()
    size = path.stat().st_size
    if (size - _HEADERS_BYTES) % block_size or size < _HEADERS_BYTES + used_blocks * block_size:
        raise WarehouseUnusable(
            f"warehouse {path} is truncated ({size} bytes, not the whole blocks of"
            f" {block_size} bytes it uses): restore it from a copy, or move it away and load again"
        )


def _check_folder_writable(folder: Path) -> None:
    """DuckDB writes a journal (`<file>.wal`) beside the warehouse at every commit, so a folder
    it cannot write fails the first commit, after the whole parse, though the file opens."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(prefix=".newsetl-writable-", dir=folder)
    except OSError as error:
        raise WarehouseUnusable(
            f"the warehouse's folder {folder} cannot be written ({_reason(error)}); DuckDB writes its"
            " journal there: make it writable for this user, or load into another --warehouse"
        ) from error
    os.close(descriptor)
    os.unlink(probe)


def _is_held(error: duckdb.IOException) -> bool:
    message = str(error).lower()
    return "lock" in message and ("conflicting" in message or "could not set lock" in message)


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
