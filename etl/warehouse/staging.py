"""Frames shaped for the warehouse: what one load writes, decided before the database is touched."""

from dataclasses import dataclass

import polars as pl

OUTCOMES = ("loaded", "quarantined", "skipped_duplicate", "skipped_non_html")

INGEST_LOG_SCHEMA = {
    "batch_id": pl.Utf8,
    "source_path": pl.Utf8,
    "input_id": pl.Utf8,
    "size_bytes": pl.Int64,
    "outcome": pl.Utf8,
    "article_id": pl.Utf8,
    "reason": pl.Utf8,
}


@dataclass(frozen=True)
class StagedLoad:
    """Everything one load writes, for the batches in `batch_ids` and nothing else."""

    batch_ids: list[str]
    ingest_log: pl.DataFrame
    articles: pl.DataFrame
    mentions: pl.DataFrame
    quarantine: pl.DataFrame
    actors: pl.DataFrame


def input_outcomes(raw_html: pl.DataFrame, articles: pl.DataFrame, rejects: pl.DataFrame) -> pl.DataFrame:
    """One row per input: loaded, quarantined (with stage and reason), skipped as a duplicate
    of an input read earlier (whose article it then names), or a WARC record skipped as not HTML."""
    rejected = rejects.select("batch_id", "source_path", pl.col("stage").alias("reject_stage"), "reason")
    parsed = articles.select("batch_id", "source_path", "article_id")
    copied = articles.select(
        pl.col("source_path").alias("duplicate_of"), pl.col("article_id").alias("original_article_id")
    )
    outcomes = (
        raw_html.select("batch_id", "source_path", "input_id", "size_bytes", "duplicate_of", "skip_reason")
        .join(rejected, on=["batch_id", "source_path"], how="left")
        .join(parsed, on=["batch_id", "source_path"], how="left")
        .join(copied, on="duplicate_of", how="left")
    )
    return outcomes.select(
        "batch_id",
        "source_path",
        "input_id",
        "size_bytes",
        pl.when(pl.col("duplicate_of").is_not_null())
        .then(pl.lit("skipped_duplicate"))
        .when(pl.col("skip_reason").is_not_null())
        .then(pl.lit("skipped_non_html"))
        .when(pl.col("reject_stage").is_not_null())
        .then(pl.lit("quarantined"))
        .otherwise(pl.lit("loaded"))
        .alias("outcome"),
        pl.coalesce("article_id", "original_article_id").alias("article_id"),
        pl.when(pl.col("duplicate_of").is_not_null())
        .then(pl.lit("same bytes as ") + pl.col("duplicate_of"))
        .otherwise(pl.coalesce("skip_reason", "reason"))
        .alias("reason"),
    ).cast(INGEST_LOG_SCHEMA)


def reconcile(outcomes: pl.DataFrame) -> dict[str, int]:
    """inputs = loaded + quarantined + skipped_duplicate + skipped_non_html, as counts."""
    counts = {"inputs": outcomes.height, **dict.fromkeys(OUTCOMES, 0)}
    for outcome, size in outcomes.group_by("outcome").len().iter_rows():
        counts[outcome] = size
    return counts
