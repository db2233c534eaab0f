"""The warehouse documents itself: every table and column carries its description as a DuckDB
comment (`duckdb_columns().comment`, `duckdb_tables().comment`), so a shell, a notebook or a BI
tool shows what `sql/README.md` says.

One source: the column descriptions are the `| column | source |` tables of `sql/README.md`
(one row per column, under the table's `## name …` heading); a table's description is its
`sql/tables.yaml` entry's, else its README heading's. The Dagster UI's column schema reads the
same text (`etl/warehouse/catalog.py`)."""

from functools import cache

import duckdb

from etl.settings import SQL_DIR
from etl.warehouse.tables import WAREHOUSE_TABLES

COLUMNS_DOCUMENT = SQL_DIR / "README.md"
_COLUMN_TABLE_HEADER = "| column | source |"


@cache
def column_descriptions() -> dict[str, dict[str, str]]:
    """Each table's column descriptions, by table and column, from `sql/README.md`."""
    described: dict[str, dict[str, str]] = {}
    table, in_columns = "", False
    for line in COLUMNS_DOCUMENT.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table, in_columns = line.removeprefix("## ").split(" ", 1)[0], False
        elif line.startswith(_COLUMN_TABLE_HEADER):
            in_columns = True
        elif in_columns and line.startswith("| ") and not line.startswith("|---"):
            name, description = line.strip().strip("|").split(" | ", 1)
            described.setdefault(table, {})[name.strip()] = description.strip()
        elif in_columns and not line.startswith("|"):
            in_columns = False
    return described


@cache
def table_descriptions() -> dict[str, str]:
    """Each documented table's description: the registry's, else its README heading's."""
    headings = {}
    for line in COLUMNS_DOCUMENT.read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") and " — " in line:
            name, heading = line.removeprefix("## ").split(" — ", 1)
            headings[name.strip()] = heading.strip()
    return {**headings, **{table.name: table.description for table in WAREHOUSE_TABLES}}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def describe_warehouse(connection: duckdb.DuckDBPyConnection) -> int:
    """Set every table's and column's comment to its description where it differs (a mart
    rebuilt with CREATE OR REPLACE loses its comments); return how many changed. A column
    without a description keeps none: tests/warehouse/test_comments.py fails on it."""
    tables = table_descriptions()
    columns = column_descriptions()
    statements = []
    for name, comment in connection.execute(
        "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary"
    ).fetchall():
        if name in tables and tables[name] != comment:
            statements.append(f'COMMENT ON TABLE "{name}" IS {_literal(tables[name])}')
    for table, column, comment in connection.execute(
        "SELECT c.table_name, c.column_name, c.comment FROM duckdb_columns() AS c"
        " INNER JOIN duckdb_tables() AS t USING (schema_name, table_name)"
        " WHERE c.schema_name = 'main' AND NOT t.temporary"
    ).fetchall():
        description = columns.get(table, {}).get(column)
        if description is not None and description != comment:
            statements.append(f'COMMENT ON COLUMN "{table}"."{column}" IS {_literal(description)}')
    for statement in statements:
        connection.execute(statement)
    return len(statements)
