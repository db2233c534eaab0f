"""Recount benchmark: N stored articles, one alias changed, mentions and marts recounted.

Run: uv run python -m bench.recount [--articles 1000000] [--procs N] [--pool 50000] [--keep DIR]

Setup (timed, but not part of the recount): N Arabic/English articles (~2 KB bodies from the
scale corpus's sentence banks; each article has its own id and date and takes its text from a pool
of --pool distinct texts in turn) as lake Parquet parts, loaded into a fresh DuckDB warehouse
(dim_actor, dim_date, fact_article); then mentions counted with the shipped dictionary into
fact_mention, as the warehouse would stand before the change.

The change: syrian-government's English alias "Syrian authorities" becomes "Damascus authorities",
a phrase one English article in ten uses. The recount (the figure the bar is about) loads the
changed dictionary, runs `find_mentions` over every stored article in parallel Parquet chunks,
replaces fact_mention and dim_actor in one transaction and rebuilds the marts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from bench.corpus_generator import article_text, load_banks
from bench.machine import machine_line
from etl.actors import DEFAULT_ACTORS_PATH, DEFAULT_ROLES_PATH, find_mentions, load_dictionary
from etl.parse.article_frame import ARTICLE_SCHEMA
from etl.warehouse.load import refresh_marts
from etl.warehouse.migrations import migrate

MAX_PART_ROWS = 25_000
# Parts per process: enough that an uneven part does not leave a core idle at the end.
PARTS_PER_PROC = 4
BAR_SECONDS = 300.0
CHANGED_ACTOR = "syrian-government"
OLD_ALIAS, NEW_ALIAS = "Syrian authorities", "Damascus authorities"
NEW_ALIAS_SENTENCE = "Damascus authorities did not respond to a request for comment on the report."
NEW_ALIAS_EVERY = 10
# Generating a million distinct texts would take longer than the recount itself; articles take
# the pool's texts in turn, and the matcher does the full work for every article regardless.
TEXT_POOL = 50_000
FIRST_DAY = dt.date(2017, 1, 2)
DAYS = 365
# The stored articles' columns a recount reads, typed as the articles frame types them.
ARTICLES_SCHEMA = {
    column: ARTICLE_SCHEMA[column]
    for column in ("article_id", "batch_id", "title", "body", "published_at", "language")
}

# The SQL of the pipeline's loads, reduced to what a recount touches (sql/load/*.sql).
CALENDAR_SQL = """
INSERT INTO dim_date
SELECT d, CAST(date_trunc('week', d) AS DATE), isoyear(d), week(d), CAST(date_trunc('month', d) AS DATE),
       year(d), isodow(d)
FROM (SELECT CAST(unnest(generate_series(DATE '2017-01-01', DATE '2018-01-31', INTERVAL 1 DAY)) AS DATE) AS d)
"""
STORED_ARTICLES_SQL = """
INSERT INTO fact_article BY NAME
SELECT article_id, batch_id, 'bench/' || article_id AS source_path, title, published_at,
       CAST(published_at AS DATE) AS date_key, 'generated' AS published_at_source, language, body,
       length(body) AS body_chars, 'bench' AS parser_version, now() AS ingested_at
FROM read_parquet('{lake}/*.parquet')
"""
RECOUNTED_MENTIONS_SQL = """
INSERT INTO fact_mention
SELECT m.article_id || ':' || m.field || ':' || CAST(m.start AS VARCHAR), m.article_id, m.actor_id,
       a.date_key, a.batch_id, m.field, m.start, m."end", m.surface, m.alias, m.strength, m.snippet,
       m.dictionary_version, m.extractor_version
FROM read_parquet('{mentions}/*.parquet') AS m
INNER JOIN fact_article AS a ON a.article_id = m.article_id
"""

_worker_dictionary = None


def stored_text(index: int, seed: int) -> dict[str, str]:
    """Title, body and language of text `index`: odd ones Arabic, even ones English."""
    banks = load_banks()
    rng = random.Random(f"{seed}:{index}:recount")
    language = "ar" if index % 2 else "en"
    actors = rng.sample(banks.actor_ids, rng.randint(1, 4))
    title, paragraphs = article_text(rng, banks, language, actors, paragraph_range=(5, 8))
    body = "\n".join(paragraphs)
    if language == "en" and index % (2 * NEW_ALIAS_EVERY) == 0:
        body = f"{body}\n{NEW_ALIAS_SENTENCE}"
    return {"title": title, "body": body, "language": language}


def text_pool(size: int, seed: int = 0) -> pl.DataFrame:
    return pl.DataFrame([stored_text(index, seed) for index in range(size)])


def stored_articles(pool: pl.DataFrame, start: int, stop: int) -> pl.DataFrame:
    """Articles start..stop-1: text from the pool in turn, each with its own id and a date over a year."""
    index = pl.int_range(start, stop, eager=True, dtype=pl.Int64).alias("index")
    day = pl.lit(FIRST_DAY) + pl.duration(days=pl.col("index") % DAYS)
    minute_of_day = 360 + pl.col("index") % 720
    return (
        pl.DataFrame(index)
        .with_columns(pool[(index % pool.height).to_list()])
        .with_columns(
            article_id=pl.format("a{}", pl.col("index").cast(pl.Utf8).str.zfill(8)),
            batch_id=(day + pl.duration(days=1)).dt.strftime("%Y-%m-%d"),
            published_at=(
                day.cast(pl.Datetime("us")) + pl.duration(minutes=minute_of_day)
            ).dt.replace_time_zone("UTC"),
        )
        .select(list(ARTICLES_SCHEMA))
        .cast(ARTICLES_SCHEMA)
    )


def build_lake(lake_dir: Path, articles: int, pool: pl.DataFrame, procs: int) -> list[Path]:
    """The stored articles as Parquet parts of at most MAX_PART_ROWS rows, the way the lake holds
    them, and at least PARTS_PER_PROC parts per counting process."""
    lake_dir.mkdir(parents=True, exist_ok=True)
    part_rows = max(1, min(MAX_PART_ROWS, -(-articles // (procs * PARTS_PER_PROC))))
    parts = []
    for part, start in enumerate(range(0, articles, part_rows)):
        target = lake_dir / f"part-{part:04d}.parquet"
        stored_articles(pool, start, min(start + part_rows, articles)).write_parquet(target)
        parts.append(target)
    return parts


def changed_dictionary_path(target_dir: Path) -> Path:
    """A copy of actors.yaml with one alias renamed."""
    text = DEFAULT_ACTORS_PATH.read_text(encoding="utf-8")
    old_line = next(line for line in text.splitlines() if f"{OLD_ALIAS}]" in line)
    if "Syrian government" not in old_line:
        raise ValueError(f"the alias {OLD_ALIAS!r} is no longer the one of {CHANGED_ACTOR}")
    target = target_dir / "actors.yaml"
    target.write_text(text.replace(old_line, old_line.replace(OLD_ALIAS, NEW_ALIAS)), encoding="utf-8")
    return target


def _load_worker_dictionary(actors_path: Path, roles_path: Path) -> None:
    global _worker_dictionary
    _worker_dictionary = load_dictionary(actors_path, roles_path)


def _count_part(job: tuple[Path, Path]) -> int:
    part, out_dir = job
    articles = pl.read_parquet(part, columns=["article_id", "title", "body", "published_at"])
    mentions = find_mentions(articles, _worker_dictionary)
    mentions.write_parquet(out_dir / part.name)
    return mentions.height


def count_mentions(parts: list[Path], actors_path: Path, out_dir: Path, procs: int) -> int:
    """find_mentions over every part in `procs` processes; one mention Parquet per part."""
    out_dir.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("forkserver")
    with context.Pool(procs, _load_worker_dictionary, (actors_path, DEFAULT_ROLES_PATH)) as pool:
        return sum(pool.imap_unordered(_count_part, [(part, out_dir) for part in parts]))


def build_warehouse(path: Path, lake_dir: Path, actors: pl.DataFrame) -> int:
    """A fresh warehouse holding the stored articles, the actors and the calendar."""
    with duckdb.connect(str(path)) as connection:
        migrate(connection)
        connection.register("staged_actors", actors)
        connection.execute("INSERT INTO dim_actor SELECT * FROM staged_actors")
        connection.execute(CALENDAR_SQL)
        connection.execute(STORED_ARTICLES_SQL.format(lake=lake_dir))
        return connection.execute("SELECT count(*) FROM fact_article").fetchone()[0]


def replace_mentions(path: Path, mentions_dir: Path, actors: pl.DataFrame) -> int:
    """Swap fact_mention for the recounted rows and upsert dim_actor, in one transaction."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("BEGIN TRANSACTION")
        connection.register("staged_actors", actors)
        connection.execute(
            "INSERT INTO dim_actor SELECT * FROM staged_actors ON CONFLICT (actor_id) "
            "DO UPDATE SET dictionary_version = excluded.dictionary_version"
        )
        connection.execute("DELETE FROM fact_mention")
        connection.execute(RECOUNTED_MENTIONS_SQL.format(mentions=mentions_dir))
        connection.execute("COMMIT")
        return connection.execute("SELECT count(*) FROM fact_mention").fetchone()[0]


def rebuild_marts(path: Path) -> list[str]:
    with duckdb.connect(str(path)) as connection:
        return refresh_marts(connection)


def actor_mentions(path: Path, actor_id: str) -> tuple[int, int]:
    """(mentions of the actor, of them through the new alias) in fact_mention."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE alias = ?) FROM fact_mention WHERE actor_id = ?",
            [NEW_ALIAS, actor_id],
        ).fetchone()


@contextmanager
def timed(label: str, timings: dict[str, float]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[label] = time.perf_counter() - started
    print(f"  {label:<44} {timings[label]:8.1f} s", flush=True)


def _dim_actor_frame(actors_path: Path) -> pl.DataFrame:
    return load_dictionary(actors_path, DEFAULT_ROLES_PATH).dim_actor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--pool", type=int, default=TEXT_POOL, help="distinct texts the articles take in turn"
    )
    parser.add_argument("--keep", type=Path, default=None, help="work in DIR and keep it (default: temp dir)")
    args = parser.parse_args()
    print(machine_line(f"{args.articles} articles", f"{args.procs} procs"))
    with tempfile.TemporaryDirectory(prefix="newsetl-recount-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        lake_dir, warehouse = work / "lake" / "articles", work / "news.duckdb"
        setup: dict[str, float] = {}
        print("setup:")
        with timed(f"generate {min(args.pool, args.articles)} distinct article texts", setup):
            pool = text_pool(min(args.pool, args.articles), args.seed)
        with timed("write the stored articles (lake Parquet)", setup):
            parts = build_lake(lake_dir, args.articles, pool, args.procs)
        with timed("load fact_article into a fresh warehouse", setup):
            build_warehouse(warehouse, lake_dir, _dim_actor_frame(DEFAULT_ACTORS_PATH))
        with timed("count with the shipped dictionary", setup):
            count_mentions(parts, DEFAULT_ACTORS_PATH, work / "mentions_before", args.procs)
        with timed("load those mentions", setup):
            before_rows = replace_mentions(
                warehouse, work / "mentions_before", _dim_actor_frame(DEFAULT_ACTORS_PATH)
            )
        before = actor_mentions(warehouse, CHANGED_ACTOR)
        lake_bytes = sum(part.stat().st_size for part in parts)
        print(f"  stored: {args.articles} articles in {len(parts)} Parquet parts ({lake_bytes / 1e6:.0f} MB)")

        print(f"recount after renaming {CHANGED_ACTOR}'s alias {OLD_ALIAS!r} to {NEW_ALIAS!r}:")
        recount: dict[str, float] = {}
        with timed("load the changed dictionary", recount):
            changed = changed_dictionary_path(work)
            changed_actors = _dim_actor_frame(changed)
        with timed(f"find_mentions over all articles ({args.procs} procs)", recount):
            count_mentions(parts, changed, work / "mentions_after", args.procs)
        with timed("replace fact_mention (one transaction)", recount):
            after_rows = replace_mentions(warehouse, work / "mentions_after", changed_actors)
        with timed("rebuild the marts", recount):
            marts = rebuild_marts(warehouse)
        after = actor_mentions(warehouse, CHANGED_ACTOR)
        total = sum(recount.values())
        print(f"  {'total':<44} {total:8.1f} s")
        print(
            f"fact_mention rows {before_rows} -> {after_rows}; "
            f"{CHANGED_ACTOR} mentions {before[0]} -> {after[0]} "
            f"({after[1]} through {NEW_ALIAS!r}); marts rebuilt: {', '.join(marts)}"
        )
        print(
            f"recount of {args.articles} articles: {total:.1f} s = {total / 60:.2f} min "
            f"(bar: 1,000,000 articles in <= {BAR_SECONDS / 60:.0f} min)"
        )
        print(f"machine after: load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}")


if __name__ == "__main__":
    main()
