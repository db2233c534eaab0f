"""The whole job over the bundled sample corpus, through the definitions `dagster dev` loads."""

from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
import yaml

from etl.runs import run_pipeline
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.load import table_fingerprints
from etl.warehouse.queries import run_named_query

EXPECTED = yaml.safe_load((SAMPLE_LANDING_DIR.parent / "expected.yaml").read_text(encoding="utf-8"))["pages"]
SEED_PATH = next(
    p["path"] for p in EXPECTED if p.get("url", "").endswith("/astana-5-opens-without-opposition-head/")
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    targets = RunTargets(SAMPLE_LANDING_DIR, tmp_path_factory.mktemp("run") / "news.duckdb")
    outcome = run_pipeline(targets)
    assert outcome.success, outcome.failed
    return targets.warehouse_path


def _query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()


def test_every_input_is_loaded_or_quarantined_as_expected(warehouse: Path) -> None:
    outcomes = dict(_query(warehouse, "SELECT source_path, outcome FROM ingest_log"))
    assert outcomes == {page["path"]: page["outcome"] for page in EXPECTED}


def test_quarantine_reasons_are_recorded(warehouse: Path) -> None:
    reasons = dict(_query(warehouse, "SELECT source_path, reason FROM quarantine"))
    expected_quarantined = {page["path"] for page in EXPECTED if page["outcome"] == "quarantined"}
    assert set(reasons) == expected_quarantined
    assert all(reason for reason in reasons.values())
    by_name = {Path(path).name: reason for path, reason in reasons.items()}
    truncated = next(reason for name, reason in by_name.items() if name.endswith(".gz"))
    assert truncated.startswith("truncated gzip")
    assert "empty" in by_name["empty.html"]


def test_seed_rendition_metadata(warehouse: Path) -> None:
    row = _query(
        warehouse,
        "SELECT title, CAST(published_at AS DATE), language, original_publisher, site_name"
        " FROM fact_article WHERE source_path = ?",
        [SEED_PATH],
    )
    assert row == [
        (
            "انطلاق الجولة الخامسة من أستانا بغياب رئيس وفد المعارضة",
            date(2017, 7, 4),
            "ar",
            "بلدي نيوز",
            "It's Over 9000!",
        )
    ]


def test_seed_rendition_mentions_body_actors_only(warehouse: Path) -> None:
    actors = {
        actor
        for (actor,) in _query(
            warehouse,
            "SELECT m.actor_id FROM fact_mention m JOIN fact_article a USING (article_id)"
            " WHERE a.source_path = ?",
            [SEED_PATH],
        )
    }
    assert {"alexander-lavrentiev", "staffan-de-mistura", "mohammed-alloush"} <= actors
    assert not actors & {"recep-tayyip-erdogan", "ahmed-al-sharaa", "hakan-fidan", "sdf"}


def test_mention_offsets_slice_the_stored_text_to_the_surface(warehouse: Path) -> None:
    rows = _query(
        warehouse,
        "SELECT m.surface, CASE m.field WHEN 'title' THEN a.title ELSE a.body END,"
        " m.start_offset, m.end_offset"
        " FROM fact_mention m JOIN fact_article a USING (article_id)",
    )
    assert rows
    assert all(text[start:end] == surface for surface, text, start, end in rows)


def test_each_page_counts_its_body_actors_and_no_boilerplate_actor(warehouse: Path) -> None:
    found: dict[str, set[str]] = {}
    for path, actor in _query(
        warehouse,
        "SELECT a.source_path, m.actor_id FROM fact_mention m JOIN fact_article a USING (article_id)",
    ):
        found.setdefault(path, set()).add(actor)
    loaded = [page for page in EXPECTED if page["outcome"] == "loaded"]
    leaked = {p["path"]: sorted(found.get(p["path"], set()) & set(p["boilerplate_actors"])) for p in loaded}
    missed = {p["path"]: sorted(set(p["body_actors"]) - found.get(p["path"], set())) for p in loaded}
    assert {path: actors for path, actors in leaked.items() if actors} == {}
    assert {path: actors for path, actors in missed.items() if actors} == {}


def test_publication_dates_not_crawl_dates(warehouse: Path) -> None:
    stored = dict(_query(warehouse, "SELECT source_path, CAST(published_at AS DATE) FROM fact_article"))
    expected = {p["path"]: date.fromisoformat(p["published"]) for p in EXPECTED if p["outcome"] == "loaded"}
    assert stored == expected


def test_weekly_trend_spans_at_least_ten_weeks(warehouse: Path) -> None:
    weeks = _query(warehouse, "SELECT DISTINCT week_start FROM mentions_per_actor_per_week ORDER BY 1")
    assert len(weeks) >= 10
    assert all(week.weekday() == 0 for (week,) in weeks)


def test_second_run_leaves_identical_tables(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        before = table_fingerprints(connection)

    outcome = run_pipeline(RunTargets(SAMPLE_LANDING_DIR, warehouse))

    assert outcome.success, outcome.failed
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert table_fingerprints(connection) == before
    assert before["fact_article"][0] == sum(1 for p in EXPECTED if p["outcome"] == "loaded")


def test_syndicated_story_is_one_cluster_with_one_representative(warehouse: Path) -> None:
    syndicated = sorted(p["path"] for p in EXPECTED if p.get("syndicated_group"))
    rows = _query(
        warehouse,
        "SELECT source_path, cluster_key, is_cluster_representative FROM fact_article"
        " WHERE cluster_key IN (SELECT cluster_key FROM fact_article GROUP BY 1 HAVING count(*) > 1)"
        " ORDER BY source_path",
    )
    assert [path for path, _, _ in rows] == syndicated
    assert len({key for _, key, _ in rows}) == 1
    assert sorted(flag for _, _, flag in rows) == [False, True]


def test_syndicated_story_counts_twice_raw_and_once_deduplicated(warehouse: Path) -> None:
    syndicated = [p for p in EXPECTED if p.get("syndicated_group")]
    week = _query(
        warehouse,
        "SELECT DISTINCT d.iso_week_start FROM fact_article a JOIN dim_date d USING (date_key)"
        " WHERE a.source_path = ?",
        [syndicated[0]["path"]],
    )[0][0]
    shared_actors = sorted(set.intersection(*(set(p["body_actors"]) for p in syndicated)))
    assert shared_actors
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = run_named_query(
            connection, "mentions_per_actor_per_week", {"date_from": str(week), "limit": 100_000}
        ).filter(pl.col("week_start") == week)
        per_story = connection.execute(
            "SELECT m.actor_id, count(DISTINCT m.article_id) FROM fact_mention m JOIN fact_article a"
            " USING (article_id) WHERE a.cluster_key = (SELECT cluster_key FROM fact_article"
            " WHERE source_path = ?) GROUP BY 1",
            [syndicated[0]["path"]],
        ).fetchall()
    copies = dict(per_story)
    for actor in shared_actors:
        row = rows.filter(pl.col("actor_id") == actor).row(0, named=True)
        assert copies[actor] == 2
        assert row["articles"] - row["articles_dedup"] == 1, actor
