"""History recounted after a dictionary change: which stored batches were counted with another
dictionary, and what a load's recount changed, per actor and week.

A load that replaces articles the warehouse already holds (a recount from the lake, or a reload
of the same landing files) counts their mentions before and after, in its transaction; the
difference is what the new dictionary gained (or lost) for each actor, in which weeks. Articles
loaded for the first time are not part of it: their mentions are new, not recounted."""

from dataclasses import dataclass

import duckdb
import polars as pl

from etl.warehouse.sql_files import read_sql

RECOUNTED_VIEW = "recounted_articles"
LOAD_IDS_VIEW = "load_article_ids"
UNDATED = "undated"
CHANGE_SCHEMA = {"actor_id": pl.Utf8, "week_start": pl.Date, "gained": pl.Int64}


@dataclass(frozen=True, slots=True)
class RecountBaseline:
    """The stored articles a load replaces, and their mentions per actor and week before it."""

    articles: pl.DataFrame
    counts: pl.DataFrame


def holds_articles(connection: duckdb.DuckDBPyConnection) -> bool:
    return bool(connection.execute(read_sql("meta/articles_table_exists")).fetchone()[0])


def stale_batches(connection: duckdb.DuckDBPyConnection, dictionary_version: str) -> dict[str, int]:
    """Batch → how many of its stored articles were counted with another dictionary."""
    rows = connection.execute(read_sql("meta/stale_batches"), {"dictionary_version": dictionary_version})
    return {batch: int(articles) for batch, articles in rows.fetchall()}


def count_before_load(connection: duckdb.DuckDBPyConnection, load_article_ids: pl.Series) -> RecountBaseline:
    connection.register(LOAD_IDS_VIEW, load_article_ids.rename("article_id").to_frame())
    stored = connection.sql(read_sql("meta/stored_articles_of_load")).pl()
    connection.unregister(LOAD_IDS_VIEW)
    return RecountBaseline(stored, _counts(connection, stored))


def changes_after_load(connection: duckdb.DuckDBPyConnection, baseline: RecountBaseline) -> pl.DataFrame:
    """Per actor and week, the mentions the load's recount gained (negative: lost); only
    non-zero changes."""
    after = _counts(connection, baseline.articles)
    keys = ["actor_id", "week_start"]
    joined = after.join(baseline.counts, on=keys, how="full", coalesce=True, suffix="_before")
    return (
        joined.select(
            *keys,
            gained=pl.col("mentions").fill_null(0).cast(pl.Int64)
            - pl.col("mentions_before").fill_null(0).cast(pl.Int64),
        )
        .filter(pl.col("gained") != 0)
        .cast(CHANGE_SCHEMA)
        .sort(keys, nulls_last=True)
    )


def _counts(connection: duckdb.DuckDBPyConnection, articles: pl.DataFrame) -> pl.DataFrame:
    connection.register(RECOUNTED_VIEW, articles)
    counts = connection.sql(read_sql("meta/recounted_mention_counts")).pl()
    connection.unregister(RECOUNTED_VIEW)
    return counts


def changes_as_json(recounted_articles: int, changes: pl.DataFrame) -> dict[str, object]:
    """The changes as JSON metadata: {articles, actors: {actor_id: {gained, weeks: {week: n}}}}."""
    actors: dict[str, dict[str, object]] = {}
    for actor_id, week_start, gained in changes.iter_rows():
        entry = actors.setdefault(actor_id, {"gained": 0, "weeks": {}})
        entry["gained"] += gained
        entry["weeks"][week_start.isoformat() if week_start else UNDATED] = gained
    return {"articles": recounted_articles, "actors": actors}


def merge_changes(parts: list[dict]) -> dict[str, object]:
    """Several loads' `changes_as_json` as one."""
    actors: dict[str, dict[str, object]] = {}
    for part in parts:
        for actor_id, change in part["actors"].items():
            entry = actors.setdefault(actor_id, {"gained": 0, "weeks": {}})
            entry["gained"] += change["gained"]
            for week, gained in change["weeks"].items():
                entry["weeks"][week] = entry["weeks"].get(week, 0) + gained
    return {"articles": sum(part["articles"] for part in parts), "actors": actors}


def change_lines(changes: dict, names: dict[str, str], limit: int = 20, weeks_shown: int = 12) -> list[str]:
    """One line per actor whose count changed, largest change first: its gain and the weeks
    (the first `weeks_shown` of them, in calendar order)."""
    ranked = sorted(changes["actors"].items(), key=lambda item: (-abs(item[1]["gained"]), item[0]))
    lines = []
    for actor_id, change in ranked[:limit]:
        weeks = sorted(change["weeks"].items())
        shown = ", ".join(f"{week} {gained:+d}" for week, gained in weeks[:weeks_shown])
        more = f" and {len(weeks) - weeks_shown} more weeks" if len(weeks) > weeks_shown else ""
        name = names.get(actor_id, actor_id)
        lines.append(f"  {actor_id} ({name}): {change['gained']:+d} mentions; weeks {shown}{more}")
    if len(ranked) > limit:
        lines.append(f"  ... and {len(ranked) - limit} more actors changed")
    return lines
