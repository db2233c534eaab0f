"""Jobs: landing batches end to end, the marts alone, and the recount after a dictionary change.

The batch jobs include the unpartitioned marts, so every load leaves the trend up to date; the
marts' own job is for the hourly schedule.
"""

import dagster as dg

# The dictionary is materialized with every load that uses it, so its version is on record
# (and the stale marks follow a change) without anyone clicking "Materialize all".
_BATCH_ASSETS = dg.AssetSelection.groups("ingest", "parse", "actors", "warehouse", "marts")

ingest_batch_job = dg.define_asset_job(
    "ingest_batch_job",
    selection=_BATCH_ASSETS,
    description="Landing batches: files → articles → mentions → warehouse tables → clusters and "
    "marts, checks included.",
)

refresh_marts_job = dg.define_asset_job(
    "refresh_marts_job",
    selection=dg.AssetSelection.groups("marts"),
    description="Rebuild the trend marts from the warehouse facts.",
)

recount_mentions_job = dg.define_asset_job(
    "recount_mentions_job",
    selection=dg.AssetSelection.groups("actors", "warehouse", "marts"),
    description="Recount mentions from the stored articles of a batch (no HTML re-parsing) and "
    "reload its warehouse rows: run it over all partitions after a dictionary change.",
)

refresh_candidates_job = dg.define_asset_job(
    "refresh_candidates_job",
    selection=dg.AssetSelection.groups("discovery"),
    description="Find the names the stored bodies repeat that no actor claims (actor_candidates), "
    "and the dictionary's weekly staleness, from the whole warehouse.",
)
