"""Warehouse layer: the star schema in DuckDB, written in one transaction per load, and the
weekly trend mart built from it."""

from datetime import UTC, datetime

import dagster as dg
import polars as pl

from etl.defs.metadata import frame_preview
from etl.defs.resources import DuckDBWarehouse
from etl.warehouse.load import load_batches, refresh_marts, table_fingerprints
from etl.warehouse.queries import run_named_query
from etl.warehouse.staging import StagedLoad, input_outcomes, reconcile

WAREHOUSE_POOL = "duckdb_warehouse"
RECONCILIATION_CHECK = "inputs_reconcile"

_TABLE_DESCRIPTIONS = {
    "dim_actor": "Actors from the dictionary, with the dictionary version they come from.",
    "dim_source": "One row per publishing domain: site name and main language.",
    "dim_date": "Calendar days with their ISO week start (Monday), month and year.",
    "fact_article": "One row per loaded article, with its publication date, source and body.",
    "fact_mention": "One row per actor mention, traceable to its article and character offsets.",
    "quarantine": "Inputs that could not be loaded: stage, reason, first and last seen.",
    "ingest_log": "Every input with its outcome: loaded, quarantined or skipped duplicate.",
}


def stage_load(
    raw_html: pl.DataFrame,
    articles: pl.DataFrame,
    parse_rejects: pl.DataFrame,
    actor_mentions: pl.DataFrame,
    actor_dictionary: pl.DataFrame,
) -> StagedLoad:
    return StagedLoad(
        batch_ids=sorted(raw_html["batch_id"].unique().to_list()),
        ingest_log=input_outcomes(raw_html, articles, parse_rejects),
        articles=articles.with_columns(cluster_key=pl.lit(None, dtype=pl.Utf8)),
        mentions=actor_mentions,
        quarantine=parse_rejects,
        actors=actor_dictionary,
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            table,
            group_name="warehouse",
            kinds={"duckdb"},
            description=description,
            deps=["raw_html", "articles", "parse_rejects", "actor_mentions", "actor_dictionary"],
        )
        for table, description in _TABLE_DESCRIPTIONS.items()
    ],
    check_specs=[
        dg.AssetCheckSpec(
            RECONCILIATION_CHECK,
            asset="ingest_log",
            description="inputs = loaded + quarantined + skipped duplicates, for the loaded batches",
        )
    ],
    pool=WAREHOUSE_POOL,
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    warehouse: DuckDBWarehouse,
    raw_html: pl.DataFrame,
    articles: pl.DataFrame,
    parse_rejects: pl.DataFrame,
    actor_mentions: pl.DataFrame,
    actor_dictionary: pl.DataFrame,
):
    """Replace the rows of the landed batches in every warehouse table, in one transaction."""
    staged = stage_load(raw_html, articles, parse_rejects, actor_mentions, actor_dictionary)
    expected = reconcile(staged.ingest_log)
    with warehouse.write() as connection:
        counts = load_batches(connection, staged, datetime.now(UTC))
        fingerprints = table_fingerprints(connection)
    context.log.info(f"loaded batches {staged.batch_ids}: {counts}")
    for table in _TABLE_DESCRIPTIONS:
        row_count, content_md5 = fingerprints[table]
        yield dg.MaterializeResult(
            asset_key=table,
            metadata={"dagster/row_count": row_count, "content_md5": content_md5, **counts},
        )
    balanced = counts["inputs"] == counts["loaded"] + counts["quarantined"] + counts["skipped_duplicate"]
    yield dg.AssetCheckResult(
        check_name=RECONCILIATION_CHECK,
        asset_key="ingest_log",
        passed=balanced and counts["inputs"] == expected["inputs"],
        metadata={**counts, "inputs_read": expected["inputs"]},
    )


@dg.asset(
    group_name="marts",
    kinds={"duckdb"},
    deps=["fact_mention", "dim_actor", "dim_date"],
    pool=WAREHOUSE_POOL,
)
def mentions_per_actor_per_week(
    context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse
) -> dg.MaterializeResult:
    """Mentions and distinct articles per actor per ISO week (Monday), by publication date."""
    with warehouse.write() as connection:
        refresh_marts(connection)
    with warehouse.read() as connection:
        trend = run_named_query(connection, "mentions_per_actor_per_week", {"limit": 100_000})
    context.log.info(f"trend: {trend.height} actor-weeks")
    top = trend.sort(["mentions", "week_start"], descending=[True, False]).head(10)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": trend.height,
            "weeks": trend["week_start"].n_unique() if trend.height else 0,
            "top_actor_weeks": frame_preview(top, rows=10),
        }
    )
