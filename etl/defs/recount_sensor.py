"""The recount sensor: after the dictionary changes, the stored batches counted with the old one
are recounted from the lake, also when nobody runs `newsetl run` (the UI, the daemon)."""

import dagster as dg
import duckdb

from etl.actors import dictionary_version
from etl.defs.jobs import recount_mentions_job
from etl.defs.partitions import (
    RECOUNT_RUN_BYTES,
    contiguous_ranges,
    group_by_bytes,
    landing_batches,
    range_tags,
)
from etl.defs.resources import ActorDictionaryFiles, DuckDBWarehouse, stored_partitions
from etl.settings import default_lake_dir
from etl.warehouse.database import WarehouseLocked, WarehouseMissing, read_connection
from etl.warehouse.recount import stale_batches

_ACTIVE = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING]
_ACTIVE += [dg.DagsterRunStatus.STARTED]


@dg.sensor(
    job=recount_mentions_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a recount from the lake of the stored batches whose mentions were counted "
    "with another dictionary than the one in use (NEWSETL_DICTIONARY, else the bundled one).",
)
def dictionary_recount_sensor(
    context: dg.SensorEvaluationContext,
    warehouse: DuckDBWarehouse,
    actor_dictionary_files: ActorDictionaryFiles,
) -> dg.SensorResult:
    """One recount run per range of stale batches, keyed by the dictionary version: a run that
    fails (an invalid dictionary fails its `actor_dictionary` step) is not requested again until
    the dictionary changes. It waits while other runs are active, since they may be loading
    the same batches with the new dictionary already."""
    files = actor_dictionary_files.files
    try:
        version = dictionary_version(files.actors, files.roles)
    except OSError as problem:
        return dg.SensorResult(skip_reason=f"actor dictionary unreadable: {problem}")
    if context.instance.get_runs(filters=dg.RunsFilter(statuses=_ACTIVE), limit=1):
        return dg.SensorResult(skip_reason="runs are active; the recount waits for them")
    try:
        with read_connection(warehouse.file, wait_seconds=0) as connection:
            stale = stale_batches(connection, version)
    except (WarehouseMissing, WarehouseLocked, duckdb.Error) as problem:
        return dg.SensorResult(skip_reason=f"warehouse not readable now: {problem}")
    registered = context.instance.get_dynamic_partitions(landing_batches.name)
    stored = stored_partitions(
        default_lake_dir(warehouse.file), "articles", [b for b in registered if b in stale]
    )
    if not stored:
        return dg.SensorResult(skip_reason=f"every stored batch is counted with dictionary {version}")
    requests = [
        dg.RunRequest(run_key=f"recount {version} {group[0]}...{group[-1]}", tags=range_tags(group))
        for batches in contiguous_ranges(registered, sorted(stored))
        for group in group_by_bytes(batches, stored, RECOUNT_RUN_BYTES)
    ]
    context.log.info(f"{len(stored)} batches counted with another dictionary than {version}")
    return dg.SensorResult(run_requests=requests)
