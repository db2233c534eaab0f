"""The recount benchmark's inputs: stored articles cycling a text pool, and the one-alias change."""

import datetime as dt
from pathlib import Path

import polars as pl

from bench.recount import (
    CHANGED_ACTOR,
    NEW_ALIAS_SENTENCE,
    changed_dictionary_path,
    stored_articles,
    text_pool,
)
from etl.actors import DEFAULT_ROLES_PATH, find_mentions, load_dictionary


def test_stored_articles_have_own_ids_and_dates_and_take_pool_texts_in_turn() -> None:
    pool = text_pool(6)
    articles = stored_articles(pool, 4, 16)
    assert articles["article_id"].to_list()[:2] == ["a00000004", "a00000005"]
    assert articles["article_id"].n_unique() == 12
    assert articles["body"].to_list()[:6] == pool["body"].to_list()[4:] + pool["body"].to_list()[:4]
    assert set(articles["language"]) == {"ar", "en"}
    assert articles["published_at"].dt.date().to_list()[0] == dt.date(2017, 1, 6)
    assert (
        articles["batch_id"].str.to_date() - articles["published_at"].dt.date() == dt.timedelta(days=1)
    ).all()
    assert NEW_ALIAS_SENTENCE in pool["body"][0]


def test_renamed_alias_counts_only_under_the_changed_dictionary(tmp_path: Path) -> None:
    articles = pl.DataFrame(
        {
            "article_id": ["new", "old"],
            "title": ["Talks resume", "Talks resume"],
            "body": [NEW_ALIAS_SENTENCE, "Syrian authorities did not respond."],
        }
    )
    shipped = find_mentions(articles, load_dictionary())
    changed = find_mentions(articles, load_dictionary(changed_dictionary_path(tmp_path), DEFAULT_ROLES_PATH))
    assert shipped.select("article_id", "actor_id").rows() == [("old", CHANGED_ACTOR)]
    assert changed.select("article_id", "actor_id", "surface").rows() == [
        ("new", CHANGED_ACTOR, "Damascus authorities")
    ]
