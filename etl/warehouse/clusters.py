"""Syndication clusters over the whole warehouse, written back onto fact_article.

Bodies are streamed out of DuckDB in slices and read again only for candidate pairs, so the
step's memory stays flat as the warehouse grows (all bodies of 100,000 articles are ~400 MB).
"""

from collections.abc import Iterator

import duckdb
import numpy as np
import polars as pl

from etl.dedupe import cluster_streamed
from etl.dedupe.clusters import BODIES_PER_SLICE
from etl.warehouse.sql_files import read_sql


def articles_for_clustering(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every article's URLs, date and publisher (no body), ordered by article_id."""
    return connection.sql(read_sql("meta/articles_for_clustering")).pl()


def body_slices(
    connection: duckdb.DuckDBPyConnection, row_of_article: pl.DataFrame
) -> Iterator[pl.DataFrame]:
    """(row, body) frames straight from the table, in storage order: no sort, no full copy."""
    for batch in connection.sql(read_sql("meta/article_bodies")).to_arrow_reader(BODIES_PER_SLICE):
        part = pl.from_arrow(batch)
        assert isinstance(part, pl.DataFrame)
        yield part.join(row_of_article, on="article_id", how="inner").select("row", "body")


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
    articles = articles_for_clustering(connection)
    row_of_article = (
        articles.select("article_id").with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    )
    return cluster_streamed(
        articles,
        body_slices(connection, row_of_article),
        lambda rows: bodies_by_row(connection, articles["article_id"], rows),
    )


def recluster(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Cluster every article in the warehouse and store the result; return the clusters."""
    clusters = warehouse_clusters(connection)
    write_clusters(connection, clusters)
    return clusters
