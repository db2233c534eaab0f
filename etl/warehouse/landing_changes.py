"""Loaded inputs whose landing files are gone: reported by every run, removed only on request.

The rule: cleaning up a landing folder never removes loaded data. An input deleted from a batch
folder keeps its ingest_log row, article and mentions when the batch is loaded again, exactly as
the inputs of a deleted batch folder do (that batch is not loaded again at all). Each run
reports how many loaded inputs it no longer finds and what the warehouse keeps of them;
`newsetl forget` removes them, and loads again the batches of any skipped duplicate still
present whose original it removes, so that copy becomes the loaded one. An overwritten input is
a new version of the same input: the load replaces its article and mentions, and the run
reports that too (`changed_*` counts).
"""

from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import polars as pl

from etl.ingest import LandingInput
from etl.warehouse.sql_files import read_sql

_KEYS = {"batch_id": pl.Utf8, "source_path": pl.Utf8}
# What a load did to inputs overwritten since they were loaded (sql/meta/changed_inputs_outcome.sql).
CHANGE_COUNTS = (
    "changed_inputs",
    "changed_articles_removed",
    "changed_articles_added",
    "changed_mentions_removed",
    "changed_mentions_added",
)
# A WARC record is logged as `<archive path>@<record offset>`; its landing file is the archive.
_RECORD_OFFSET = r"@[0-9]+$"


@dataclass(frozen=True)
class MissingInputs:
    """Loaded inputs not found in the landing folder, and what the warehouse keeps of them."""

    inputs: int
    batches_gone: int
    articles: int
    mentions: int


def present_inputs(inputs: list[LandingInput]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "batch_id": [item.batch_id for item in inputs],
            "source_path": [item.source_path for item in inputs],
        },
        schema=_KEYS,
    )


def missing_inputs(
    connection: duckdb.DuckDBPyConnection, present: pl.DataFrame, refused_batches: Iterable[str] = ()
) -> pl.DataFrame:
    """(batch_id, source_path) of every logged input whose file is not in `present`. The inputs
    of `refused_batches` (folders still there that the listing refused, unreadable ones among
    them) are never missing: their files were not listed, not deleted."""
    logged = connection.sql(read_sql("meta/logged_inputs")).pl()
    logged = logged.filter(~pl.col("batch_id").is_in(list(refused_batches)))
    logged = logged.with_columns(pl.col("source_path").str.replace(_RECORD_OFFSET, "").alias("file_path"))
    return (
        logged.join(present, on=["batch_id", "source_path"], how="anti")
        .join(present.rename({"source_path": "file_path"}), on=["batch_id", "file_path"], how="anti")
        .select(*_KEYS)
        .cast(_KEYS)
    )


def summarise_missing(
    connection: duckdb.DuckDBPyConnection, missing: pl.DataFrame, present: pl.DataFrame
) -> MissingInputs:
    connection.register("missing_inputs", missing)
    try:
        inputs, articles, mentions = connection.execute(read_sql("meta/missing_inputs_summary")).fetchall()[0]
    finally:
        connection.unregister("missing_inputs")
    batches_gone = missing.select(pl.col("batch_id").unique()).join(present, on="batch_id", how="anti")
    return MissingInputs(int(inputs), batches_gone.height, int(articles), int(mentions))


def stranded_duplicates(connection: duckdb.DuckDBPyConnection, missing: pl.DataFrame) -> pl.DataFrame:
    """(batch_id, source_path) of the skipped duplicates, still in the landing folder, whose
    article is among the `missing` inputs' (or already gone): forgetting the original must not
    take a copy that is still present with it, so the caller loads their batches again."""
    connection.register("missing_inputs", missing)
    try:
        return connection.sql(read_sql("meta/stranded_duplicates")).pl().cast(_KEYS)
    finally:
        connection.unregister("missing_inputs")


def forget_inputs(connection: duckdb.DuckDBPyConnection, missing: pl.DataFrame) -> None:
    """Delete every row of the `missing` inputs (inside the caller's transaction)."""
    connection.register("missing_inputs", missing)
    connection.execute(read_sql("load/forget_inputs"))
    connection.unregister("missing_inputs")
