"""The published warehouse and its writer file: every committed write is published, an
existing warehouse is adopted with its WAL, a deleted warehouse starts afresh, and a killed
publish leaves nothing behind."""

import os
import stat
from pathlib import Path

import duckdb
import pytest

from etl.warehouse.database import WarehouseMissing, read_connection, write_transaction
from etl.warehouse.published import wal_file, writer_file


def _values(warehouse: Path) -> list[int]:
    with read_connection(warehouse) as connection:
        return [row[0] for row in connection.execute("SELECT x FROM t ORDER BY x").fetchall()]


def test_every_commit_is_published_and_a_rollback_is_not(tmp_path: Path) -> None:
    warehouse = tmp_path / "news.duckdb"
    with write_transaction(warehouse) as connection:
        connection.execute("CREATE TABLE t AS SELECT 1 AS x")
    assert _values(warehouse) == [1]

    with pytest.raises(RuntimeError), write_transaction(warehouse) as connection:
        connection.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError("the load failed")
    assert _values(warehouse) == [1]

    with write_transaction(warehouse) as connection:
        connection.execute("INSERT INTO t VALUES (3)")
    assert _values(warehouse) == [1, 3]
    # The published file is a whole database: no WAL beside it, readable by any process.
    assert not wal_file(warehouse).exists()
    assert stat.S_IMODE(warehouse.stat().st_mode) == stat.S_IMODE(writer_file(warehouse).stat().st_mode)
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".news.duckdb.writer",
        ".news.duckdb.writer.lock",
        "news.duckdb",
    ]


def test_a_warehouse_from_before_writer_files_is_adopted_with_its_wal(tmp_path: Path) -> None:
    warehouse = tmp_path / "news.duckdb"
    connection = duckdb.connect(str(warehouse))
    connection.execute("SET checkpoint_threshold = '1GB'")
    connection.execute("CREATE TABLE t AS SELECT 1 AS x")
    # Keep the committed row in the WAL only, as a killed writer of the old layout left it.
    duplicate = duckdb.connect(str(warehouse))
    wal_copy = wal_file(warehouse).read_bytes()
    database_copy = warehouse.read_bytes()
    duplicate.close()
    connection.close()
    warehouse.write_bytes(database_copy)
    wal_file(warehouse).write_bytes(wal_copy)

    with write_transaction(warehouse) as writing:
        writing.execute("INSERT INTO t VALUES (2)")

    assert _values(warehouse) == [1, 2]
    assert writer_file(warehouse).exists()


def test_deleting_the_warehouse_starts_it_afresh(tmp_path: Path) -> None:
    warehouse = tmp_path / "news.duckdb"
    with write_transaction(warehouse) as connection:
        connection.execute("CREATE TABLE t AS SELECT 1 AS x")
    warehouse.unlink()
    with pytest.raises(WarehouseMissing):
        _values(warehouse)

    with write_transaction(warehouse) as connection:
        tables = connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name = 't'"
        ).fetchall()
        connection.execute("CREATE TABLE t AS SELECT 7 AS x")

    assert tables == []
    assert _values(warehouse) == [7]


def test_a_copy_left_by_a_killed_publish_is_removed_by_the_next(tmp_path: Path) -> None:
    warehouse = tmp_path / "news.duckdb"
    with write_transaction(warehouse) as connection:
        connection.execute("CREATE TABLE t AS SELECT 1 AS x")
    leftover = tmp_path / ".news.duckdb.k1ll3d.publishing"
    leftover.write_bytes(b"half a copy")
    # DuckDB's spill folder for the writer file, which a publish must leave alone.
    spill = tmp_path / ".news.duckdb.writer.tmp"
    spill.mkdir()
    (spill / "duckdb_temp_block").write_bytes(b"spilled")

    with write_transaction(warehouse) as connection:
        connection.execute("INSERT INTO t VALUES (2)")

    assert not leftover.exists()
    assert (spill / "duckdb_temp_block").read_bytes() == b"spilled"
    assert _values(warehouse) == [1, 2]


def test_a_reader_keeps_its_file_while_a_write_is_published(tmp_path: Path) -> None:
    warehouse = tmp_path / "news.duckdb"
    with write_transaction(warehouse) as connection:
        connection.execute("CREATE TABLE t AS SELECT 1 AS x")
    descriptor = os.open(warehouse, os.O_RDONLY)
    try:
        with write_transaction(warehouse) as connection:
            connection.execute("INSERT INTO t VALUES (2)")
        # The open file is the one published before: the write replaced the name, not the file.
        assert os.fstat(descriptor).st_ino != warehouse.stat().st_ino
        assert os.fstat(descriptor).st_nlink == 0
    finally:
        os.close(descriptor)
    assert _values(warehouse) == [1, 2]
