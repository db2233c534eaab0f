"""Clustering a warehouse of long bodies: memory follows the bodies' bytes, not a row count.

Real pages carry bodies of tens of thousands of characters; a DuckDB buffer pool sized for short
generated pages failed on them ("failed to allocate data of size 32.0 MiB").
"""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import numpy as np
import polars as pl
import pytest

from etl.dedupe.clusters import SLICE_BYTES
from etl.defs.resources import DuckDBWarehouse
from etl.defs.warehouse_assets import article_clusters
from etl.warehouse.clusters import body_slices
from etl.warehouse.database import read_connection, write_transaction

STORIES = 128
COPIES = 8
BODY_CHARS = 60_000


def _story_bodies(seed: int = 18) -> list[str]:
    """Each story's body of ~60,000 characters, then 8 near-copies of it (1 word in 40 changed)."""
    rng = np.random.default_rng(seed)
    vocabulary = np.array([f"w{index:05d}" for index in range(20_000)])
    words_per_body = BODY_CHARS // 7
    bodies = []
    for _story in range(STORIES):
        words = vocabulary[rng.integers(0, vocabulary.size, words_per_body)]
        bodies.append(" ".join(words))
        for _copy in range(COPIES):
            changed = words.copy()
            positions = rng.choice(words_per_body, words_per_body // 40, replace=False)
            changed[positions] = vocabulary[rng.integers(0, vocabulary.size, positions.size)]
            bodies.append(" ".join(changed))
    return bodies


@pytest.fixture(scope="module")
def long_body_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("long") / "news.duckdb"
    bodies = _story_bodies()
    articles = pl.DataFrame(
        {
            "article_id": [f"a{index:05d}" for index in range(len(bodies))],
            "batch_id": "long",
            "source_path": [f"long/{index}.html" for index in range(len(bodies))],
            "url": [f"https://site{index % 9}.example/news/{index}" for index in range(len(bodies))],
            "published_at_source": "none",
            "body": bodies,
            "body_chars": [len(body) for body in bodies],
            "parser_version": "test",
            "ingested_at": datetime(2026, 1, 1, tzinfo=UTC),
        }
    )
    with write_transaction(path) as connection:
        connection.register("long_articles", articles)
        connection.execute("INSERT INTO fact_article BY NAME SELECT * FROM long_articles")
    return path


def test_body_slices_are_bounded_by_bytes(long_body_warehouse: Path) -> None:
    with read_connection(long_body_warehouse) as connection:
        ids = connection.sql("SELECT article_id FROM fact_article ORDER BY article_id").pl()
        row_of_article = ids.with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
        slices = list(body_slices(connection, row_of_article))
    assert sum(part.height for part in slices) == STORIES * (1 + COPIES)
    assert len(slices) > 1
    assert all(part["body"].str.len_bytes().sum() <= SLICE_BYTES for part in slices)


def test_clustering_long_bodies_fits_its_memory(long_body_warehouse: Path) -> None:
    result = dg.materialize(
        [article_clusters], resources={"warehouse": DuckDBWarehouse(path=str(long_body_warehouse))}
    )
    assert result.success
    with read_connection(long_body_warehouse) as connection:
        clusters = connection.sql(
            "SELECT cluster_key, count(*) AS size, count(*) FILTER (duplicate_kind = 'near') AS near "
            "FROM fact_article GROUP BY cluster_key"
        ).pl()
    # Every story with its 8 near-copies, and nothing merged across stories.
    assert clusters.height == STORIES
    assert clusters["size"].to_list() == [1 + COPIES] * STORIES
    assert clusters["near"].to_list() == [COPIES] * STORIES
