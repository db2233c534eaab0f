from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.load import load_batches, refresh_marts
from etl.warehouse.queries import QueryError, named_queries, run_named_query
from tests.warehouse.builders import article, mention, staged

# Week of Mon 2017-07-03: a1 (Russia twice, Iran once), a2 (Iran). Week of 2017-07-10: b1 (Iran).
# Week of 2017-07-17: nothing. Week of 2017-07-24: c1 (Russia).
A1 = "Russia and Iran met. Russia spoke."
A2 = "Iran answered."
B1 = "Iran again."
C1 = "Russia later."


@pytest.fixture
def small_warehouse(warehouse_path: Path) -> Path:
    load = staged(
        [
            article("a1", "b1", date(2017, 7, 4), A1),
            article("a2", "b1", date(2017, 7, 9), A2),
            article("b1", "b1", date(2017, 7, 10), B1),
            article("c1", "b1", date(2017, 7, 24), C1),
        ],
        [
            mention("a1", "russia", A1, "Russia"),
            mention("a1", "iran", A1, "Iran"),
            mention("a1", "russia", A1, "Russia", occurrence=1),
            mention("a2", "iran", A2, "Iran"),
            mention("b1", "iran", B1, "Iran"),
            mention("c1", "russia", C1, "Russia"),
        ],
    )
    with write_transaction(warehouse_path) as connection:
        load_batches(connection, load, datetime(2026, 1, 1, tzinfo=UTC))
        refresh_marts(connection)
    return warehouse_path


def _rows(path: Path, name: str, params: dict | None = None) -> list[tuple]:
    with read_connection(path) as connection:
        return run_named_query(connection, name, params).rows()


def test_mentions_per_actor_per_week(small_warehouse: Path) -> None:
    assert _rows(small_warehouse, "mentions_per_actor_per_week") == [
        (date(2017, 7, 3), "iran", "Iran", 2, 2, 2, 2),
        (date(2017, 7, 3), "russia", "Russia", 2, 1, 2, 1),
        (date(2017, 7, 10), "iran", "Iran", 1, 1, 1, 1),
        (date(2017, 7, 24), "russia", "Russia", 1, 1, 1, 1),
    ]


def test_mentions_per_actor_per_week_filters(small_warehouse: Path) -> None:
    rows = _rows(
        small_warehouse,
        "mentions_per_actor_per_week",
        {"actor": "iran", "date_from": "2017-07-05", "date_to": "2017-07-31"},
    )
    # One actor's series is dense: the weeks up to the range's last article (Russia's, on the
    # 24th) are rows, zero where Iran was not named.
    assert rows == [
        (date(2017, 7, 3), "iran", "Iran", 1, 1, 1, 1),
        (date(2017, 7, 10), "iran", "Iran", 1, 1, 1, 1),
        (date(2017, 7, 17), "iran", "Iran", 0, 0, 0, 0),
        (date(2017, 7, 24), "iran", "Iran", 0, 0, 0, 0),
    ]


def test_mart_table_equals_the_named_query(small_warehouse: Path) -> None:
    with read_connection(small_warehouse) as connection:
        mart = connection.execute("SELECT * FROM mentions_per_actor_per_week").fetchall()
    assert mart == _rows(small_warehouse, "mentions_per_actor_per_week")


def test_weekly_trend_has_every_week_with_zeros(small_warehouse: Path) -> None:
    rows = _rows(small_warehouse, "weekly_trend_top_actors", {"top": "2"})
    assert [(week, actor, mentions) for week, actor, _, mentions in rows] == [
        (date(2017, 7, 3), "iran", 2),
        (date(2017, 7, 3), "russia", 2),
        (date(2017, 7, 10), "iran", 1),
        (date(2017, 7, 10), "russia", 0),
        (date(2017, 7, 17), "iran", 0),
        (date(2017, 7, 17), "russia", 0),
        (date(2017, 7, 24), "russia", 1),
        (date(2017, 7, 24), "iran", 0),
    ]


def test_load_summary_reconciles(small_warehouse: Path) -> None:
    assert _rows(small_warehouse, "load_summary") == [(4, 4, 0, 0, 0, 4, 6, 2, 3)]


def test_every_named_query_declares_a_description() -> None:
    queries = named_queries()
    assert {"mentions_per_actor_per_week", "load_summary", "weekly_trend_top_actors"} <= set(queries)
    assert all(query.description for query in queries.values())


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("no_such_query", {}, "unknown query 'no_such_query'"),
        ("mentions_per_actor_per_week", {"actr": "iran"}, "has no parameter actr"),
        ("mentions_per_actor_per_week", {"date_from": "last week"}, "'last week' is not a valid DATE"),
        ("mentions_per_actor_per_week", {"limit": "ten"}, "'ten' is not a valid INTEGER"),
    ],
)
def test_bad_names_and_values_are_refused(
    small_warehouse: Path, name: str, params: dict, message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        _rows(small_warehouse, name, params)


def test_parameter_values_are_bound_not_spliced(small_warehouse: Path) -> None:
    assert _rows(small_warehouse, "mentions_per_actor_per_week", {"actor": "iran' OR '1'='1"}) == []
