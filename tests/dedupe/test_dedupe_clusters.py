from pathlib import Path

import polars as pl
import pytest

from etl.dedupe import OUTPUT_SCHEMA, cluster_articles
from tests.dedupe.dedupe_stories import AFP, AFP_STORY, REUTERS, REUTERS_STORY, at, make_articles

SEED_ARTICLE = Path("/work/shared/seed/000_c5dbd98b06193d0a.txt")


def by_id(clusters: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {row["article_id"]: row for row in clusters.iter_rows(named=True)}


def test_edited_copies_cluster_and_a_rival_story_on_the_same_event_does_not() -> None:
    retitled_and_trimmed = "\n".join(
        [
            "Astana talks open without opposition chief",
            *REUTERS[:-1],
            "Related articles",
            "Erdogan meets Putin in Sochi",
            "Aid convoy reaches Douma",
        ]
    )
    changed_lead_and_extended = "\n".join(
        [
            "(Reuters) - " + REUTERS[0],
            *REUTERS[1:],
            "The war has displaced more than half of Syria's pre-war population of 22 million.",
            "Source: Reuters",
        ]
    )
    clusters = cluster_articles(
        make_articles(
            {
                "article_id": "reuters",
                "body": REUTERS_STORY,
                "published_at": at(9),
                "site_name": "Reuters",
                "domain": "reuters.com",
            },
            {
                "article_id": "aggregator-1",
                "body": retitled_and_trimmed,
                "published_at": at(11),
                "domain": "worldnewsdaily.net",
            },
            {
                "article_id": "aggregator-2",
                "body": changed_lead_and_extended,
                "published_at": at(10),
                "original_publisher": "Reuters",
                "domain": "levantwire.com",
            },
            {
                "article_id": "afp",
                "body": AFP_STORY,
                "published_at": at(9, 30),
                "site_name": "AFP",
                "domain": "afp.com",
            },
        )
    )
    rows = by_id(clusters)
    assert {rows[a]["cluster_key"] for a in ("reuters", "aggregator-1", "aggregator-2")} == {"reuters"}
    assert rows["reuters"]["duplicate_kind"] == "unique" and rows["reuters"]["is_representative"]
    assert rows["aggregator-1"]["duplicate_kind"] == "near"
    assert rows["aggregator-2"]["duplicate_kind"] == "near"
    assert rows["reuters"]["cluster_size"] == 3
    assert rows["afp"]["cluster_key"] == "afp" and rows["afp"]["cluster_size"] == 1


def test_one_page_under_tracking_and_amp_addresses_is_an_exact_url_duplicate() -> None:
    updated = REUTERS_STORY + "\nThis story was updated to add the Russian delegation's comments."
    clusters = cluster_articles(
        make_articles(
            {
                "article_id": "page",
                "url": "https://www.reuters.com/article/astana-idUS1",
                "canonical_url": "https://www.reuters.com/article/astana-idUS1",
                "body": REUTERS_STORY,
                "published_at": at(9),
            },
            {
                "article_id": "amp",
                "url": "https://amp.reuters.com/article/astana-idUS1/amp/",
                "body": updated,
                "published_at": at(12),
            },
            {
                "article_id": "shared",
                "url": "https://mobile.example.org/x",
                "canonical_url": "http://reuters.com/article/astana-idUS1/?utm_source=twitter",
                "body": "",
                "published_at": at(13),
            },
        )
    )
    rows = by_id(clusters)
    assert {row["cluster_key"] for row in rows.values()} == {"page"}
    assert rows["amp"]["duplicate_kind"] == "exact_url"
    assert rows["shared"]["duplicate_kind"] == "exact_url"


def test_copies_differing_only_in_folded_variation_are_exact_body_duplicates() -> None:
    original = "انطلقت أعمال الجولة الخامسة من اجتماعات أستانا، اليوم الثلاثاء، في العاصمة الكازاخستانية."
    decorated = "انطَلَقَتْ أعمالُ الجولـة الخامسة من اجتماعات «استانا» اليوم الثلاثاء في العاصمة الكازاخستانيه"
    clusters = cluster_articles(
        make_articles(
            {"article_id": "a", "body": original, "published_at": at(8), "url": "https://a.com/1"},
            {"article_id": "b", "body": decorated, "published_at": at(9), "url": "https://b.com/2"},
        )
    )
    rows = by_id(clusters)
    assert rows["b"]["cluster_key"] == "a"
    assert rows["b"]["duplicate_kind"] == "exact_body"


def test_short_bodies_merge_only_when_identical() -> None:
    brief = "Russian delegation head Alexander Lavrentiev said the zones would last six months."
    clusters = cluster_articles(
        make_articles(
            {"article_id": "brief", "body": brief},
            {"article_id": "same brief", "body": brief.upper()},
            {"article_id": "one word changed", "body": brief.replace("six", "three")},
        )
    )
    rows = by_id(clusters)
    assert rows["same brief"]["cluster_key"] == "brief"
    assert rows["one word changed"]["cluster_key"] == "one word changed"


def test_empty_bodies_and_home_page_canonicals_link_nothing() -> None:
    clusters = cluster_articles(
        make_articles(
            {"article_id": "empty-1", "body": ""},
            {"article_id": "empty-2", "body": None},
            {"article_id": "story-1", "body": REUTERS_STORY, "canonical_url": "https://aggregator.example/"},
            {"article_id": "story-2", "body": AFP_STORY, "canonical_url": "https://www.aggregator.example"},
        )
    )
    assert clusters["cluster_size"].to_list() == [1, 1, 1, 1]


def test_a_digest_quoting_two_stories_merges_neither() -> None:
    digest = "\n".join(["Morning briefing", REUTERS[0], AFP[0], AFP[-1], REUTERS[-1]])
    clusters = cluster_articles(
        make_articles(
            {"article_id": "reuters", "body": REUTERS_STORY},
            {"article_id": "afp", "body": AFP_STORY},
            {"article_id": "digest", "body": digest},
        )
    )
    assert clusters["cluster_key"].to_list() == ["reuters", "afp", "digest"]


def test_the_named_original_publisher_represents_its_cluster_even_when_copied_earlier() -> None:
    clusters = cluster_articles(
        make_articles(
            {
                "article_id": "early-copy",
                "body": REUTERS_STORY + "\nSource: Baladi News",
                "published_at": at(7),
                "original_publisher": "Baladi News",
                "domain": "its-over-9000.com",
            },
            {
                "article_id": "original",
                "body": REUTERS_STORY,
                "published_at": at(8),
                "domain": "www.baladi-news.com",
            },
            {"article_id": "undated", "body": REUTERS_STORY + "\nShare this article"},
        )
    )
    rows = by_id(clusters)
    assert rows["original"]["is_representative"]
    assert {row["cluster_key"] for row in rows.values()} == {"original"}
    assert clusters["is_representative"].sum() == 1


def test_without_attribution_the_earliest_dated_copy_represents() -> None:
    clusters = cluster_articles(
        make_articles(
            {"article_id": "undated", "body": REUTERS_STORY},
            {"article_id": "later", "body": REUTERS_STORY + "\nShare this", "published_at": at(12)},
            {"article_id": "earlier", "body": REUTERS_STORY + "\nFollow us", "published_at": at(6)},
        )
    )
    assert set(clusters["cluster_key"]) == {"earlier"}


def test_keys_do_not_depend_on_input_order() -> None:
    articles = make_articles(
        {"article_id": "r1", "body": REUTERS_STORY, "published_at": at(9)},
        {"article_id": "r2", "body": REUTERS_STORY + "\nRelated", "published_at": at(10)},
        {"article_id": "a1", "body": AFP_STORY, "published_at": at(9)},
        {"article_id": "a2", "body": AFP_STORY.replace("Tuesday", "Tuesday morning"), "published_at": at(8)},
        {"article_id": "solo", "body": "A short unrelated note.", "published_at": at(8)},
    )
    forward = cluster_articles(articles)
    backward = cluster_articles(articles.reverse())
    assert forward.columns == list(OUTPUT_SCHEMA)
    assert forward.schema == pl.Schema(OUTPUT_SCHEMA)
    assert forward["article_id"].to_list() == articles["article_id"].to_list()
    assert dict(forward.select("article_id", "cluster_key").iter_rows()) == dict(
        backward.select("article_id", "cluster_key").iter_rows()
    )
    assert dict(forward.select("article_id", "cluster_key").iter_rows()) == {
        "r1": "r1",
        "r2": "r1",
        "a1": "a2",
        "a2": "a2",
        "solo": "solo",
    }


@pytest.mark.skipif(not SEED_ARTICLE.exists(), reason="needs /work/shared/seed (evaluation data)")
def test_the_seed_story_counts_once_deduplicated_and_twice_raw() -> None:
    """The seed page is Baladi News's story republished by an aggregator ("It's Over 9000!")."""
    seed_lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    aggregator_body = "\n".join(seed_lines[2:])
    story_start = seed_lines.index("بلدي نيوز - (متابعات)")
    story_end = seed_lines.index("مقالات ذات صلة")
    baladi_body = "\n".join(
        [*seed_lines[story_start:story_end], "تابعونا على تلغرام", "جميع الحقوق محفوظة لبلدي نيوز"]
    )
    clusters = cluster_articles(
        make_articles(
            {
                "article_id": "baladi",
                "body": baladi_body,
                "published_at": at(10),
                "site_name": "بلدي نيوز",
                "domain": "baladi-news.com",
                "url": "https://www.baladi-news.com/ar/articles/21373",
            },
            {
                "article_id": "aggregator",
                "body": aggregator_body,
                "published_at": at(10, 40),
                "site_name": "It's Over 9000!",
                "original_publisher": "بلدي نيوز",
                "url": "https://its-over-9000.com/?p=123456",
            },
        )
    )
    assert clusters["article_id"].len() == 2
    assert clusters["cluster_key"].n_unique() == 1
    assert by_id(clusters)["baladi"]["is_representative"]
    assert by_id(clusters)["aggregator"]["duplicate_kind"] == "near"
