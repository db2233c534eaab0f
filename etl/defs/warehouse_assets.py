"""Warehouse layer: the star schema in DuckDB, one batch per partition written in one
transaction, its integrity checks, and the weekly trend mart built from it."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from etl.dedupe import DEDUPE_VERSION
from etl.defs.metadata import frame_preview
from etl.defs.partitions import batch_backfill_policy, landing_batches
from etl.defs.resources import ActorDictionaryFiles, DuckDBWarehouse
from etl.ingest import RAW_HTML_SCHEMA
from etl.warehouse.charts import png_markdown, weekly_trend_chart
from etl.warehouse.clusters import recluster
from etl.warehouse.integrity import CLUSTERING_DEFERRED_TAG, IntegrityReport, integrity_report
from etl.warehouse.load import load_batches, load_fingerprints, refresh_marts
from etl.warehouse.queries import run_named_query
from etl.warehouse.staging import OUTCOMES, StagedLoad, input_outcomes, reconcile

WAREHOUSE_POOL = "duckdb_warehouse"
# The load records every input's outcome; it never needs the page bytes.
RAW_HTML_COLUMNS_WITHOUT_BYTES = [column for column in RAW_HTML_SCHEMA if column != "content"]

_TABLE_DESCRIPTIONS = {
    "dim_actor": "Actors from the dictionary, with the dictionary version they come from.",
    "dim_source": "One row per publishing domain: site name and main language.",
    "dim_date": "Calendar days with their ISO week start (Monday), month and year.",
    "fact_article": "One row per loaded article, with its publication date, source and body.",
    "fact_mention": "One row per actor mention, traceable to its article and character offsets.",
    "quarantine": "Inputs that could not be loaded: stage, reason, first and last seen.",
    "ingest_log": "Every input with its outcome: loaded, quarantined or skipped duplicate.",
}

_CHECKS = {
    "inputs_reconcile": ("ingest_log", "inputs = loaded + quarantined + skipped (duplicates, non-HTML)"),
    "keys_unique": ("fact_article", "article, mention, actor and input keys occur once"),
    "foreign_keys_resolve": ("fact_mention", "every fact row's article, actor, date and source exist"),
    "mention_offsets_in_text": (
        "fact_mention",
        "the loaded batches' mention offsets lie inside the text and slice it to the surface",
    ),
    "clusters_current": (
        "fact_article",
        "no article of an earlier load still waits for clustering (a run stopped between its load"
        " and article_clusters; this run's clustering repairs it)",
    ),
}


def stage_load(
    batch_ids: list[str],
    raw_html: pl.DataFrame,
    articles: pl.DataFrame,
    parse_rejects: pl.DataFrame,
    actor_mentions: pl.DataFrame,
    dim_actor: pl.DataFrame,
) -> StagedLoad:
    return StagedLoad(
        batch_ids=batch_ids,
        ingest_log=input_outcomes(raw_html, articles, parse_rejects),
        # Each article stands for itself until article_clusters compares it with the whole
        # warehouse; duplicate_kind NULL says that has not happened yet.
        articles=articles.with_columns(
            cluster_key=pl.col("article_id"),
            duplicate_kind=pl.lit(None, pl.Utf8),
            is_cluster_representative=pl.lit(True),
        ),
        mentions=actor_mentions,
        quarantine=parse_rejects,
        actors=dim_actor,
    )


def _check_results(report: IntegrityReport, counts: dict[str, int]) -> list[dg.AssetCheckResult]:
    reconciled = counts["inputs"] == sum(counts[outcome] for outcome in OUTCOMES)
    passed = {
        "inputs_reconcile": reconciled and counts["inputs"] == counts["inputs_read"],
        "keys_unique": not any(report.duplicate_keys.values()),
        "foreign_keys_resolve": not any(report.foreign_keys.values()),
        "mention_offsets_in_text": not (
            report.mention_offsets["outside_text"] or report.mention_offsets["surface_mismatch"]
        ),
        "clusters_current": not report.clustering["awaiting_clustering"],
    }
    numbers = {
        "inputs_reconcile": counts,
        "keys_unique": report.duplicate_keys,
        "foreign_keys_resolve": report.foreign_keys,
        "mention_offsets_in_text": report.mention_offsets,
        "clusters_current": report.clustering,
    }
    return [
        dg.AssetCheckResult(
            check_name=name, asset_key=_CHECKS[name][0], passed=passed[name], metadata=numbers[name]
        )
        for name in _CHECKS
    ]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            table,
            group_name="warehouse",
            kinds={"duckdb"},
            description=description,
            partitions_def=landing_batches,
            deps=["raw_html", "articles", "parse_rejects", "actor_mentions", "actor_dictionary"],
        )
        for table, description in _TABLE_DESCRIPTIONS.items()
    ],
    check_specs=[
        dg.AssetCheckSpec(name, asset=asset, description=description)
        for name, (asset, description) in _CHECKS.items()
    ],
    pool=WAREHOUSE_POOL,
    backfill_policy=batch_backfill_policy,
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    warehouse: DuckDBWarehouse,
    actor_dictionary_files: ActorDictionaryFiles,
    raw_html: pl.LazyFrame,
    articles: pl.DataFrame,
    parse_rejects: pl.DataFrame,
    actor_mentions: pl.DataFrame,
):
    """Replace the batches' rows in every warehouse table, in one transaction, then check the
    warehouse's keys, references, offsets and input reconciliation."""
    batch_ids = sorted(context.partition_keys)
    # Lazily, so the page bytes (most of raw_html) are never read: the load needs outcomes only.
    inputs = raw_html.select(RAW_HTML_COLUMNS_WITHOUT_BYTES).collect()
    staged = stage_load(
        batch_ids, inputs, articles, parse_rejects, actor_mentions, actor_dictionary_files.load().dim_actor
    )
    loaded_at = datetime.now(UTC)
    deferred_since = context.run.tags.get(CLUSTERING_DEFERRED_TAG)
    with warehouse.write() as connection:
        counts = load_batches(connection, staged, loaded_at)
        report = integrity_report(
            connection, batch_ids, datetime.fromisoformat(deferred_since) if deferred_since else loaded_at
        )
        fingerprints = load_fingerprints(connection, batch_ids)
    counts["inputs_read"] = reconcile(staged.ingest_log)["inputs"]
    context.log.info(f"batches {batch_ids[0]}…{batch_ids[-1]} ({len(batch_ids)}): {counts}")
    for table in _TABLE_DESCRIPTIONS:
        yield dg.MaterializeResult(asset_key=table, metadata={**fingerprints[table], **counts})
    yield from _check_results(report, counts)


@dg.asset(
    group_name="marts",
    kinds={"python", "duckdb"},
    deps=["fact_article"],
    code_version=DEDUPE_VERSION,
    pool=WAREHOUSE_POOL,
)
def article_clusters(context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse) -> dg.MaterializeResult:
    """Syndication clusters over every loaded article (exact URL, exact body, near-duplicate
    bodies), written onto fact_article as cluster_key, duplicate_kind and the representative
    that deduplicated counts use. Whole-warehouse, because copies arrive in different batches."""
    # recluster sizes DuckDB's buffer pool to the stored bodies.
    with warehouse.write() as connection:
        clusters = recluster(connection)
    copies = clusters.filter(pl.col("cluster_size") > 1)
    context.log.info(f"{clusters.height} articles in {clusters['cluster_key'].n_unique()} clusters")
    return dg.MaterializeResult(
        metadata={
            "articles": clusters.height,
            "clusters": clusters["cluster_key"].n_unique(),
            "articles_in_multi_copy_clusters": copies.height,
            "duplicate_kinds": dict(clusters.group_by("duplicate_kind").len().iter_rows()),
            "multi_copy_clusters": frame_preview(
                copies.sort("cluster_key"),
                ["cluster_key", "article_id", "duplicate_kind", "is_representative"],
            ),
        }
    )


@dg.asset(
    group_name="marts",
    kinds={"duckdb"},
    deps=["fact_mention", "dim_actor", "dim_date", article_clusters],
    pool=WAREHOUSE_POOL,
)
def mentions_per_actor_per_week(
    context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse
) -> dg.MaterializeResult:
    """Mentions and distinct articles per actor per ISO week (Monday), by publication date, raw
    and deduplicated (each syndicated story once); the materialization shows the trend chart."""
    with warehouse.write() as connection:
        refresh_marts(connection)
    with warehouse.read() as connection:
        trend = run_named_query(connection, "mentions_per_actor_per_week", {"limit": 1_000_000})
        top_series = run_named_query(connection, "weekly_trend_top_actors", {"top": 8})
    chart = weekly_trend_chart(
        top_series, Path(warehouse.path).parent / "charts" / f"{context.asset_key.path[-1]}.png"
    )
    context.log.info(f"trend: {trend.height} actor-weeks; chart {chart}")
    top = trend.sort(["mentions", "week_start"], descending=[True, False]).head(10)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": trend.height,
            "weeks": trend["week_start"].n_unique() if trend.height else 0,
            "trend_chart": dg.MetadataValue.md(png_markdown(chart)),
            "trend_chart_path": dg.MetadataValue.path(str(chart)),
            "top_actor_weeks": frame_preview(top, rows=10),
        }
    )
