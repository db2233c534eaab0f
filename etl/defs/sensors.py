"""The landing sensor: each new batch folder becomes a partition and one run."""

import json

import dagster as dg

from etl.defs.jobs import ingest_batch_job
from etl.defs.partitions import landing_batches
from etl.defs.resources import LandingFolder
from etl.ingest import list_batches


def new_batches(cursor: str | None, present: list[str]) -> tuple[list[str], str]:
    """Batches not in the cursor, and the cursor that includes them (a sorted JSON list, so a
    tick that finds nothing new returns the cursor unchanged)."""
    seen = set(json.loads(cursor)) if cursor else set()
    fresh = sorted(set(present) - seen)
    return fresh, json.dumps(sorted(seen | set(present)))


@dg.sensor(job=ingest_batch_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def landing_batches_sensor(context: dg.SensorEvaluationContext, landing: LandingFolder) -> dg.SensorResult:
    """Registers every new landing batch folder as a partition and requests its run."""
    if not landing.root.is_dir():
        return dg.SensorResult(skip_reason=f"landing folder {landing.root} does not exist")
    fresh, cursor = new_batches(context.cursor, list_batches(landing.root))
    if not fresh:
        return dg.SensorResult(skip_reason="no new batch folders", cursor=cursor)
    context.log.info(f"new batches: {', '.join(fresh)}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=batch, run_key=batch) for batch in fresh],
        dynamic_partitions_requests=[landing_batches.build_add_request(fresh)],
        cursor=cursor,
    )
