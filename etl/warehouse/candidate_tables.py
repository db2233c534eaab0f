"""The actor-candidate tables: read the stored texts and mentions, write the candidates.

Bodies stream from DuckDB one scan vector at a time, and only their name spans are kept, so
memory follows the number of names, not the size of the warehouse.
"""

from __future__ import annotations

import duckdb
import polars as pl

from etl.actors.candidates import ARTICLE_INPUT_SCHEMA, CandidateTables, RoleCue, build_candidates
from etl.actors.name_spans import NAME_SPAN_SCHEMA, name_spans
from etl.warehouse.database import DUCKDB_VECTOR_ROWS, fit_memory_limit
from etl.warehouse.sql_files import read_sql
from etl.warehouse.tables import TableRole, tables_of_role

CLAIMED_SCHEMA = {
    "article_id": pl.Utf8,
    "actor_id": pl.Utf8,
    "field": pl.Utf8,
    "start": pl.Int32,
    "end": pl.Int32,
}


def stored_name_spans(
    connection: duckdb.DuckDBPyConnection, claimed: pl.DataFrame, role_phrases: frozenset[str]
) -> pl.DataFrame:
    """Name spans of every stored title and body, claimed ones marked."""
    fit_memory_limit(connection)
    reader = connection.sql(read_sql("meta/candidate_texts")).to_arrow_reader(DUCKDB_VECTOR_ROWS)
    parts = [pl.DataFrame(schema=NAME_SPAN_SCHEMA)]
    for batch in reader:
        texts = pl.from_arrow(batch)
        claims = claimed.join(texts.select("article_id"), on="article_id", how="semi")
        parts.append(name_spans(texts, claims, role_phrases=role_phrases))
    return pl.concat(parts)


def warehouse_candidates(
    connection: duckdb.DuckDBPyConnection, roles: dict[str, RoleCue], rejected: frozenset[str]
) -> CandidateTables:
    claimed = connection.sql(read_sql("meta/candidate_mentions")).pl()
    claimed = claimed.cast(CLAIMED_SCHEMA) if claimed.height else pl.DataFrame(schema=CLAIMED_SCHEMA)
    articles = connection.sql(read_sql("meta/candidate_articles")).pl()
    articles = (
        articles.cast(ARTICLE_INPUT_SCHEMA) if articles.height else pl.DataFrame(schema=ARTICLE_INPUT_SCHEMA)
    )
    spans = stored_name_spans(connection, claimed, frozenset(roles))
    return build_candidates(spans, articles, claimed, roles, rejected)


def write_candidates(connection: duckdb.DuckDBPyConnection, tables: CandidateTables) -> dict[str, int]:
    """Replace every discovery table's rows (in the caller's transaction); rows per table."""
    frames = {
        "actor_candidates": tables.candidates,
        "actor_candidate_surfaces": tables.surfaces,
        "actor_candidate_evidence": tables.evidence,
        "actor_candidate_weeks": tables.weeks,
        "candidate_places": tables.places,
        "dictionary_staleness_weekly": tables.staleness,
    }
    for table in tables_of_role(TableRole.DISCOVERY):
        connection.register(f"staged_{table.name}", frames[table.name])
        connection.execute(read_sql(table.load_sql))
        connection.unregister(f"staged_{table.name}")
    return {name: frame.height for name, frame in frames.items()}
