"""`newsetl sql`: statements run read-only, print as `newsetl query` prints, and the shell holds
no lock between statements, so a writer in another process gets through while it sits open."""

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from etl.cli import main
from etl.sql_shell import run_shell, statements
from etl.warehouse.database import write_transaction
from etl.warehouse.load import load_batches
from tests.warehouse.builders import article, mention, staged


def _load(path: Path, batch_id: str, article_id: str) -> None:
    body = "بشار الأسد استقبل المبعوث."
    row = article(article_id, batch_id, date(2017, 7, 4), body)
    with write_transaction(path) as connection:
        load_batches(
            connection,
            staged([row], [mention(article_id, "bashar-al-assad", body, "بشار الأسد")]),
            datetime.now(UTC),
        )


@pytest.fixture
def warehouse(warehouse_path: Path) -> Path:
    _load(warehouse_path, "b1", "a1")
    return warehouse_path


def test_statements_span_lines_and_dot_commands_are_one_line() -> None:
    lines = [".tables\n", "SELECT 1\n", "  AS one;\n", "\n", "SELECT 2;\n", "SELECT 3"]
    assert list(statements(lines)) == [".tables", "SELECT 1\n  AS one;", "SELECT 2;", "SELECT 3"]


def test_a_statement_prints_as_a_table(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = "SELECT actor_id, surface FROM fact_mention;"
    assert main(["sql", "--warehouse", str(warehouse), "-c", sql]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "| actor_id        | surface    |",
        "|-----------------|------------|",
        "| bashar-al-assad | بشار الأسد |",
    ]


def test_the_shell_is_read_only(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "--warehouse", str(warehouse), "-c", "DELETE FROM fact_mention;"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("newsetl sql: ") and "read-only" in line


def test_an_open_shell_lets_another_process_write(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def session() -> Iterator[str]:
        yield "SELECT count(*) AS articles FROM fact_article;"
        # Between two statements, as while its user reads: another process loads a batch.
        writer = (
            "import sys; from pathlib import Path; from tests.cli.test_sql_shell import _load;"
            f" _load(Path({str(warehouse)!r}), 'b2', 'a2')"
        )
        subprocess.run(
            [sys.executable, "-c", writer],
            check=True,
            timeout=120,
            env={**os.environ, "NEWSETL_LOCK_WAIT_SECONDS": "0"},
        )
        yield "SELECT count(*) AS articles FROM fact_article;"

    assert run_shell(warehouse, session(), "csv", stop_on_error=True) == 0
    assert capsys.readouterr().out == "articles\n1\narticles\n2\n"


def test_piped_statements_stop_at_the_first_error(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [".queries\n", "SELECT nope;\n", "SELECT 1;\n"]
    assert run_shell(warehouse, lines, "csv", stop_on_error=True) == 2
    captured = capsys.readouterr()
    assert "articles_for_actor," in captured.out and "\n1\n" not in captured.out
    assert captured.err.startswith("newsetl sql: Binder Error")
    # At the prompt an error is one line and the shell goes on.
    assert run_shell(warehouse, lines, "csv", stop_on_error=False) == 0
    assert capsys.readouterr().out.endswith("1\n1\n")
