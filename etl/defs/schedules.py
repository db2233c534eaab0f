"""Schedules: yesterday's delivery every morning, the marts and the actor candidates every hour."""

from datetime import timedelta

import dagster as dg

from etl.defs.jobs import ingest_batch_job, refresh_candidates_job, refresh_marts_job
from etl.defs.partitions import landing_batches


# Descriptions, not docstrings: Dagster shows a schedule's description= in the UI, and ignores
# its function's docstring.
@dg.schedule(
    job=ingest_batch_job,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="At 06:00 UTC, (re)load the batch delivered the day before, named YYYY-MM-DD. The"
    " sensor normally got there first; this catches a batch completed after the sensor's tick.",
)
def daily_batch_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
    batch = (context.scheduled_execution_time - timedelta(days=1)).strftime("%Y-%m-%d")
    if not context.instance.has_dynamic_partition(landing_batches.name, batch):
        return dg.SkipReason(f"no landing batch {batch}")
    return dg.RunRequest(partition_key=batch, run_key=f"daily-{batch}")


refresh_marts_schedule = dg.ScheduleDefinition(
    name="refresh_marts_schedule",
    job=refresh_marts_job,
    cron_schedule="15 * * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every hour at :15, rebuild the syndication clusters and the weekly mart from the"
    " warehouse (a range run refreshes them once, after all its batches).",
)

refresh_candidates_schedule = dg.ScheduleDefinition(
    name="refresh_candidates_schedule",
    job=refresh_candidates_job,
    cron_schedule="45 * * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every hour at :45, rank the names the stored bodies repeat that no actor claims"
    " (actor_candidates) and measure the dictionary's weekly staleness, from the whole warehouse.",
)
