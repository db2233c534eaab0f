"""`find_mentions` spread over the warm process pool, for runs with many articles."""

from pathlib import Path

import polars as pl

from etl.actors.cache import current_dictionary
from etl.actors.matching import MENTION_SCHEMA, find_mentions
from etl.process_pool import pooled_map

# What matching reads of an article (the language decides whether capitals mark English names);
# only these columns cross the process boundary.
MATCHED_COLUMNS = ["article_id", "title", "body", "published_at", "language"]
# Below this many articles the pool costs more than it saves.
PARALLEL_MIN_ARTICLES = 400
CHUNK_ARTICLES = 250

MentionTask = tuple[Path, Path, pl.DataFrame]


def find_mentions_pooled(
    articles: pl.DataFrame,
    actors_path: Path,
    roles_path: Path,
    workers: int,
    min_parallel_articles: int = PARALLEL_MIN_ARTICLES,
    chunk_articles: int = CHUNK_ARTICLES,
) -> pl.DataFrame:
    """The same rows, in the same order, as `find_mentions` with the dictionary at those paths;
    each worker compiles the dictionary once and keeps it until the files change."""
    if workers <= 1 or articles.height < min_parallel_articles:
        return find_mentions(articles, current_dictionary(actors_path, roles_path))
    # find_mentions reads a missing column as nulls; so does a chunk without it.
    columns = articles.select([name for name in MATCHED_COLUMNS if name in articles.columns])
    tasks = ((actors_path, roles_path, chunk) for chunk in columns.iter_slices(chunk_articles))
    parts = list(pooled_map(workers, mentions_of_chunk, tasks))
    # find_mentions orders its rows by article, field and offset; so does the union of chunks.
    return (
        pl.concat(parts).sort(["article_id", "field", "start"])
        if parts
        else pl.DataFrame(schema=MENTION_SCHEMA)
    )


def mentions_of_chunk(task: MentionTask) -> pl.DataFrame:
    actors_path, roles_path, articles = task
    return find_mentions(articles, current_dictionary(actors_path, roles_path))
