"""Syndication clusters over the whole warehouse, written back onto fact_article.

Bodies are streamed out of DuckDB in slices and read again only for candidate pairs, so the
step's memory stays flat as the warehouse grows (all bodies of 100,000 articles are ~400 MB).
Both are bounded in bytes, and DuckDB's buffer pool is sized from the stored bodies' lengths,
so long bodies fit as well as short ones.
"""

from collections.abc import Iterator

import duckdb
import numpy as np
import polars as pl

from etl.dedupe import cluster_streamed
from etl.dedupe.clusters import SLICE_BYTES, VERIFY_BYTES, byte_bounded_slices
from etl.warehouse.database import BODY_BYTES_PER_CHAR, body_vector_bytes, memory_for_bodies
from etl.warehouse.sql_files import read_sql

# Rows per Arrow batch of the body scan, regrouped into byte-bounded slices: small, so one
# batch of long bodies does not overshoot a slice by much.
_SCAN_BATCH_ROWS = 64


def clustering_memory_limit(connection: duckdb.DuckDBPyConnection) -> int:
    """A buffer pool that fits the clustering's reads, in bytes: a scan vector of the longest
    bodies, and one verification block of bodies with its sort. Sized from the data rather than
    fixed, and no larger: a bigger pool only caches body blocks the single pass never reads
    again."""
    return memory_for_bodies(body_vector_bytes(connection)) + 2 * VERIFY_BYTES


def articles_for_clustering(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every article's URLs, date, publisher and body length (no body), ordered by article_id."""
    return connection.sql(read_sql("meta/articles_for_clustering")).pl()


def body_slices(
    connection: duckdb.DuckDBPyConnection, row_of_article: pl.DataFrame
) -> Iterator[pl.DataFrame]:
    """(row, body) frames straight from the table, in storage order (no sort, no full copy),
    each holding at most SLICE_BYTES of body text."""
    row_of = dict(zip(row_of_article["article_id"].to_list(), row_of_article["row"].to_list(), strict=True))
    batches = connection.sql(read_sql("meta/article_bodies")).to_arrow_reader(_SCAN_BATCH_ROWS)
    frames = (pl.DataFrame(pl.from_arrow(batch)) for batch in batches)
    for part in byte_bounded_slices(frames, "body", SLICE_BYTES):
        rows = pl.Series(
            "row", [row_of.get(article_id) for article_id in part["article_id"].to_list()], pl.Int64
        )
        yield part.select(rows, "body").drop_nulls("row")


def bodies_by_row(
    connection: duckdb.DuckDBPyConnection, article_ids: pl.Series, rows: np.ndarray
) -> pl.Series:
    wanted = pl.DataFrame({"position": np.arange(rows.size), "article_id": article_ids.gather(rows)})
    connection.register("wanted_articles", wanted)
    try:
        return connection.sql(read_sql("meta/article_bodies_by_id")).pl()["body"]
    finally:
        connection.unregister("wanted_articles")


def write_clusters(connection: duckdb.DuckDBPyConnection, clusters: pl.DataFrame) -> None:
    connection.register("staged_clusters", clusters)
    connection.execute(read_sql("load/article_clusters"))
    connection.unregister("staged_clusters")


def warehouse_clusters(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Cluster every article in the warehouse, bodies streamed; nothing is written."""
    connection.execute(f"SET memory_limit = '{clustering_memory_limit(connection)}B'")
    articles = articles_for_clustering(connection)
    row_of_article = (
        articles.select("article_id").with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    )
    return cluster_streamed(
        articles.drop("body_chars"),
        body_slices(connection, row_of_article),
        lambda rows: bodies_by_row(connection, articles["article_id"], rows),
        articles["body_chars"].cast(pl.Int64).to_numpy() * BODY_BYTES_PER_CHAR,
    )


def recluster(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Cluster every article in the warehouse and store the result; return the clusters."""
    clusters = warehouse_clusters(connection)
    write_clusters(connection, clusters)
    return clusters
