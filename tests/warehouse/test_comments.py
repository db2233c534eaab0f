"""The warehouse documents itself from one source (sql/README.md's column tables): every column
of every table has its own description, as a DuckDB comment in the published file and as the
column schema the Dagster UI shows. A new column without its row in sql/README.md fails here."""

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.runs import refresh_candidates, run_pipeline
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.comments import column_descriptions, describe_warehouse, table_descriptions
from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.load import refresh_marts
from etl.warehouse.tables import WAREHOUSE_TABLES

BATCH = "2017-07-05"
OWN_COLUMNS = (
    "SELECT c.table_name, c.column_name, c.comment FROM duckdb_columns() AS c"
    " INNER JOIN duckdb_tables() AS t USING (schema_name, table_name) WHERE c.schema_name = 'main'"
)


@pytest.fixture(scope="module")
def every_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with every migration applied and the marts built (no rows needed)."""
    warehouse = tmp_path_factory.mktemp("schema") / "news.duckdb"
    with write_transaction(warehouse) as connection:
        refresh_marts(connection)
    return warehouse


def _catalog(warehouse: Path) -> dict[str, dict[str, str | None]]:
    with read_connection(warehouse) as connection:
        rows = connection.execute(OWN_COLUMNS).fetchall()
    catalog: dict[str, dict[str, str | None]] = {}
    for table, column, comment in rows:
        catalog.setdefault(table, {})[column] = comment
    return catalog


def test_every_column_of_every_table_has_its_own_row_in_sql_readme(every_table: Path) -> None:
    catalog = _catalog(every_table)
    documented = column_descriptions()

    assert {table.name for table in WAREHOUSE_TABLES} <= set(catalog)
    for table, columns in catalog.items():
        missing = sorted(set(columns) - set(documented.get(table, {})))
        assert not missing, f"sql/README.md has no row for {table}: {missing}"
        stale = sorted(set(documented.get(table, {})) - set(columns))
        assert not stale, f"sql/README.md describes columns {table} does not have: {stale}"
        descriptions = [documented[table][column] for column in columns]
        shared = sorted({text for text in descriptions if descriptions.count(text) > 1})
        assert not shared, f"columns of {table} share a description: {shared}"
    assert set(catalog) <= set(table_descriptions())


def test_the_warehouse_carries_the_descriptions_as_comments(every_table: Path) -> None:
    with read_connection(every_table) as connection:
        (undescribed,) = connection.execute(
            f"SELECT count(*) FROM ({OWN_COLUMNS}) WHERE comment IS NULL"
        ).fetchone()
        tables = dict(connection.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall())
        (body,) = connection.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'fact_article' AND column_name = 'body'"
        ).fetchone()

    assert undescribed == 0
    assert tables["fact_article"] == table_descriptions()["fact_article"]
    assert None not in tables.values()
    assert body == column_descriptions()["fact_article"]["body"]


def test_describing_a_described_warehouse_changes_nothing(every_table: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(every_table, copy)
    with duckdb.connect(str(copy)) as connection:
        assert describe_warehouse(connection) == 0
        connection.execute("COMMENT ON COLUMN fact_mention.snippet IS 'stale text'")
        connection.execute(
            "CREATE OR REPLACE TABLE mentions_per_actor_per_week AS SELECT * FROM mentions_per_actor_per_week"
        )
        changed = describe_warehouse(connection)
    # The snippet's comment, and the rebuilt mart's table and seven columns.
    assert changed == 1 + 1 + 7


def test_a_run_publishes_a_described_warehouse_and_the_ui_shows_the_same_text(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_LANDING_DIR / BATCH, tmp_path / "landing" / BATCH)
    targets = RunTargets(tmp_path / "landing", tmp_path / "wh" / "news.duckdb")
    outcome = run_pipeline(targets, log_level="WARNING")
    assert outcome.success
    # The candidate tables are not the load's: their own job fills them.
    candidates = refresh_candidates(targets)
    assert candidates.success
    catalog = _catalog(targets.warehouse_path)
    schemas = {
        event.asset_key.path[-1]: event.step_materialization_data.materialization.metadata[
            "dagster/column_schema"
        ].value
        for result in [*outcome.runs.values(), candidates]
        for event in result.get_asset_materialization_events()
        if "dagster/column_schema" in event.step_materialization_data.materialization.metadata
    }

    assert all(comment is not None for columns in catalog.values() for comment in columns.values())
    assert set(schemas) >= {table.name for table in WAREHOUSE_TABLES}
    for table, schema in schemas.items():
        if table not in catalog:
            continue
        shown = {column.name: column.description for column in schema.columns}
        assert shown == catalog[table], table
        assert len(set(shown.values())) == len(shown), f"{table} shows one description twice"
    # The frames show their column lists too (raw_html with its page bytes).
    assert {"raw_html", "articles", "parse_rejects", "actor_mentions"} <= set(schemas)
    assert "content" in [column.name for column in schemas["raw_html"].columns]
    assert "body" in [column.name for column in schemas["articles"].columns]
    fact_article = {column.name: column.description for column in schemas["fact_article"].columns}
    assert fact_article["url"] != fact_article["canonical_url"]
    assert fact_article["body"] != fact_article["body_chars"]
