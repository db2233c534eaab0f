"""A warehouse file that cannot serve the command: one line and exit 2, and a run says so
before its parse (nothing reaches the lake).

The tests run as root, which ignores permission bits; the commands here run as root without
the capabilities that override them (`setpriv --bounding-set -dac_override,-dac_read_search`),
on files owned by `nobody`, so the bits apply as they would to an ordinary user.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.settings import PROJECT_ROOT, SAMPLE_LANDING_DIR
from etl.warehouse.migrations import migrate
from tests.hostile.permissions import NOBODY, SETPRIV, WITHOUT_OVERRIDE


def _newsetl(args: list[str], as_ordinary_user: bool = False) -> subprocess.CompletedProcess[str]:
    prefix = WITHOUT_OVERRIDE if as_ordinary_user else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "etl.cli", *args],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _warehouse(path: Path, padding_rows: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as connection:
        migrate(connection)
        if padding_rows:
            connection.execute(
                "CREATE TABLE padding AS SELECT repeat('x', 1000) || i AS text FROM range(?) AS r(i)",
                [padding_rows],
            )
            connection.execute("CHECKPOINT")
    return path


def _run(warehouse: Path, landing: Path, as_ordinary_user: bool = False) -> subprocess.CompletedProcess[str]:
    return _newsetl(
        ["run", "--landing", str(landing), "--warehouse", str(warehouse), "--log-level", "WARNING"],
        as_ordinary_user,
    )


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    shutil.copytree(SAMPLE_LANDING_DIR / "2017-07-05", tmp_path / "landing" / "2017-07-05")
    return tmp_path / "landing"


@pytest.fixture
def open_dir(tmp_path: Path) -> Path:
    """A folder every user can reach (pytest's own is root's alone)."""
    folder = tmp_path / "open"
    folder.mkdir()
    for part in [folder, *folder.parents]:
        if part == Path("/"):
            break
        part.chmod(part.stat().st_mode | 0o111)
    return folder


def _assert_one_line_before_parsing(
    completed: subprocess.CompletedProcess[str], warehouse: Path, says: str
) -> None:
    assert completed.returncode == 2, completed.stderr[-2000:]
    lines = completed.stderr.strip().splitlines()
    assert len(lines) <= 3 and "Traceback" not in completed.stderr, lines
    assert lines[-1].startswith("newsetl: ") and says in lines[-1], lines[-1]
    assert not (warehouse.parent / "lake").exists()


def test_a_warehouse_that_is_not_duckdb(tmp_path: Path, landing: Path) -> None:
    warehouse = tmp_path / "wh" / "news.duckdb"
    warehouse.parent.mkdir()
    warehouse.write_text("id,name\n1,a\n")

    query = _newsetl(["query", "top_actors", "--warehouse", str(warehouse)])
    _assert_one_line_before_parsing(query, warehouse, f"warehouse {warehouse} is not a DuckDB file")
    _assert_one_line_before_parsing(_run(warehouse, landing), warehouse, "is not a DuckDB file")
    assert warehouse.read_text() == "id,name\n1,a\n"


def test_a_truncated_warehouse(tmp_path: Path, landing: Path) -> None:
    warehouse = _warehouse(tmp_path / "wh" / "news.duckdb", padding_rows=20_000)
    os.truncate(warehouse, warehouse.stat().st_size - 100_000)

    query = _newsetl(["query", "top_actors", "--warehouse", str(warehouse)])
    _assert_one_line_before_parsing(query, warehouse, f"warehouse {warehouse} is truncated")
    _assert_one_line_before_parsing(_run(warehouse, landing), warehouse, "is truncated")


@pytest.mark.skipif(SETPRIV is None, reason="needs setpriv to drop root's permission override")
def test_a_read_only_warehouse_file(open_dir: Path, landing: Path) -> None:
    warehouse = _warehouse(open_dir / "wh" / "news.duckdb")
    warehouse.chmod(0o444)
    os.chown(warehouse, NOBODY, NOBODY)
    warehouse.parent.chmod(0o777)

    completed = _run(warehouse, landing, as_ordinary_user=True)

    _assert_one_line_before_parsing(completed, warehouse, f"warehouse {warehouse} is read-only")
    readable = _newsetl(["query", "top_actors", "--warehouse", str(warehouse)], as_ordinary_user=True)
    assert readable.returncode == 0 and "actor_id" in readable.stdout


@pytest.mark.skipif(SETPRIV is None, reason="needs setpriv to drop root's permission override")
def test_a_warehouse_in_a_read_only_folder(open_dir: Path, landing: Path) -> None:
    """DuckDB opens the file and fails only at the first commit (its .wal), after the parse."""
    warehouse = _warehouse(open_dir / "wh" / "news.duckdb")
    os.chown(warehouse, NOBODY, NOBODY)
    os.chown(warehouse.parent, NOBODY, NOBODY)
    warehouse.parent.chmod(0o555)

    completed = _run(warehouse, landing, as_ordinary_user=True)

    _assert_one_line_before_parsing(
        completed, warehouse, f"the warehouse's folder {warehouse.parent} cannot be written"
    )


@pytest.mark.skipif(SETPRIV is None, reason="needs setpriv to drop root's permission override")
def test_an_unreadable_warehouse(open_dir: Path, landing: Path) -> None:
    warehouse = _warehouse(open_dir / "wh" / "news.duckdb")
    warehouse.chmod(0o000)
    os.chown(warehouse, NOBODY, NOBODY)
    warehouse.parent.chmod(0o777)

    query = _newsetl(["query", "top_actors", "--warehouse", str(warehouse)], as_ordinary_user=True)
    _assert_one_line_before_parsing(
        query, warehouse, f"warehouse {warehouse} cannot be read: permission denied"
    )
    run = _run(warehouse, landing, as_ordinary_user=True)
    _assert_one_line_before_parsing(run, warehouse, "cannot be read: permission denied")


def test_a_warehouse_whose_migrations_the_code_does_not_know(tmp_path: Path, landing: Path) -> None:
    warehouse = _warehouse(tmp_path / "wh" / "news.duckdb")
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("INSERT INTO schema_version VALUES (99, 'from_a_branch', now(), NULL)")

    completed = _run(warehouse, landing)

    _assert_one_line_before_parsing(completed, warehouse, "records migration 099_from_a_branch")
