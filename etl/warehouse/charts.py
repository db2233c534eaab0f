"""The weekly trend as a picture: a line per top actor, drawn off-screen to a PNG file.

The figure is built with matplotlib's object API on the Agg canvas, never through pyplot, so
drawing touches no global backend state and needs no display.
"""

import base64
import re
from datetime import timedelta
from pathlib import Path

import polars as pl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import MO, DateFormatter, WeekdayLocator
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

TREND_COLUMNS = ("week_start", "actor_id", "actor_name", "mentions")
RAW_COUNTING = "raw: every copy of a syndicated story counted"
DEDUPLICATED_COUNTING = "de-duplicated: each syndicated story counted once"
FIGURE_INCHES = (11.0, 5.5)
DOTS_PER_INCH = 100
MAX_WEEK_TICKS = 12

# matplotlib draws Arabic letters unjoined and left to right without a shaping library, which
# renders a name unreadable; such names are labelled by their slug instead.
_ARABIC_LETTERS = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def actor_label(actor_id: str, actor_name: str | None) -> str:
    if not actor_name or _ARABIC_LETTERS.search(actor_name):
        return actor_id
    return actor_name


def top_actor_series(trend: pl.DataFrame, top: int) -> pl.DataFrame:
    """One row per week from the first to the last week of `trend` and one column of mentions per
    top actor (most mentions overall first), weeks without mentions as 0."""
    missing = sorted(set(TREND_COLUMNS) - set(trend.columns))
    if missing:
        raise ValueError(f"trend rows lack {', '.join(missing)}")
    totals = (
        trend.group_by("actor_id")
        .agg(pl.col("mentions").sum(), pl.col("actor_name").first())
        .sort(["mentions", "actor_id"], descending=[True, False])
        .head(top)
    )
    actor_ids = totals["actor_id"].to_list()
    labels = [
        actor_label(actor_id, name) for actor_id, name in totals.select("actor_id", "actor_name").rows()
    ]
    # Two actors may share a display name; the slug keeps their lines apart.
    labels = [
        f"{label} ({actor_id})" if labels.count(label) > 1 else label
        for actor_id, label in zip(actor_ids, labels, strict=True)
    ]
    first_week, last_week = trend["week_start"].min(), trend["week_start"].max()
    weeks = pl.DataFrame({"week_start": pl.date_range(first_week, last_week, timedelta(weeks=1), eager=True)})
    wide = (
        trend.filter(pl.col("actor_id").is_in(actor_ids))
        .group_by("week_start", "actor_id")
        .agg(pl.col("mentions").sum())
        .pivot(on="actor_id", index="week_start", values="mentions")
    )
    series = weeks.join(wide, on="week_start", how="left").fill_null(0)
    lines = [pl.col(actor_id).alias(label) for actor_id, label in zip(actor_ids, labels, strict=True)]
    return series.select("week_start", *lines)


def chart_title(trend: pl.DataFrame, top: int, deduplicated: bool = False) -> str:
    """What the chart draws: whose mentions (the actor's name when there is one), the days its
    weeks span, and whether copies of a syndicated story count once or each."""
    counting = DEDUPLICATED_COUNTING if deduplicated else RAW_COUNTING
    actors = trend.unique("actor_id", keep="first", maintain_order=True)
    if actors.height == 1:
        who = actor_label(actors["actor_id"][0], actors["actor_name"][0])
    else:
        who = f"the top {min(top, actors.height)} actors"
    if trend.is_empty():
        return f"Mentions per week of {who}\n{counting}"
    first_day = trend["week_start"].min()
    last_day = trend["week_start"].max() + timedelta(days=6)
    # Two lines: on one, a long name and the legend beside the axes push the title out of the figure.
    return f"Mentions per week of {who}, {first_day:%d %b %Y} to {last_day:%d %b %Y}\n{counting}"


def weekly_trend_chart(
    trend: pl.DataFrame, out: Path, top: int = 8, title: str | None = None, deduplicated: bool = False
) -> Path:
    """Draw weekly mentions of the `top` actors of `trend` (rows shaped like the
    `weekly_trend_top_actors` query) as a line chart, titled by `chart_title` unless `title` is
    given; write it to `out` as PNG and return `out`."""
    figure = Figure(figsize=FIGURE_INCHES, dpi=DOTS_PER_INCH, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title or chart_title(trend, top, deduplicated))
    axes.set_xlabel("week (Monday)")
    axes.set_ylabel("mentions")
    axes.grid(alpha=0.3)
    if trend.is_empty():
        axes.text(0.5, 0.5, "no mentions in this range", ha="center", va="center", transform=axes.transAxes)
    else:
        series = top_actor_series(trend, top)
        weeks = series["week_start"].to_list()
        for label in series.columns[1:]:
            axes.plot(weeks, series[label].to_list(), marker="o", markersize=3, linewidth=1.5, label=label)
        axes.set_ylim(bottom=0)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
        # Ticks on Mondays, the days the points stand for, at most about a dozen of them.
        tick_every = max(1, -(-len(weeks) // MAX_WEEK_TICKS))
        axes.xaxis.set_major_locator(WeekdayLocator(byweekday=MO, interval=tick_every))
        axes.xaxis.set_major_formatter(DateFormatter("%Y-%m-%d"))
        figure.autofmt_xdate()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, format="png")
    return out


def png_markdown(png: Path, alt: str = "weekly trend") -> str:
    """The PNG inlined as a Markdown image (a data URI), which the Dagster UI renders from
    Markdown metadata without access to the file."""
    encoded = base64.b64encode(Path(png).read_bytes()).decode("ascii")
    return f"![{alt}](data:image/png;base64,{encoded})"
