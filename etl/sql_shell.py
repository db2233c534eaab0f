"""`newsetl sql`: a read-only SQL shell on the warehouse, installed with the project.

Each statement opens the warehouse read-only, runs and closes it again, so a shell left open
never holds the file while its user reads or types: the pipeline's writer meets it only for the
span of one query. Settings and temporary tables therefore last one statement. Results print
with the same table renderer as `newsetl query`, or as CSV or JSON lines. The command itself is
`etl/analyst_cli.py`.
"""

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb
import polars as pl

from etl.cli import print_frame
from etl.warehouse.database import read_connection
from etl.warehouse.queries import named_queries

PROMPT = "newsetl> "
CONTINUATION = "    ...> "
HELP = """\
SQL statements end with ';' and may span lines. The warehouse is opened read-only for each one.
  .tables      the warehouse's tables and views with their row counts and descriptions
  .queries     the named queries (newsetl query NAME runs one)
  .help        this text
  .quit        leave (or Ctrl-D)"""
QUIT_COMMANDS = (".quit", ".exit")
TABLES_SQL = """
SELECT table_name AS name, 'table' AS kind, estimated_size AS rows, comment
FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
UNION ALL
SELECT view_name, 'view', NULL, comment
FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
ORDER BY kind, name
"""


class SqlShellError(ValueError):
    """A statement the warehouse refused; the message is DuckDB's, on one line."""


def statements(lines: Iterable[str]) -> Iterator[str]:
    """The SQL statements and dot commands in `lines`: a dot command is one line, a statement
    runs to the line that ends with ';' (or to the end of the input)."""
    pending: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not pending and stripped.startswith("."):
            yield stripped
            continue
        if stripped:
            pending.append(line.rstrip("\n"))
        if stripped.endswith(";"):
            yield "\n".join(pending)
            pending = []
    if pending:
        yield "\n".join(pending)


def run_statement(warehouse: Path, sql: str) -> pl.DataFrame | None:
    """The statement's rows (None when it returns none), on a read-only connection of its own."""
    with read_connection(warehouse) as connection:
        try:
            relation = connection.sql(sql)
            return relation.pl() if relation is not None else None
        except duckdb.Error as error:
            raise SqlShellError(str(error).splitlines()[0]) from error


def _dot_command(warehouse: Path, command: str) -> pl.DataFrame | str | None:
    """What a dot command (other than .quit) prints."""
    name = command.split()[0].lower()
    if name == ".tables":
        return run_statement(warehouse, TABLES_SQL)
    if name == ".queries":
        rows = [(query.name, query.description) for query in named_queries().values()]
        return pl.DataFrame(rows, schema=["name", "description"], orient="row")
    if name == ".help":
        return HELP
    raise SqlShellError(f"unknown command {name}; .help lists them")


def _print_result(result: pl.DataFrame | str, output_format: str) -> None:
    if isinstance(result, str):
        print(result)
    else:
        print_frame(result, output_format)


def run_shell(warehouse: Path, lines: Iterable[str], output_format: str, stop_on_error: bool) -> int:
    """Run every statement of `lines`; 0, or 2 at the first error when `stop_on_error` (else
    each error is one line on stderr and the shell goes on)."""
    for statement in statements(lines):
        if statement.split()[0].lower() in QUIT_COMMANDS:
            return 0
        try:
            if statement.startswith("."):
                result = _dot_command(warehouse, statement)
            else:
                result = run_statement(warehouse, statement)
        except SqlShellError as problem:
            print(f"newsetl sql: {problem}", file=sys.stderr)
            if stop_on_error:
                return 2
            continue
        if result is not None:
            _print_result(result, output_format)
    return 0


def _typed_lines(read_line: Callable[[str], str]) -> Iterator[str]:
    """Lines typed at the prompt, the continuation prompt inside a statement, until Ctrl-D."""
    inside_statement = False
    while True:
        try:
            line = read_line(CONTINUATION if inside_statement else PROMPT)
        except EOFError:
            print(file=sys.stderr)
            return
        yield line
        stripped = line.strip()
        if stripped.endswith(";"):
            inside_statement = False
        elif stripped and not (stripped.startswith(".") and not inside_statement):
            inside_statement = True


def interactive_shell(warehouse: Path, output_format: str) -> int:
    """The prompt: line editing and history where the platform has readline; errors do not end it."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401
    print(f"newsetl sql on {warehouse} (read-only); .help for commands, Ctrl-D to leave", file=sys.stderr)
    return run_shell(warehouse, _typed_lines(input), output_format, stop_on_error=False)
