"""The warehouse analysts open, and the private file the pipeline writes.

DuckDB admits one writing process or any number of reading processes on a file, never both. An
analyst's open connection (a shell, a notebook, a BI tool) would then stop every run. So the
pipeline writes a private writer file beside the warehouse (`.news.duckdb.writer` for
`news.duckdb`), and after every committed write publishes it: a checkpointed copy, written to a
temporary file in the same folder, synced, and renamed over the warehouse. A reader keeps the
file it opened (the old inode) and sees the new data on its next connection; the writer never
touches a file a reader holds. docs/analyst_access.md gives the reasons and the costs.
"""

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

WRITER_SUFFIX = ".writer"
_STAGING_SUFFIX = ".publishing"


def writer_file(published: Path) -> Path:
    """The file the pipeline writes for the warehouse `published`: hidden beside it, and not
    named *.duckdb, so no tool offers it to an analyst."""
    return published.with_name(f".{published.name}{WRITER_SUFFIX}")


def wal_file(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def adopt_warehouse(published: Path, connect: Callable[[Path], duckdb.DuckDBPyConnection]) -> Path:
    """The writer file for `published`. A warehouse written before writer files existed becomes
    the writer's start; a WAL beside it is folded in first, through a writing connection from
    `connect`, so the copy holds every committed write."""
    writer = writer_file(published)
    if writer.exists() or not published.exists():
        return writer
    if wal_file(published).exists():
        with connect(published) as connection:
            connection.execute("CHECKPOINT")
    staging = _copy_beside(published, writer.parent, prefix=writer.name)
    try:
        # A link fails if another process made the writer file first; its copy is as good.
        os.link(staging, writer)
    except FileExistsError:
        pass
    finally:
        staging.unlink()
    return writer


@contextmanager
def opening_writer(published: Path) -> Iterator[None]:
    """Held while a process opens the writer file of `published`, until its connection holds it.

    Opening may start a writer file afresh (`discard_writer`): close, delete, connect again.
    Between the close and the new connection another process could take DuckDB's lock on the
    old file, and both would then write, one on a deleted file, sharing one WAL name (a run
    failed with "Could not remove file …writer.wal"). An advisory lock on a file beside it makes
    the whole opening one step; the writing itself is guarded by DuckDB's own lock."""
    lock = published.with_name(f".{published.name}{WRITER_SUFFIX}.lock")
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def discard_writer(writer: Path) -> None:
    """Delete a writer file whose warehouse is gone (deleted to start afresh, or never
    published because the first write died): called with no connection open on it."""
    writer.unlink(missing_ok=True)
    wal_file(writer).unlink(missing_ok=True)


def publish(connection: duckdb.DuckDBPyConnection, writer: Path, published: Path) -> None:
    """Replace `published` with the current state of `writer`, through `connection`, the open
    writing connection: it holds the writer's lock, so no other writer changes the file while it
    is copied, and its CHECKPOINT puts every committed row into the file itself."""
    connection.execute("CHECKPOINT")
    # Under the writer's lock no other publish is under way: a copy left here was a killed one's.
    # (Named apart from DuckDB's own `<database>.tmp` spill folder beside the writer file.)
    for leftover in published.parent.glob(f".{published.name}.*{_STAGING_SUFFIX}"):
        leftover.unlink(missing_ok=True)
    staging = _copy_beside(writer, published.parent, prefix=published.name)
    try:
        # A WAL beside the warehouse belongs to the file being replaced (an analyst's
        # read-write connection): replayed onto the new file it would corrupt it.
        wal_file(published).unlink(missing_ok=True)
        os.replace(staging, published)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    _sync_folder(published.parent)


def _copy_beside(source: Path, folder: Path, prefix: str) -> Path:
    """A synced copy of `source` in `folder` under a fresh temporary name: the same file system
    as the file it will replace, so the rename is atomic."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{prefix}.", suffix=_STAGING_SUFFIX)
    os.close(handle)
    staging = Path(name)
    try:
        # copyfile uses the kernel's sendfile: no pass of the bytes through Python.
        shutil.copyfile(source, staging)
        # mkstemp makes the file private (0600); readers need the writer's own permissions.
        shutil.copymode(source, staging)
        with staging.open("rb+") as copy:
            os.fsync(copy.fileno())
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    return staging


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
