"""The weekly trend chart: the function on hand-made rows, and `newsetl chart` on a small warehouse."""

import struct
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from etl.cli import USAGE_ERROR, main
from etl.warehouse.charts import actor_label, png_markdown, top_actor_series, weekly_trend_chart
from etl.warehouse.database import write_transaction
from etl.warehouse.load import load_batches, refresh_marts
from tests.warehouse.builders import article, mention, staged

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

TREND = pl.DataFrame(
    {
        "week_start": [date(2017, 7, 3), date(2017, 7, 3), date(2017, 7, 3), date(2017, 7, 17)],
        "actor_id": ["iran", "russia", "jordan", "iran"],
        "actor_name": ["Iran", "Russia", "الأردن", "Iran"],
        "mentions": [2, 5, 1, 4],
    }
)


def _png_size(png: Path) -> tuple[int, int]:
    header = png.read_bytes()[:24]
    assert header[:8] == PNG_SIGNATURE
    return struct.unpack(">II", header[16:24])


def test_series_has_every_week_and_the_top_actors_by_total() -> None:
    series = top_actor_series(TREND, top=2)
    assert series.columns == ["week_start", "Iran", "Russia"]
    assert series.rows() == [
        (date(2017, 7, 3), 2, 5),
        (date(2017, 7, 10), 0, 0),
        (date(2017, 7, 17), 4, 0),
    ]


def test_arabic_only_names_are_labelled_by_their_slug() -> None:
    assert top_actor_series(TREND, top=3).columns == ["week_start", "Iran", "Russia", "jordan"]
    assert actor_label("jordan", "الأردن") == "jordan"
    assert actor_label("united-nations", None) == "united-nations"
    assert actor_label("iran", "Iran") == "Iran"


def test_rows_without_the_trend_columns_are_refused() -> None:
    with pytest.raises(ValueError, match="lack mentions"):
        top_actor_series(TREND.drop("mentions"), top=2)


def test_chart_is_a_png_of_the_figure_size(tmp_path: Path) -> None:
    png = weekly_trend_chart(TREND, tmp_path / "charts" / "trend.png", top=2, title="test trend")
    assert png == tmp_path / "charts" / "trend.png"
    assert _png_size(png) == (1100, 550)
    assert png.stat().st_size > 10_000


def test_empty_trend_still_draws_a_chart(tmp_path: Path) -> None:
    png = weekly_trend_chart(TREND.clear(), tmp_path / "empty.png")
    assert _png_size(png) == (1100, 550)


def test_png_markdown_inlines_the_image(tmp_path: Path) -> None:
    png = weekly_trend_chart(TREND, tmp_path / "trend.png")
    markdown = png_markdown(png, alt="trend")
    assert markdown.startswith("![trend](data:image/png;base64,iVBORw0KGgo")


@pytest.fixture
def small_warehouse(warehouse_path: Path) -> Path:
    body = "Russia and Iran met. Russia spoke."
    load = staged(
        [article("a1", "b1", date(2017, 7, 4), body), article("a2", "b1", date(2017, 7, 18), "Iran again.")],
        [
            mention("a1", "russia", body, "Russia"),
            mention("a1", "russia", body, "Russia", occurrence=1),
            mention("a1", "iran", body, "Iran"),
            mention("a2", "iran", "Iran again.", "Iran"),
        ],
    )
    with write_transaction(warehouse_path) as connection:
        load_batches(connection, load, datetime(2026, 1, 1, tzinfo=UTC))
        refresh_marts(connection)
    return warehouse_path


@pytest.mark.parametrize("name", ["weekly_trend_top_actors", "mentions_per_actor_per_week"])
def test_cli_chart_writes_the_png(
    small_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / f"{name}.png"
    code = main(["chart", name, "--top", "2", "--out", str(out), "--warehouse", str(small_warehouse)])
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert _png_size(out) == (1100, 550)
    assert out.stat().st_size > 10_000


def test_cli_chart_passes_parameters(small_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "iran.png"
    args = ["chart", "mentions_per_actor_per_week", "--param", "actor=iran", "--out", str(out)]
    assert main([*args, "--warehouse", str(small_warehouse)]) == 0
    assert out.read_bytes()[:8] == PNG_SIGNATURE


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chart", "top_actors"], "query 'top_actors' cannot be charted"),
        (["chart", "weekly_trend_top_actors", "--top", "0"], "--top must be at least 1"),
        (["chart", "mentions_per_actor_per_week", "--param", "actr=iran"], "has no parameter actr"),
        (["chart", "mentions_per_actor_per_week", "--param", "date_from=soon"], "'soon' is not a valid DATE"),
    ],
)
def test_cli_chart_refuses_with_one_line(
    small_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "never.png"
    assert main([*args, "--out", str(out), "--warehouse", str(small_warehouse)]) == USAGE_ERROR
    error = capsys.readouterr().err
    assert message in error
    assert error.count("\n") == 1
    assert not out.exists()


def test_cli_chart_without_a_warehouse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["chart", "weekly_trend_top_actors", "--out", str(tmp_path / "x.png")]
    assert main([*args, "--warehouse", str(tmp_path / "missing.duckdb")]) == USAGE_ERROR
    assert "no warehouse at" in capsys.readouterr().err
