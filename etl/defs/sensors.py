"""The landing sensor: new batch folders become partitions, and one run loads them all."""

import dagster as dg

from etl.defs.jobs import ingest_batch_job
from etl.defs.partitions import RUN_BYTES, landing_batches, plan_runs, range_tags
from etl.defs.resources import LandingFolder
from etl.ingest import list_batches


def range_run_requests(landing: LandingFolder, fresh: list[str]) -> list[dg.RunRequest]:
    """One run per size group of the fresh batches (the groups `newsetl run` makes), each a
    partition range under the single-run backfill policy. The fresh batches are registered
    together in this order, so each group is a contiguous range."""
    return [
        dg.RunRequest(run_key=f"{group[0]}...{group[-1]}", tags=range_tags(group))
        for group in plan_runs(landing.root, fresh, RUN_BYTES)
    ]


_LANDING_SENSOR_DESCRIPTION = """Registers the landing folders that are not yet partitions and
requests one range run for them. The instance's partitions are the memory: a batch registered by
an earlier tick or by `newsetl run` (same DAGSTER_HOME) is not requested again, and no cursor
grows."""


# The description, not a docstring: Dagster shows a sensor's description= in the UI, and
# ignores its function's docstring.
@dg.sensor(
    job=ingest_batch_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=_LANDING_SENSOR_DESCRIPTION,
)
def landing_batches_sensor(context: dg.SensorEvaluationContext, landing: LandingFolder) -> dg.SensorResult:
    if not landing.root.is_dir():
        return dg.SensorResult(skip_reason=f"landing folder {landing.root} does not exist")
    registered = set(context.instance.get_dynamic_partitions(landing_batches.name))
    fresh = sorted(set(list_batches(landing.root)) - registered)
    if not fresh:
        return dg.SensorResult(skip_reason="no new batch folders")
    requests = range_run_requests(landing, fresh)
    context.log.info(f"{len(fresh)} new batches ({fresh[0]}…{fresh[-1]}) in {len(requests)} run(s)")
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[landing_batches.build_add_request(fresh)],
    )
