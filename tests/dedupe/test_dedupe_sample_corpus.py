"""The bundled sample corpus, through ingest and parse: only its syndicated story merges."""

import polars as pl
import pytest
import yaml

from etl.dedupe import cluster_articles
from etl.ingest.landing import list_landing_inputs, read_landing_inputs
from etl.parse.article_frame import parse_raw_html
from sample_corpus import EXPECTED_PATH, LANDING_DIR


@pytest.fixture(scope="module")
def clustered_pages() -> pl.DataFrame:
    articles, _ = parse_raw_html(read_landing_inputs(list_landing_inputs(LANDING_DIR), LANDING_DIR))
    expected = yaml.safe_load(EXPECTED_PATH.read_text(encoding="utf-8"))
    pages = (
        pl.DataFrame(expected["pages"])
        .filter(pl.col("outcome") == "loaded")
        .select(pl.col("path").alias("source_path"), "story_id", "syndicated_group", "site_name")
    )
    return (
        articles.select("article_id", "source_path")
        .join(cluster_articles(articles), on="article_id")
        .join(pages, on="source_path")
    )


def test_the_syndicated_story_counts_twice_raw_and_once_deduplicated(
    clustered_pages: pl.DataFrame,
) -> None:
    syndicated = clustered_pages.filter(pl.col("syndicated_group").is_not_null())
    assert syndicated.height == 2
    assert syndicated["cluster_key"].n_unique() == 1
    assert syndicated["cluster_size"].to_list() == [2, 2]
    representative = syndicated.filter("is_representative")
    assert representative["site_name"].to_list() == ["الشام اليوم"]
    assert syndicated.filter(~pl.col("is_representative"))["duplicate_kind"].to_list() == ["near"]


def test_other_write_ups_of_the_same_story_stay_apart(clustered_pages: pl.DataFrame) -> None:
    others = clustered_pages.filter(pl.col("syndicated_group").is_null())
    assert others.height > 50
    assert others["cluster_size"].max() == 1
    rewritten = others.filter(pl.len().over("story_id") > 1)
    assert rewritten["story_id"].n_unique() >= 5
