from pathlib import Path

import duckdb
import polars as pl
import pytest

from etl.dedupe import INPUT_COLUMNS, cluster_articles, cluster_streamed
from etl.warehouse.clusters import warehouse_clusters
from evaluation.dedupe_metrics import pair_scores
from evaluation.dedupe_set import EvaluationSet, generate_evaluation_set

EDITS_THE_SET_MUST_EXERCISE = (
    "lead removed",
    "lead changed",
    "trimmed",
    "paragraph added",
    "words changed",
    "paragraphs joined",
    "orthography",
    "attributed",
    "related list",
    "identical body",
    "re-crawl",
    "excerpt",
    "digest",
    "brief repost",
    "canonical to original",
    "canonical to home page",
)


@pytest.fixture(scope="module")
def evaluation() -> EvaluationSet:
    return generate_evaluation_set(2_000)


def test_the_generated_set_has_rival_stories_and_every_kind_of_edit(
    evaluation: EvaluationSet,
) -> None:
    truth = evaluation.truth
    assert evaluation.articles.height >= 2_000
    stories_per_event = (
        truth.filter(pl.col("story_id").str.starts_with("s"))
        .group_by("event_id")
        .agg(pl.col("story_id").n_unique())
    )
    assert stories_per_event.filter(pl.col("story_id") >= 2).height >= 50
    copies = " | ".join(truth["copy"].unique().to_list())
    missing = [edit for edit in EDITS_THE_SET_MUST_EXERCISE if edit not in copies]
    assert missing == []
    languages = evaluation.articles["body"].str.contains("[\u0600-\u06ff]").value_counts()
    assert languages.height == 2 and languages["count"].min() > 500


def test_clusters_meet_the_pair_bars_and_never_merge_rival_stories(
    evaluation: EvaluationSet,
) -> None:
    scores = pair_scores(cluster_articles(evaluation.articles), evaluation.truth)
    assert scores.true_pairs > 1_000
    assert scores.precision >= 0.98
    assert scores.recall >= 0.95
    assert scores.same_event_merged_pairs == 0


def test_generation_is_deterministic_per_seed() -> None:
    first = generate_evaluation_set(300, seed=11)
    again = generate_evaluation_set(300, seed=11)
    other = generate_evaluation_set(300, seed=12)
    assert first.articles.equals(again.articles) and first.truth.equals(again.truth)
    assert not first.articles["body"].equals(other.articles["body"])


def test_pair_scores_count_pairs_within_clusters_and_stories() -> None:
    clusters = pl.DataFrame(
        {"article_id": ["a", "b", "c", "d", "e"], "cluster_key": ["a", "a", "c", "c", "c"]}
    )
    truth = pl.DataFrame(
        {
            "article_id": ["a", "b", "c", "d", "e"],
            "story_id": ["s1", "s1", "s1", "s2", "s3"],
            "event_id": ["e1", "e1", "e1", "e1", "e2"],
        }
    )
    scores = pair_scores(clusters, truth)
    assert (scores.predicted_pairs, scores.true_pairs, scores.correct_pairs) == (4, 3, 1)
    assert scores.precision == pytest.approx(0.25)
    assert scores.recall == pytest.approx(1 / 3)
    assert scores.same_event_merged_pairs == 1


def test_streamed_bodies_in_any_order_give_the_same_clusters(evaluation: EvaluationSet) -> None:
    """Bodies arriving in small shuffled slices (as DuckDB streams them) change nothing."""
    articles = evaluation.articles
    numbered = articles.select("body").with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    shuffled = numbered.sample(fraction=1.0, shuffle=True, seed=3)
    streamed = cluster_streamed(
        articles.drop("body"),
        shuffled.iter_slices(97),
        lambda rows: articles["body"].gather(rows),
        articles["body"].str.len_bytes().to_numpy(),
    )
    assert streamed.equals(cluster_articles(articles))


def test_warehouse_clustering_streams_bodies_from_a_duckdb_file(
    evaluation: EvaluationSet, tmp_path: Path
) -> None:
    articles = evaluation.articles.select(INPUT_COLUMNS).with_columns(
        body_chars=pl.col("body").str.len_chars()
    )
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as connection:
        connection.register("evaluation_articles", articles)
        connection.execute("CREATE TABLE fact_article AS SELECT * FROM evaluation_articles")
        connection.unregister("evaluation_articles")
        from_warehouse = warehouse_clusters(connection)
    expected = cluster_articles(articles.sort("article_id"))
    assert from_warehouse.equals(expected)
