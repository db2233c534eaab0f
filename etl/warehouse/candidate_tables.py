"""The actor-candidate tables: read the stored texts and mentions, write the candidates.

Bodies stream from DuckDB one scan vector at a time, and only their name spans are kept, so
memory follows the number of names, not the size of the warehouse.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import polars as pl

from etl.actors.candidates import ARTICLE_INPUT_SCHEMA, CandidateTables, RoleCue, build_candidates
from etl.actors.name_spans import NAME_SPAN_SCHEMA, corpus_names, name_spans
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
    connection: duckdb.DuckDBPyConnection,
    claimed: pl.DataFrame,
    role_phrases: frozenset[str],
    rows_per_read: int = DUCKDB_VECTOR_ROWS,
) -> pl.DataFrame:
    """Name spans of every stored title and body, claimed ones marked.

    When the texts take more than one read, the Arabic ones are read again with the names of
    the whole corpus (an English full name read in one part finds its Arabic writing in
    another; a cued Arabic name, its uncued writings)."""
    fit_memory_limit(connection)
    parts = [pl.DataFrame(schema=NAME_SPAN_SCHEMA)]
    for texts, claims in _text_reads(connection, claimed, rows_per_read):
        parts.append(name_spans(texts, claims, role_phrases=role_phrases))
    spans = pl.concat(parts)
    if len(parts) <= 2:
        return spans
    names = corpus_names(spans.to_dicts())
    arabic = [
        name_spans(texts, claims, role_phrases=role_phrases, names=names, languages=("ar",))
        for texts, claims in _text_reads(connection, claimed, rows_per_read)
    ]
    return pl.concat([spans.filter(pl.col("language") != "ar"), *arabic])


def _text_reads(
    connection: duckdb.DuckDBPyConnection, claimed: pl.DataFrame, rows_per_read: int
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """The stored texts one read at a time, with their claimed spans."""
    for batch in connection.sql(read_sql("meta/candidate_texts")).to_arrow_reader(rows_per_read):
        texts = pl.from_arrow(batch)
        yield texts, claimed.join(texts.select("article_id"), on="article_id", how="semi")


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
