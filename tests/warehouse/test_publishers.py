"""One publisher, one key: the alias table folds scripts and spellings, the warehouse stores the
credited name and the key, and source_breakdown counts by the key."""

from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.load import load_batches
from etl.warehouse.publishers import PublisherTableError, publisher_aliases, publisher_key, publisher_keys
from etl.warehouse.queries import run_named_query
from tests.warehouse.builders import article, staged


@pytest.mark.parametrize(
    ("credited", "key"),
    [
        ("Reuters", "Reuters"),
        ("(REUTERS)", "Reuters"),
        ("رويترز", "Reuters"),
        ("AFP", "AFP"),
        ("فرانس برس", "AFP"),
        ("أ ف ب", "AFP"),
        ("(أ.ف.ب)", "AFP"),
        ("وكالة الصحافة الفرنسية", "AFP"),
        ("الاناضول", "Anadolu"),
        ("سانا", "SANA"),
        ("شينخوا", "Xinhua"),
        ("Associated Press", "AP"),
        ("dpa", "DPA"),
    ],
)
def test_an_agency_has_one_key_in_every_script(credited: str, key: str) -> None:
    assert publisher_key(credited) == key


def test_unlisted_publishers_share_a_key_across_spellings() -> None:
    keys = publisher_keys(
        pl.Series(["شبكة الجنوب الإخبارية", "شبكه الجنوب الاخباريه", "Baladi News", "baladi news"])
    )
    assert dict(keys.rows()) == {
        "شبكة الجنوب الإخبارية": "شبكة الجنوب الإخبارية",
        "شبكه الجنوب الاخباريه": "شبكة الجنوب الإخبارية",
        "Baladi News": "Baladi News",
        "baladi news": "Baladi News",
    }


def test_an_alias_of_two_agencies_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "publishers.yaml"
    table.write_text("- key: A\n  aliases: [Press]\n- key: B\n  aliases: [PRESS]\n", encoding="utf-8")
    with pytest.raises(PublisherTableError, match="'PRESS' is an alias of both A and B"):
        publisher_aliases(table)


CREDITED = {"r1": "Reuters", "r2": "(رويترز)", "f1": "أ ف ب", "f2": "AFP", "o1": None}


def _load(path: Path, batch_id: str, credited: dict[str, str | None]) -> None:
    articles = []
    for article_id, publisher in credited.items():
        row = article(article_id, batch_id, date(2017, 7, 4), f"Body of {article_id}.", domain="wire.example")
        row["original_publisher"] = publisher
        articles.append(row)
    with write_transaction(path) as connection:
        load_batches(connection, staged(articles, []), datetime(2026, 1, 1, tzinfo=UTC))


def test_the_warehouse_keeps_the_credited_name_and_the_key(warehouse_path: Path) -> None:
    _load(warehouse_path, "b1", CREDITED)
    with read_connection(warehouse_path) as connection:
        stored = connection.execute(
            "SELECT article_id, original_publisher, publisher_key FROM fact_article ORDER BY article_id"
        ).fetchall()
        breakdown = run_named_query(connection, "source_breakdown").select(
            "publisher_key", "credited_as", "articles"
        )
    assert stored == [
        ("f1", "أ ف ب", "AFP"),
        ("f2", "AFP", "AFP"),
        ("o1", None, None),
        ("r1", "Reuters", "Reuters"),
        ("r2", "(رويترز)", "Reuters"),
    ]
    assert breakdown.rows() == [
        ("AFP", "AFP = أ ف ب", 2),
        ("Reuters", "(رويترز) = Reuters", 2),
        (None, None, 1),
    ]


def test_rows_loaded_without_a_key_get_one_at_the_next_load(warehouse_path: Path) -> None:
    _load(warehouse_path, "b1", CREDITED)
    with write_transaction(warehouse_path) as connection:
        # As rows loaded before migration 006 are.
        connection.execute("UPDATE fact_article SET publisher_key = NULL")
    _load(warehouse_path, "b2", {"n1": "REUTERS"})
    with read_connection(warehouse_path) as connection:
        keys = dict(connection.execute("SELECT article_id, publisher_key FROM fact_article").fetchall())
    assert keys == {"f1": "AFP", "f2": "AFP", "o1": None, "r1": "Reuters", "r2": "Reuters", "n1": "Reuters"}
