"""Syndication clusters over the whole warehouse, written back onto fact_article."""

import duckdb
import polars as pl

from etl.dedupe import cluster_articles
from etl.warehouse.sql_files import read_sql


def articles_for_clustering(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return connection.sql(read_sql("meta/articles_for_clustering")).pl()


def write_clusters(connection: duckdb.DuckDBPyConnection, clusters: pl.DataFrame) -> None:
    connection.register("staged_clusters", clusters)
    connection.execute(read_sql("load/article_clusters"))
    connection.unregister("staged_clusters")


def recluster(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Cluster every article in the warehouse and store the result; return the clusters."""
    clusters = cluster_articles(articles_for_clustering(connection))
    write_clusters(connection, clusters)
    return clusters
