"""Actor candidates: the whole-warehouse step that finds names the dictionary does not count; its
tables, a preview of the ranking and the dictionary's weekly staleness show in the UI.

Its own group and job (`refresh_candidates_job`, hourly like the marts, and run by `newsetl
actors candidates` when asked), not the batch jobs': it reads every stored body (about 8 s per
1,000 articles on this machine's cores), which in every load would cost more than the parse."""

import dagster as dg

from etl.actors.candidates import CANDIDATE_PREVIEW_COLUMNS, role_cues
from etl.actors.curation import rejected_names
from etl.defs.metadata import PREVIEW_ROWS, frame_preview, table_metadata
from etl.defs.resources import ActorDictionaryFiles, DuckDBWarehouse
from etl.defs.warehouse_assets import WAREHOUSE_POOL
from etl.warehouse.candidate_tables import warehouse_candidates, write_candidates
from etl.warehouse.catalog import table_columns, whole_table_snapshot
from etl.warehouse.tables import TableRole, tables_of_role

DISCOVERY_TABLES = tables_of_role(TableRole.DISCOVERY)
_TOP_CANDIDATES = 10


@dg.multi_asset(
    name="actor_candidates",
    specs=[
        dg.AssetSpec(
            table.name,
            group_name="discovery",
            kinds={"python", "duckdb"},
            description=table.description,
            deps=list(table.built_from),
        )
        for table in DISCOVERY_TABLES
    ],
    pool=WAREHOUSE_POOL,
)
def actor_candidates(
    context: dg.AssetExecutionContext,
    warehouse: DuckDBWarehouse,
    actor_dictionary_files: ActorDictionaryFiles,
):
    """Read every stored title and body, find the names no actor claims, rank them as
    candidates (places apart, rejected names out) and measure the dictionary's weekly staleness."""
    dictionary = actor_dictionary_files.load()
    rejected = rejected_names(actor_dictionary_files.files.actors.parent)
    with warehouse.write() as connection:
        tables = warehouse_candidates(connection, role_cues(dictionary.roles), rejected)
        counts = write_candidates(connection, tables)
        columns = table_columns(connection, [table.name for table in DISCOVERY_TABLES])
        snapshots = {
            table.name: whole_table_snapshot(connection, table.name, PREVIEW_ROWS)
            for table in DISCOVERY_TABLES
        }
    staleness = tables.staleness
    context.log.info(f"actor candidates: {counts}")
    extra = {
        "actor_candidates": {
            "top_candidates": frame_preview(
                tables.candidates, list(CANDIDATE_PREVIEW_COLUMNS), rows=_TOP_CANDIDATES
            ),
            "rejected_names": len(rejected),
        },
        "dictionary_staleness_weekly": {
            "latest_week": str(staleness["week_start"][-1]) if staleness.height else None,
            "latest_unclaimed_share": float(staleness["unclaimed_share"][-1]) if staleness.height else None,
            "weeks": frame_preview(staleness.reverse(), rows=12),
        },
    }
    for table in DISCOVERY_TABLES:
        yield dg.MaterializeResult(
            asset_key=table.name,
            metadata={
                **table_metadata(table, warehouse.file, columns[table.name], snapshots[table.name]),
                **extra.get(table.name, {}),
            },
        )
