from datetime import UTC, date, datetime
from pathlib import Path

from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.load import load_batches, table_fingerprints
from tests.warehouse.builders import article, mention, staged

BODY_1 = "Russia and Iran backed Bashar al-Assad again. Russia said so."
BODY_2 = "Iran denied it."
NO_CHANGED_INPUTS = {
    "changed_inputs": 0,
    "changed_articles_removed": 0,
    "changed_articles_added": 0,
    "changed_mentions_removed": 0,
    "changed_mentions_added": 0,
}


def _batch_one():
    return staged(
        [article("a1", "2017-07-05", date(2017, 7, 4), BODY_1), article("a2", "2017-07-05", None, BODY_2)],
        [
            mention("a1", "russia", BODY_1, "Russia"),
            mention("a1", "iran", BODY_1, "Iran"),
            mention("a1", "bashar-al-assad", BODY_1, "Bashar al-Assad"),
            mention("a1", "russia", BODY_1, "Russia", occurrence=1),
            mention("a2", "iran", BODY_2, "Iran"),
        ],
        [
            {
                "batch_id": "2017-07-05",
                "source_path": "2017-07-05/empty.html",
                "input_id": "e" * 64,
                "stage": "parse",
                "reason": "empty document",
            }
        ],
    )


def _load(path: Path, load, when: datetime) -> dict[str, int]:
    with write_transaction(path) as connection:
        return load_batches(connection, load, when)


def test_load_writes_every_table_and_reconciles(warehouse_path: Path) -> None:
    counts = _load(warehouse_path, _batch_one(), datetime(2026, 1, 1, tzinfo=UTC))

    assert counts == {
        "loaded": 2,
        "quarantined": 1,
        "skipped_duplicate": 0,
        "skipped_non_html": 0,
        "inputs": 3,
        **NO_CHANGED_INPUTS,
    }
    with read_connection(warehouse_path) as connection:
        mentions = connection.execute(
            "SELECT actor_id, start_offset, end_offset, date_key FROM fact_mention"
            " ORDER BY article_id, start_offset"
        ).fetchall()
        reasons = connection.execute("SELECT source_path, stage, reason FROM quarantine").fetchall()
        week = connection.execute(
            "SELECT iso_week_start FROM dim_date WHERE date_key = DATE '2017-07-04'"
        ).fetchone()
    assert mentions == [
        ("russia", 0, 6, date(2017, 7, 4)),
        ("iran", 11, 15, date(2017, 7, 4)),
        ("bashar-al-assad", 23, 38, date(2017, 7, 4)),
        ("russia", 46, 52, date(2017, 7, 4)),
        ("iran", 0, 4, None),
    ]
    assert reasons == [("2017-07-05/empty.html", "parse", "empty document")]
    assert week == (date(2017, 7, 3),)


def test_reloading_a_batch_leaves_the_same_tables(warehouse_path: Path) -> None:
    _load(warehouse_path, _batch_one(), datetime(2026, 1, 1, tzinfo=UTC))
    with read_connection(warehouse_path) as connection:
        first = table_fingerprints(connection)
        first_seen = connection.execute("SELECT first_seen FROM quarantine").fetchone()

    _load(warehouse_path, _batch_one(), datetime(2026, 1, 2, tzinfo=UTC))
    with read_connection(warehouse_path) as connection:
        second = table_fingerprints(connection)
        seen = connection.execute("SELECT first_seen, last_seen FROM quarantine").fetchone()

    assert second == first
    assert first["fact_mention"][0] == 5
    assert seen == (first_seen[0], datetime(2026, 1, 2, tzinfo=UTC))


def test_reloading_a_batch_without_some_inputs_keeps_their_rows(warehouse_path: Path) -> None:
    """Inputs deleted from the landing folder are not in the reload; their rows stay (the rule
    in etl/warehouse/landing_changes.py), and other batches are untouched."""
    other = staged(
        [article("b1", "2017-07-10", date(2017, 7, 9), BODY_2)], [mention("b1", "iran", BODY_2, "Iran")]
    )
    _load(warehouse_path, _batch_one(), datetime(2026, 1, 1, tzinfo=UTC))
    _load(warehouse_path, other, datetime(2026, 1, 1, tzinfo=UTC))
    with read_connection(warehouse_path) as connection:
        before = table_fingerprints(connection)

    smaller = staged(
        [article("a1", "2017-07-05", date(2017, 7, 4), BODY_1)],
        [
            mention("a1", "russia", BODY_1, "Russia"),
            mention("a1", "iran", BODY_1, "Iran"),
            mention("a1", "bashar-al-assad", BODY_1, "Bashar al-Assad"),
            mention("a1", "russia", BODY_1, "Russia", occurrence=1),
        ],
    )
    counts = _load(warehouse_path, smaller, datetime(2026, 1, 3, tzinfo=UTC))

    with read_connection(warehouse_path) as connection:
        assert table_fingerprints(connection) == before
    assert counts["inputs"] == 3 and counts["changed_inputs"] == 0


def test_reloading_an_overwritten_input_replaces_its_article_and_counts_it(warehouse_path: Path) -> None:
    _load(warehouse_path, _batch_one(), datetime(2026, 1, 1, tzinfo=UTC))
    new_version = {
        **article("a3", "2017-07-05", date(2017, 7, 4), BODY_2),
        "source_path": "2017-07-05/a1.html",
    }
    changed = staged([new_version], [mention("a3", "iran", BODY_2, "Iran")])

    counts = _load(warehouse_path, changed, datetime(2026, 1, 2, tzinfo=UTC))

    assert {key: value for key, value in counts.items() if key.startswith("changed_")} == {
        "changed_inputs": 1,
        "changed_articles_removed": 1,
        "changed_articles_added": 1,
        "changed_mentions_removed": 4,
        "changed_mentions_added": 1,
    }
    with read_connection(warehouse_path) as connection:
        rows = connection.execute(
            "SELECT article_id, actor_id FROM fact_mention ORDER BY article_id, actor_id"
        ).fetchall()
    assert rows == [("a2", "iran"), ("a3", "iran")]


def test_same_article_in_a_later_batch_is_a_skipped_duplicate(warehouse_path: Path) -> None:
    _load(warehouse_path, _batch_one(), datetime(2026, 1, 1, tzinfo=UTC))
    again = staged([article("a2", "2017-07-06", None, BODY_2)], [mention("a2", "iran", BODY_2, "Iran")])

    counts = _load(warehouse_path, again, datetime(2026, 1, 1, tzinfo=UTC))

    assert counts == {
        "loaded": 0,
        "quarantined": 0,
        "skipped_duplicate": 1,
        "skipped_non_html": 0,
        "inputs": 1,
        **NO_CHANGED_INPUTS,
    }
    with read_connection(warehouse_path) as connection:
        assert connection.execute("SELECT batch_id FROM fact_article WHERE article_id = 'a2'").fetchall() == [
            ("2017-07-05",)
        ]
        assert connection.execute("SELECT count(*) FROM fact_mention WHERE article_id = 'a2'").fetchone() == (
            1,
        )


def test_failed_load_rolls_back_and_releases_the_file(warehouse_path: Path) -> None:
    _load(warehouse_path, _batch_one(), datetime(2026, 1, 1, tzinfo=UTC))
    broken = staged(
        [article("c1", "2017-07-05", date(2017, 7, 4), BODY_2)],
        [mention("c1", "no-such-actor", BODY_2, "Iran")],
    )

    try:
        _load(warehouse_path, broken, datetime(2026, 1, 2, tzinfo=UTC))
    except Exception as error:
        assert "foreign key" in str(error).lower()
    else:
        raise AssertionError("a mention of an unknown actor must violate the foreign key")

    with read_connection(warehouse_path) as connection:
        assert connection.execute("SELECT count(*) FROM fact_article").fetchone() == (2,)
        assert connection.execute("SELECT count(*) FROM fact_mention").fetchone() == (5,)
