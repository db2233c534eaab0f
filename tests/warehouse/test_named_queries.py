"""Every analyst query on small warehouses whose expected rows were counted by hand."""

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.load import load_batches, refresh_marts
from etl.warehouse.queries import run_named_query
from tests.warehouse.builders import article, mention, staged

# Week of Mon 2017-07-03: story s1 on alpha, copied by beta (s2, same text, attributed to "Alpha
# News") and gamma (s3, shortened); u1 on beta; e1, the one English article, on alpha.
# Week of Mon 2017-07-10: u2 on alpha; u3 on gamma (Sunday the 16th, attributed to Reuters), which
# also names Russia in its title. Every article outside cluster s1 is its own cluster.
STORY = "Russia and Iran met. Russia spoke."
ARTICLES = (
    # article_id, day, domain, language, original_publisher, cluster_key, representative, body
    ("s1", date(2017, 7, 4), "alpha.example", "ar", None, "s1", True, STORY),
    ("s2", date(2017, 7, 5), "beta.example", "ar", "Alpha News", "s1", False, STORY),
    ("s3", date(2017, 7, 5), "gamma.example", "ar", None, "s1", False, "Russia and Iran met."),
    ("u1", date(2017, 7, 6), "beta.example", "ar", None, "u1", True, "Assad spoke."),
    ("e1", date(2017, 7, 6), "alpha.example", "en", None, "e1", True, "Iran spoke."),
    ("u2", date(2017, 7, 11), "alpha.example", "ar", None, "u2", True, "Iran and Assad."),
    ("u3", date(2017, 7, 16), "gamma.example", "ar", "Reuters", "u3", True, "Russia, Iran and Assad."),
)
U3_TITLE = "Russia in the news"
SURFACES = {"Russia": "russia", "Iran": "iran", "Assad": "bashar-al-assad"}

W1, W2 = date(2017, 7, 3), date(2017, 7, 10)


def _sentence(text: str, start: int) -> str:
    begin = text.rfind(". ", 0, start)
    end = text.find(".", start)
    return text[0 if begin < 0 else begin + 2 : len(text) if end < 0 else end + 1]


def _body_mentions(article_id: str, body: str) -> list[dict]:
    found = []
    for surface, actor_id in SURFACES.items():
        for occurrence in range(body.count(surface)):
            row = mention(article_id, actor_id, body, surface, occurrence)
            found.append({**row, "snippet": _sentence(body, row["start"])})
    return found


def _load(path: Path, articles: list[dict], mentions: list[dict], clusters: dict | None = None) -> Path:
    load = staged(articles, mentions)
    if clusters:
        load = dataclasses.replace(
            load,
            articles=load.articles.with_columns(
                cluster_key=pl.col("article_id").replace(clusters["cluster_key"]),
                is_cluster_representative=pl.col("article_id").replace_strict(
                    clusters["representative"], return_dtype=pl.Boolean
                ),
                duplicate_kind=pl.when(pl.col("article_id").replace_strict(clusters["representative"]))
                .then(pl.lit("unique"))
                .otherwise(pl.lit("near")),
            ),
        )
    with write_transaction(path) as connection:
        load_batches(connection, load, datetime(2026, 1, 1, tzinfo=UTC))
        refresh_marts(connection)
    return path


@pytest.fixture
def syndicated_warehouse(warehouse_path: Path) -> Path:
    articles, mentions = [], []
    for article_id, day, domain, language, publisher, _, _, body in ARTICLES:
        row = article(article_id, "b1", day, body, domain=domain)
        row.update(language=language, original_publisher=publisher)
        articles.append(row)
        mentions.extend(_body_mentions(article_id, body))
    articles[-1]["title"] = U3_TITLE
    mentions.append({**mention("u3", "russia", U3_TITLE, "Russia"), "field": "title", "snippet": U3_TITLE})
    clusters = {
        "cluster_key": {row[0]: row[5] for row in ARTICLES},
        "representative": {row[0]: row[6] for row in ARTICLES},
    }
    return _load(warehouse_path, articles, mentions, clusters)


def _rows(path: Path, name: str, params: dict | None = None) -> list[tuple]:
    with read_connection(path) as connection:
        return run_named_query(connection, name, params).rows()


# mentions_per_actor_per_week: (week_start, actor_id, actor_name, mentions, articles,
# mentions_dedup, articles_dedup).
ALL_WEEKS = [
    (W1, "russia", "Russia", 5, 3, 2, 1),
    (W1, "iran", "Iran", 4, 4, 2, 2),
    (W1, "bashar-al-assad", "Bashar al-Assad", 1, 1, 1, 1),
    (W2, "bashar-al-assad", "Bashar al-Assad", 2, 2, 2, 2),
    (W2, "iran", "Iran", 2, 2, 2, 2),
    (W2, "russia", "Russia", 2, 1, 2, 1),
]
# Wednesday to Tuesday: s1 (the representative, on the 4th) and u3 (the 16th) fall outside, so the
# copies s2 and s3 keep their cluster's article but none of its representative's mentions.
WEDNESDAY_TO_TUESDAY = [
    (W1, "iran", "Iran", 3, 3, 1, 2),
    (W1, "russia", "Russia", 3, 2, 0, 1),
    (W1, "bashar-al-assad", "Bashar al-Assad", 1, 1, 1, 1),
    (W2, "bashar-al-assad", "Bashar al-Assad", 1, 1, 1, 1),
    (W2, "iran", "Iran", 1, 1, 1, 1),
]


def test_mentions_per_actor_per_week_raw_and_deduplicated(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "mentions_per_actor_per_week") == ALL_WEEKS


def test_mentions_per_actor_per_week_counts_cut_weeks(syndicated_warehouse: Path) -> None:
    params = {"date_from": "2017-07-05", "date_to": "2017-07-11"}
    assert _rows(syndicated_warehouse, "mentions_per_actor_per_week", params) == WEDNESDAY_TO_TUESDAY


def test_mentions_per_actor_per_week_range_inside_one_week(syndicated_warehouse: Path) -> None:
    params = {"actor": "russia", "date_from": "2017-07-05", "date_to": "2017-07-05"}
    assert _rows(syndicated_warehouse, "mentions_per_actor_per_week", params) == [
        (W1, "russia", "Russia", 3, 2, 0, 1)
    ]


def test_mentions_per_actor_per_week_whole_weeks_of_one_actor(syndicated_warehouse: Path) -> None:
    params = {"actor": "iran", "date_from": "2017-07-10"}
    assert _rows(syndicated_warehouse, "mentions_per_actor_per_week", params) == [
        (W2, "iran", "Iran", 2, 2, 2, 2)
    ]


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [
        (None, None),
        ("2017-07-03", "2017-07-16"),
        ("2017-07-04", None),
        (None, "2017-07-15"),
        ("2017-07-06", "2017-07-06"),
        ("2017-07-09", "2017-07-10"),
        ("2017-07-16", "2017-07-03"),
    ],
)
def test_mart_and_cut_weeks_together_equal_counting_the_facts(
    syndicated_warehouse: Path, date_from: str | None, date_to: str | None
) -> None:
    bounds = {"date_from": date_from, "date_to": date_to}
    with read_connection(syndicated_warehouse) as connection:
        expected = connection.execute(
            """
            SELECT CAST(date_trunc('week', date_key) AS DATE), actor_id, count(*), count(DISTINCT article_id)
            FROM fact_mention
            WHERE ($date_from IS NULL OR date_key >= CAST($date_from AS DATE))
              AND ($date_to IS NULL OR date_key <= CAST($date_to AS DATE))
            GROUP BY ALL
            ORDER BY ALL
            """,
            bounds,
        ).fetchall()
    rows = _rows(
        syndicated_warehouse,
        "mentions_per_actor_per_week",
        {key: value for key, value in bounds.items() if value is not None},
    )
    assert (
        sorted((week, actor, mentions, articles) for week, actor, _, mentions, articles, _, _ in rows)
        == expected
    )


# (week_start, language, actor_id, actor_name, mentions, articles, week_articles, article_share,
#  mentions_per_week_article, mentions_dedup, articles_dedup, week_articles_dedup,
#  article_share_dedup, mentions_per_week_article_dedup)
def test_share_of_voice_weekly_divides_by_the_week_and_language(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "share_of_voice_weekly") == [
        (W1, "ar", "russia", "Russia", 5, 3, 4, 0.75, 1.25, 2, 1, 2, 0.5, 1.0),
        (W1, "ar", "iran", "Iran", 3, 3, 4, 0.75, 0.75, 1, 1, 2, 0.5, 0.5),
        (W1, "ar", "bashar-al-assad", "Bashar al-Assad", 1, 1, 4, 0.25, 0.25, 1, 1, 2, 0.5, 0.5),
        (W1, "en", "iran", "Iran", 1, 1, 1, 1.0, 1.0, 1, 1, 1, 1.0, 1.0),
        (W2, "ar", "bashar-al-assad", "Bashar al-Assad", 2, 2, 2, 1.0, 1.0, 2, 2, 2, 1.0, 1.0),
        (W2, "ar", "iran", "Iran", 2, 2, 2, 1.0, 1.0, 2, 2, 2, 1.0, 1.0),
        (W2, "ar", "russia", "Russia", 2, 1, 2, 0.5, 1.0, 2, 1, 2, 0.5, 1.0),
    ]


def test_share_of_voice_weekly_for_one_actor_and_language(syndicated_warehouse: Path) -> None:
    rows = _rows(
        syndicated_warehouse,
        "share_of_voice_weekly",
        {"actor": "iran", "language": "en", "date_from": "2017-07-01", "date_to": "2017-07-31"},
    )
    assert rows == [(W1, "en", "iran", "Iran", 1, 1, 1, 1.0, 1.0, 1, 1, 1, 1.0, 1.0)]


# (week_start, actor_a, actor_a_name, actor_b, actor_b_name, articles, articles_dedup)
def test_co_mentions_pairs_each_article_once_per_pair(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "co_mentions") == [
        (W1, "iran", "Iran", "russia", "Russia", 3, 1),
        (W2, "bashar-al-assad", "Bashar al-Assad", "iran", "Iran", 2, 2),
        (W2, "bashar-al-assad", "Bashar al-Assad", "russia", "Russia", 1, 1),
        (W2, "iran", "Iran", "russia", "Russia", 1, 1),
    ]


def test_co_mentions_of_one_actor_lead_with_it(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "co_mentions", {"actor": "russia"}) == [
        (W1, "russia", "Russia", "iran", "Iran", 3, 1),
        (W2, "russia", "Russia", "bashar-al-assad", "Bashar al-Assad", 1, 1),
        (W2, "russia", "Russia", "iran", "Iran", 1, 1),
    ]


def test_co_mentions_minimum_and_range(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "co_mentions", {"min_articles": "2"}) == [
        (W1, "iran", "Iran", "russia", "Russia", 3, 1),
        (W2, "bashar-al-assad", "Bashar al-Assad", "iran", "Iran", 2, 2),
    ]
    assert _rows(
        syndicated_warehouse, "co_mentions", {"date_from": "2017-07-05", "date_to": "2017-07-11"}
    ) == [
        (W1, "iran", "Iran", "russia", "Russia", 2, 1),
        (W2, "bashar-al-assad", "Bashar al-Assad", "iran", "Iran", 1, 1),
    ]


# (domain, site_name, publisher_key, credited_as, role, origin_domain, origin_publisher_key, articles,
#  stories, mentions)
def test_source_breakdown_shows_who_republished_whom(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "source_breakdown") == [
        ("alpha.example", "ALPHA", None, None, "own", None, None, 3, 3, 6),
        ("beta.example", "BETA", None, None, "own", None, None, 1, 1, 1),
        ("beta.example", "BETA", "Alpha News", "Alpha News", "republished", "alpha.example", None, 1, 1, 3),
        ("gamma.example", "GAMMA", "Reuters", "Reuters", "own", None, None, 1, 1, 4),
        ("gamma.example", "GAMMA", None, None, "republished", "alpha.example", None, 1, 1, 2),
    ]


def test_source_breakdown_finds_an_origin_outside_the_range(syndicated_warehouse: Path) -> None:
    rows = _rows(syndicated_warehouse, "source_breakdown", {"date_from": "2017-07-05"})
    assert rows == [
        ("alpha.example", "ALPHA", None, None, "own", None, None, 2, 2, 3),
        ("beta.example", "BETA", None, None, "own", None, None, 1, 1, 1),
        ("beta.example", "BETA", "Alpha News", "Alpha News", "republished", "alpha.example", None, 1, 1, 3),
        ("gamma.example", "GAMMA", "Reuters", "Reuters", "own", None, None, 1, 1, 4),
        ("gamma.example", "GAMMA", None, None, "republished", "alpha.example", None, 1, 1, 2),
    ]


def test_source_breakdown_of_one_actor(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "source_breakdown", {"actor": "bashar-al-assad"}) == [
        ("alpha.example", "ALPHA", None, None, "own", None, None, 1, 1, 1),
        ("beta.example", "BETA", None, None, "own", None, None, 1, 1, 1),
        ("gamma.example", "GAMMA", "Reuters", "Reuters", "own", None, None, 1, 1, 1),
    ]


# (day, actor_id, actor_name, day_articles, day_mentions, article_id, domain, title, mentions,
#  snippets)
def test_actor_timeline_defaults_to_the_most_mentioned_actor(syndicated_warehouse: Path) -> None:
    assert _rows(syndicated_warehouse, "actor_timeline") == [
        (
            date(2017, 7, 4),
            "russia",
            "Russia",
            1,
            2,
            "s1",
            "alpha.example",
            "Title s1",
            2,
            "Russia and Iran met. | Russia spoke.",
        ),
        (
            date(2017, 7, 5),
            "russia",
            "Russia",
            2,
            3,
            "s2",
            "beta.example",
            "Title s2",
            2,
            "Russia and Iran met. | Russia spoke.",
        ),
        (
            date(2017, 7, 5),
            "russia",
            "Russia",
            2,
            3,
            "s3",
            "gamma.example",
            "Title s3",
            1,
            "Russia and Iran met.",
        ),
        (
            date(2017, 7, 16),
            "russia",
            "Russia",
            1,
            2,
            "u3",
            "gamma.example",
            U3_TITLE,
            2,
            "Russia in the news | Russia, Iran and Assad.",
        ),
    ]


def test_actor_timeline_of_one_actor_in_a_range(syndicated_warehouse: Path) -> None:
    rows = _rows(
        syndicated_warehouse,
        "actor_timeline",
        {"actor": "iran", "date_from": "2017-07-06", "date_to": "2017-07-11"},
    )
    assert rows == [
        (date(2017, 7, 6), "iran", "Iran", 1, 1, "e1", "alpha.example", "Title e1", 1, "Iran spoke."),
        (date(2017, 7, 11), "iran", "Iran", 1, 1, "u2", "alpha.example", "Title u2", 1, "Iran and Assad."),
    ]


# One article per week for nine weeks, on the Tuesday; mentions per week:
#   iran   1 2 1 2 1 2 1 2 | 5   trailing mean 1.5, stddev 0.5 -> z 7.0
#   russia 3 1 3 1 3 1 3 1 | 1   trailing mean 2.0, stddev 1.0 -> z -1.0
#   assad  0 0 0 0 0 0 0 0 | 2   flat history -> no z-score
HISTORY = {
    "iran": [1, 2, 1, 2, 1, 2, 1, 2, 5],
    "russia": [3, 1, 3, 1, 3, 1, 3, 1, 1],
    "bashar-al-assad": [0, 0, 0, 0, 0, 0, 0, 0, 2],
}
FIRST_TUESDAY = date(2017, 7, 4)


@pytest.fixture
def history_warehouse(warehouse_path: Path) -> Path:
    surface_of = {actor_id: surface for surface, actor_id in SURFACES.items()}
    articles, mentions = [], []
    for week in range(9):
        words = [surface_of[actor] for actor, counts in HISTORY.items() for _ in range(counts[week])]
        body = " ".join(words) + "."
        article_id = f"w{week}"
        articles.append(article(article_id, "b1", FIRST_TUESDAY + timedelta(weeks=week), body))
        mentions.extend(_body_mentions(article_id, body))
    return _load(warehouse_path, articles, mentions)


# (week_start, actor_id, actor_name, mentions, previous_week_mentions, change, change_ratio,
#  trailing_weeks, trailing_mean, trailing_stddev, z_score)
def test_rising_actors_in_the_latest_week(history_warehouse: Path) -> None:
    last_week = date(2017, 7, 3) + timedelta(weeks=8)
    assert _rows(history_warehouse, "rising_actors") == [
        (last_week, "iran", "Iran", 5, 2, 3, 1.5, 8, 1.5, 0.5, 7.0),
        (last_week, "russia", "Russia", 1, 1, 0, 0.0, 8, 2.0, 1.0, -1.0),
        (last_week, "bashar-al-assad", "Bashar al-Assad", 2, 0, 2, None, 8, 0.0, 0.0, None),
    ]


def test_rising_actors_early_week_has_only_the_history_there_is(history_warehouse: Path) -> None:
    rows = _rows(history_warehouse, "rising_actors", {"week": "2017-07-14", "limit": "1"})
    assert rows == [(date(2017, 7, 10), "iran", "Iran", 2, 1, 1, 1.0, 1, 1.0, 0.0, None)]
    rows = _rows(history_warehouse, "rising_actors", {"week": "2017-07-14"})
    assert [(actor, change, ratio) for _, actor, _, _, _, change, ratio, *_ in rows] == [
        ("iran", 1, 1.0),
        ("russia", -2, pytest.approx(-2 / 3)),
    ]
