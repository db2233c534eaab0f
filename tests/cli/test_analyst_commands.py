"""The analyst's commands on a warehouse of the bundled sample corpus: actors asked for by any
name, dense weekly series, the drill-down queries, and charts whose title says what they draw."""

import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.runs import run_pipeline
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.charts import chart_title, top_actor_series
from etl.warehouse.database import read_connection
from etl.warehouse.queries import run_named_query


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    targets = RunTargets(SAMPLE_LANDING_DIR, tmp_path_factory.mktemp("analyst") / "news.duckdb")
    outcome = run_pipeline(targets, log_level="WARNING")
    assert outcome.success, outcome.failed
    return targets.warehouse_path


def _sql(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(sql, params or []).fetchall()


def _json_rows(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[dict]:
    assert main(argv) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def _article_weeks(warehouse: Path) -> list[str]:
    ((first, last),) = _sql(warehouse, "SELECT min(date_key), max(date_key) FROM fact_article")
    monday = first - timedelta(days=first.weekday())
    return [(monday + timedelta(weeks=n)).isoformat() for n in range((last - monday).days // 7 + 1)]


@pytest.mark.parametrize(
    ("actor_id", "names"),
    [
        (
            "bashar-al-assad",
            ["Bashar al-Assad", "BASHAR ASSAD", "bashar al assad", "بشار الأسد", "بشار الاسد", "بشار الإسد"],
        ),
        ("iran", ["Iran", "islamic republic of IRAN", "إيران", "ايران", "آيران"]),
    ],
)
def test_an_actor_by_any_name_gives_the_same_weekly_rows(
    warehouse: Path, capsys: pytest.CaptureFixture[str], actor_id: str, names: list[str]
) -> None:
    def weekly(actor: str) -> str:
        argv = ["query", "mentions_per_actor_per_week", "--param", f"actor={actor}", "--format", "csv"]
        assert main([*argv, "--warehouse", str(warehouse)]) == 0
        return capsys.readouterr().out

    by_id = weekly(actor_id)
    ((mentions,),) = _sql(warehouse, "SELECT count(*) FROM fact_mention WHERE actor_id = ?", [actor_id])
    rows = by_id.splitlines()[1:]
    assert {row.split(",")[1] for row in rows} == {actor_id}
    assert sum(int(row.split(",")[3]) for row in rows) == mentions > 0
    for name in names:
        assert weekly(name) == by_id, name


def test_one_actors_weekly_series_is_dense(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "mentions_per_actor_per_week", "--param", "actor=بشار الأسد", "--format", "json"]
    rows = _json_rows(capsys, [*argv, "--warehouse", str(warehouse)])
    # Every week from the first to the last article of the corpus, Bashar's last mention being
    # weeks before the last article: the series does not stop where he stops being named.
    assert [row["week_start"] for row in rows] == _article_weeks(warehouse)
    assert rows[-1]["mentions"] == 0 and rows[0]["mentions"] == 0
    assert sum(row["mentions"] for row in rows) == 5


def test_an_unknown_actor_exits_2_with_the_closest_names(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "query",
        "mentions_per_actor_per_week",
        "--param",
        "actor=Bashar al-Asad",
        "--warehouse",
        str(warehouse),
    ]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith(
        "newsetl: unknown actor 'Bashar al-Asad'; closest: Bashar al-Assad (bashar-al-assad)"
    )


def test_a_name_of_several_actors_asks_for_the_id(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["chart", "mentions_per_actor_per_week", "--param", "actor=HARIRI", "--out", "x.png"]
    # "Hariri" is an alias of Saad Hariri and of Nasr al-Hariri.
    assert main([*argv, "--warehouse", str(warehouse)]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "'HARIRI' names 2 actors" in line and "(nasr-al-hariri)" in line and "(saad-hariri)" in line


def test_actors_list_filters_by_type_and_name(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["actors", "list", "--format", "json", "--warehouse", str(warehouse)]
    found = _json_rows(capsys, [*base, "--search", "الاسد", "--type", "person"])
    assert {row["actor_id"] for row in found} == {
        "bashar-al-assad",
        "hafez-al-assad",
        "maher-al-assad",
        "asma-al-assad",
    }
    bashar = next(row for row in found if row["actor_id"] == "bashar-al-assad")
    assert (bashar["mentions"], bashar["first_mention"], bashar["last_mention"]) == (
        5,
        "2017-05-10",
        "2017-07-10",
    )
    everyone = _json_rows(capsys, base)
    ((actors,),) = _sql(warehouse, "SELECT count(*) FROM dim_actor")
    assert len(everyone) == actors
    assert everyone[0]["actor_id"] == "syria"


def test_actors_show_by_arabic_name(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actors", "show", "بشار الاسد", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Bashar al-Assad (bashar-al-assad)\n")
    assert "| Bashar Assad " in out and "| بشار حافظ الأسد " in out
    assert "syrian-president | 2000-07-17 | 2024-12-08" in out
    assert "| 2017-05-10 | crescentreport.com" in out
    assert "| 2017-07-10 |        2 |" in out and "| 2017-07-31 |        0 |" in out


def test_actor_first_seen_by_name(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["query", "actor_first_seen", "--param", "actor=Staffan de Mistura", "--format", "json"]
    (row,) = _json_rows(capsys, [*argv, "--warehouse", str(warehouse)])
    expected = _sql(
        warehouse,
        "SELECT min(date_key), max(date_key), count(*), count(DISTINCT article_id) FROM fact_mention"
        " WHERE actor_id = 'staffan-de-mistura'",
    )
    assert [
        (
            date.fromisoformat(row["first_seen"]),
            date.fromisoformat(row["last_seen"]),
            row["mentions"],
            row["articles"],
        )
    ] == expected
    ((first_day,),) = _sql(
        warehouse,
        "SELECT CAST(published_at AS DATE) FROM fact_article WHERE article_id = ?",
        [row["first_article_id"]],
    )
    assert first_day.isoformat() == row["first_seen"]
    assert "دي ميستورا" in row["first_snippet"] or "de Mistura" in row["first_snippet"]


def test_mentions_by_language_adds_up(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json_rows(
        capsys,
        [
            "query",
            "mentions_by_language",
            "--param",
            "actor=سوريا",
            "--format",
            "json",
            "--warehouse",
            str(warehouse),
        ],
    )
    expected = _sql(
        warehouse,
        "SELECT a.language, count(*) FROM fact_mention m JOIN fact_article a USING (article_id)"
        " WHERE m.actor_id = 'syria' GROUP BY 1 ORDER BY 2 DESC",
    )
    assert [(row["language"], row["mentions"]) for row in rows] == expected
    assert sum(row["share_of_actor_mentions"] for row in rows) == pytest.approx(1.0)


def test_articles_for_actor_are_the_rows_behind_each_weekly_number(warehouse: Path) -> None:
    with read_connection(warehouse) as connection:
        weekly = run_named_query(connection, "mentions_per_actor_per_week", {"actor": "russia"})
        for week in weekly.iter_rows(named=True):
            behind = run_named_query(
                connection,
                "articles_for_actor",
                {"actor": "russia", "week": week["week_start"] + timedelta(days=3)},
            )
            assert behind.height == week["mentions"]
            assert behind["article_id"].n_unique() == week["articles"]
            assert behind["counted_dedup"].sum() == week["mentions_dedup"]
            assert all(surface in snippet for surface, snippet in behind.select("surface", "snippet").rows())


def test_articles_for_actor_by_arabic_name(warehouse: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "query",
        "articles_for_actor",
        "--param",
        "actor=روسيا",
        "--param",
        "week=2017-07-03",
        "--format",
        "json",
    ]
    rows = _json_rows(capsys, [*argv, "--warehouse", str(warehouse)])
    assert rows and {row["actor_id"] for row in rows} == {"russia"}
    assert all("2017-07-03" <= row["day"] <= "2017-07-09" for row in rows)


def test_a_single_actor_chart_has_a_point_every_week_and_names_the_actor(
    warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "assad.png"
    argv = ["chart", "mentions_per_actor_per_week", "--param", "actor=بشار الأسد", "--out", str(out)]
    assert main([*argv, "--warehouse", str(warehouse)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    with read_connection(warehouse) as connection:
        trend = run_named_query(
            connection, "mentions_per_actor_per_week", {"actor": "bashar-al-assad", "limit": 10_000}
        )
    series = top_actor_series(trend, top=8)
    assert [day.isoformat() for day in series["week_start"]] == _article_weeks(warehouse)
    assert series.columns == ["week_start", "Bashar al-Assad"]
    assert series["Bashar al-Assad"].to_list().count(0) == len(series) - 4
    title = chart_title(trend, top=8)
    assert title == (
        "Mentions per week of Bashar al-Assad, 01 May 2017 to 06 Aug 2017\n"
        "raw: every copy of a syndicated story counted"
    )
    assert chart_title(trend, top=8, deduplicated=True).endswith(
        "de-duplicated: each syndicated story counted once"
    )


def test_dedup_charts_need_the_deduplicated_counts(
    warehouse: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["chart", "weekly_trend_top_actors", "--dedup", "--out", "x.png", "--warehouse", str(warehouse)]
    assert main(argv) == 2
    assert "--dedup needs mentions_per_actor_per_week" in capsys.readouterr().err
