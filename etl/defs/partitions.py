"""Partitions: one per landing batch (a delivery folder).

Dynamic rather than daily: deliveries are irregular (no folder on some days, a re-crawl archive
on others), a batch name need not be a date, and a daily calendar would fill the UI with empty
partitions. The sensor registers each new batch folder as it appears.
"""

from pathlib import Path

import dagster as dg

from etl.ingest import batch_bytes

landing_batches = dg.DynamicPartitionsDefinition(name="landing_batches")

# A range of batches runs as one run (one process, one warehouse transaction), so a backfill or
# the first load of a landing folder does not pay a run's start-up per batch, and
# `dagster asset materialize --partition-range` works from the command line.
batch_backfill_policy = dg.BackfillPolicy.single_run()

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def range_tags(batches: list[str]) -> dict[str, str]:
    """The tags of one run over `batches` (consecutive in registration order) under the
    single-run backfill policy."""
    return {RANGE_START_TAG: batches[0], RANGE_END_TAG: batches[-1]}


def contiguous_ranges(registered: list[str], chosen: list[str]) -> list[list[str]]:
    """`chosen` split into runs of batches that are consecutive in registration order.

    A dynamic partition range spans every partition registered between its ends, so a batch
    that arrived late (registered after later-named ones) cannot share a range with batches it
    is not next to."""
    wanted = set(chosen)
    ranges: list[list[str]] = []
    previous_wanted = False
    for batch in registered:
        if batch in wanted:
            if previous_wanted:
                ranges[-1].append(batch)
            else:
                ranges.append([batch])
        previous_wanted = batch in wanted
    return ranges


# Each run holds its batches' frames in memory; grouping batches into runs of about this many
# bytes read (a gzipped page by its decompressed size) keeps memory flat however large the landing folder is.
RUN_BYTES = 128 * 1024 * 1024


# A recount run holds its batches' stored articles and their mentions in memory: this many
# bytes of the articles' Parquet files, about the bodies of the RUN_BYTES of pages a load reads.
RECOUNT_RUN_BYTES = 32 * 1024 * 1024


def plan_runs(landing_dir: Path, batches: list[str], run_bytes: int = RUN_BYTES) -> list[list[str]]:
    """Consecutive batches grouped so each group holds at most `run_bytes` (a larger single batch
    is a group of its own): the runs of `newsetl run` and of the landing sensor."""
    return group_by_bytes(batches, {batch: batch_bytes(landing_dir, batch) for batch in batches}, run_bytes)


def group_by_bytes(batches: list[str], sizes: dict[str, int], limit: int) -> list[list[str]]:
    """Consecutive batches grouped so each group's `sizes` sum to at most `limit` (a larger single
    batch is a group of its own)."""
    groups: list[list[str]] = []
    size = 0
    for batch in batches:
        read_bytes = sizes.get(batch, 0)
        if groups and size + read_bytes <= limit:
            groups[-1].append(batch)
            size += read_bytes
        else:
            groups.append([batch])
            size = read_bytes
    return groups
