"""Warehouse layer: the star schema in DuckDB, one batch per partition written in one
transaction, its integrity checks, and the weekly trend mart built from it."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from etl.dedupe import DEDUPE_VERSION
from etl.defs.metadata import PREVIEW_ROWS, frame_preview, table_metadata, table_schema
from etl.defs.partitions import batch_backfill_policy, landing_batches
from etl.defs.resources import ActorDictionaryFiles, DuckDBWarehouse
from etl.ingest import RAW_HTML_SCHEMA
from etl.warehouse.catalog import (
    batch_snapshots,
    failing_keys,
    outcomes_by_batch,
    table_columns,
    whole_table_snapshot,
)
from etl.warehouse.clusters import recluster
from etl.warehouse.integrity import (
    CLUSTERING_DEFERRED_TAG,
    IntegrityReport,
    integrity_report,
    weekly_mart_report,
)
from etl.warehouse.landing_changes import CHANGE_COUNTS
from etl.warehouse.load import load_batches, refresh_marts
from etl.warehouse.queries import run_named_query
from etl.warehouse.recount import changes_after_load, changes_as_json, count_before_load
from etl.warehouse.staging import OUTCOMES, StagedLoad, input_outcomes, reconcile
from etl.warehouse.tables import LOADED_TABLES, TableRole, warehouse_table

WAREHOUSE_POOL = "duckdb_warehouse"
# The load records every input's outcome; it never needs the page bytes.
RAW_HTML_COLUMNS_WITHOUT_BYTES = [column for column in RAW_HTML_SCHEMA if column != "content"]


# Each check is reported on the table the registry gives it to.
_CHECK_TABLES = {check: table.name for table in LOADED_TABLES for check, _ in table.checks}


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


def _passed(report: IntegrityReport) -> dict[str, bool]:
    """The warehouse checks except input reconciliation, which needs the load's counts."""
    return {
        "keys_unique": not any(report.duplicate_keys.values()),
        "foreign_keys_resolve": not any(report.foreign_keys.values()),
        "mention_offsets_in_text": not (
            report.mention_offsets["outside_text"] or report.mention_offsets["surface_mismatch"]
        ),
        "clusters_current": not report.clustering["awaiting_clustering"],
    }


def _check_results(
    report: IntegrityReport, counts: dict[str, int], keys: dict[str, dict[str, list[str]]]
) -> list[dg.AssetCheckResult]:
    reconciled = counts["inputs"] == sum(counts[outcome] for outcome in OUTCOMES)
    passed = {"inputs_reconcile": reconciled and counts["inputs"] == counts["inputs_read"], **_passed(report)}
    numbers = {
        "inputs_reconcile": counts,
        "keys_unique": report.duplicate_keys,
        "foreign_keys_resolve": report.foreign_keys,
        "mention_offsets_in_text": report.mention_offsets,
        "clusters_current": report.clustering,
    }
    return [
        dg.AssetCheckResult(
            check_name=name,
            asset_key=asset_key,
            passed=passed[name],
            metadata={**numbers[name], **({"failing_keys": keys[name]} if name in keys else {})},
        )
        for name, asset_key in _CHECK_TABLES.items()
    ]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            table.name,
            group_name="warehouse",
            kinds={"duckdb"},
            description=table.description,
            partitions_def=landing_batches,
            deps=list(table.built_from),
        )
        for table in LOADED_TABLES
    ],
    check_specs=[
        dg.AssetCheckSpec(check, asset=table.name, description=description)
        for table in LOADED_TABLES
        for check, description in table.checks
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
        # The stored articles this load replaces are recounted: what that changed is reported.
        baseline = count_before_load(connection, articles["article_id"])
        counts = load_batches(connection, staged, loaded_at)
        recount = changes_as_json(baseline.articles.height, changes_after_load(connection, baseline))
        report = integrity_report(
            connection, batch_ids, datetime.fromisoformat(deferred_since) if deferred_since else loaded_at
        )
        keys = failing_keys(connection, batch_ids) if not all(_passed(report).values()) else {}
        snapshots = table_snapshots(connection, warehouse.file, batch_ids)
    counts["inputs_read"] = reconcile(staged.ingest_log)["inputs"]
    context.log.info(f"batches {batch_ids[0]}…{batch_ids[-1]} ({len(batch_ids)}): {counts}")
    # What the load did to inputs overwritten since they were loaded is one figure per load, so
    # it rides on the first batch's event only: summed over a run's events it counts once.
    snapshots["fact_article"][batch_ids[0]].update({key: counts[key] for key in CHANGE_COUNTS})
    snapshots["fact_mention"][batch_ids[0]].update(
        {
            "recounted_articles": recount["articles"],
            "recount_changes": dg.MetadataValue.json(recount),
        }
    )
    for name, metadata_by_batch in snapshots.items():
        for batch, metadata in metadata_by_batch.items():
            context.add_asset_metadata(metadata, asset_key=name, partition_key=batch)
        yield dg.MaterializeResult(asset_key=name)
    yield from _check_results(report, counts, keys)


def table_snapshots(
    connection: duckdb.DuckDBPyConnection, database: Path, batch_ids: list[str]
) -> dict[str, dict[str, dict[str, object]]]:
    """Each table's metadata per batch: a batch-keyed table shows the batch's own rows; a
    dimension (shared by every batch) shows the whole table on each."""
    columns = table_columns(connection, [table.name for table in LOADED_TABLES])
    outcomes = outcomes_by_batch(connection, batch_ids, OUTCOMES)
    result: dict[str, dict[str, dict[str, object]]] = {}
    for table in LOADED_TABLES:
        if table.role is TableRole.BATCH:
            by_batch = batch_snapshots(connection, table.name, batch_ids, PREVIEW_ROWS)
        else:
            whole = whole_table_snapshot(connection, table.name, PREVIEW_ROWS)
            by_batch = dict.fromkeys(batch_ids, whole)
        result[table.name] = {
            batch: table_metadata(table, database, columns[table.name], snapshot)
            for batch, snapshot in by_batch.items()
        }
    for batch in batch_ids:
        result["ingest_log"][batch].update(outcomes[batch])
    return result


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


_WEEKLY_MART = warehouse_table("mentions_per_actor_per_week")


def weekly_mart_checks(report: dict[str, int]) -> list[dg.AssetCheckResult]:
    passed = {
        "weekly_counts_not_negative": report["negative_count_rows"] == 0,
        "weeks_start_on_monday": report["weeks_not_on_monday"] == 0,
        "weekly_totals_match_facts": report["mart_mentions"] == report["dated_mentions"],
    }
    return [
        dg.AssetCheckResult(check_name=check, passed=passed[check], metadata=report)
        for check, _ in _WEEKLY_MART.checks
    ]


@dg.asset(
    group_name="marts",
    kinds={"duckdb"},
    description=f"{_WEEKLY_MART.description} The materialization shows the trend chart.",
    deps=list(_WEEKLY_MART.built_from),
    check_specs=[
        dg.AssetCheckSpec(check, asset=_WEEKLY_MART.name, description=description)
        for check, description in _WEEKLY_MART.checks
    ],
    pool=WAREHOUSE_POOL,
)
def mentions_per_actor_per_week(
    context: dg.AssetExecutionContext, warehouse: DuckDBWarehouse
) -> dg.MaterializeResult:
    # Here, not at module top: matplotlib costs every code-location load (webserver, daemon,
    # sensor ticks, every run) half a second, and only this step draws.
    from etl.warehouse.charts import png_markdown, weekly_trend_chart

    with warehouse.write() as connection:
        refresh_marts(connection)
    with warehouse.read() as connection:
        trend = run_named_query(connection, "mentions_per_actor_per_week", {"limit": 1_000_000})
        top_series = run_named_query(connection, "weekly_trend_top_actors", {"top": 8})
        columns = table_columns(connection, [_WEEKLY_MART.name])[_WEEKLY_MART.name]
        report = weekly_mart_report(connection)
    chart = weekly_trend_chart(
        top_series, warehouse.file.parent / "charts" / f"{context.asset_key.path[-1]}.png"
    )
    context.log.info(f"trend: {trend.height} actor-weeks; chart {chart}")
    top = trend.sort(["mentions", "week_start"], descending=[True, False]).head(10)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": trend.height,
            "dagster/column_schema": table_schema(columns),
            "dagster/table_name": f"{warehouse.file.stem}.main.{_WEEKLY_MART.name}",
            "duckdb_path": dg.MetadataValue.path(str(warehouse.file)),
            "weeks": trend["week_start"].n_unique() if trend.height else 0,
            "trend_chart": dg.MetadataValue.md(png_markdown(chart)),
            "trend_chart_path": dg.MetadataValue.path(str(chart)),
            "top_actor_weeks": frame_preview(top, rows=10),
        },
        check_results=weekly_mart_checks(report),
    )
