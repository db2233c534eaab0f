"""Ingest layer: the landing folder's files, read into `raw_html`."""

import dagster as dg
import polars as pl

from etl.defs.metadata import frame_metadata, partition_metadata
from etl.defs.partitions import batch_backfill_policy, landing_batches
from etl.defs.resources import LandingFolder
from etl.ingest import RAW_HTML_SCHEMA, list_landing_inputs, read_landing_inputs

_PREVIEW_COLUMNS = ["batch_id", "source_path", "size_bytes", "ingest_error"]


def raw_html_metadata(inputs: pl.DataFrame) -> dict[str, object]:
    return {
        **frame_metadata(inputs, _PREVIEW_COLUMNS, RAW_HTML_SCHEMA),
        "unreadable_inputs": inputs.filter(pl.col("ingest_error").is_not_null()).height,
        "duplicate_inputs": inputs.filter(pl.col("duplicate_of").is_not_null()).height,
        "total_bytes": int(inputs["size_bytes"].sum() or 0),
    }


@dg.asset(
    group_name="ingest",
    kinds={"python", "polars"},
    partitions_def=landing_batches,
    backfill_policy=batch_backfill_policy,
)
def raw_html(context: dg.AssetExecutionContext, landing: LandingFolder) -> dg.Output[pl.DataFrame]:
    """Every input file of the landing batches as one row: content hash, bytes, and the reason
    when the file could not be read (too large, truncated gzip, symlink out of bounds)."""
    inputs = list_landing_inputs(landing.root, batches=context.partition_keys)
    context.log.info(f"reading {len(inputs)} input files from {landing.root}")
    frame = read_landing_inputs(inputs, landing.root)
    # Metadata never needs the page bytes, which are most of the frame.
    return dg.Output(
        frame, metadata=partition_metadata(context, "raw_html", frame.drop("content"), raw_html_metadata)
    )
