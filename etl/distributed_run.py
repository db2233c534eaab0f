"""Run the batch job on Dask workers instead of in this process: the same assets, definitions
and resources; only the executor differs. Dask needs a persistent Dagster instance (the workers
report their events to it) and a job it can rebuild in each worker process."""

from pathlib import Path

import dagster as dg

from etl.ingest import list_batches
from etl.pipeline_run import PipelineOutcome, RunTargets, partition_tags, run_config_for

DASK_JOB = "ingest_batch_job_dask"


def dask_ingest_job() -> dg.JobDefinition:
    """What each Dask worker imports to rebuild the job (module-level, for `reconstructable`)."""
    from etl.definitions import defs

    return defs.resolve_job_def(DASK_JOB)


def run_on_dask(
    targets: RunTargets,
    dagster_home: Path,
    batches: list[str] | None = None,
    workers: int = 2,
    scheduler_address: str | None = None,
) -> PipelineOutcome:
    """One run over the batches with every step on a Dask cluster: a LocalCluster of `workers`
    processes, or the scheduler at `scheduler_address`."""
    chosen = sorted(batches if batches is not None else list_batches(targets.landing_dir))
    cluster = (
        {"existing": {"address": scheduler_address}}
        if scheduler_address
        else {"local": {"n_workers": workers, "processes": True}}
    )
    config = {
        **run_config_for(targets, log_level="WARNING"),
        "execution": {"config": {"cluster": cluster}},
    }
    outcome = PipelineOutcome()
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        known = set(instance.get_dynamic_partitions("landing_batches"))
        instance.add_dynamic_partitions("landing_batches", [batch for batch in chosen if batch not in known])
        with dg.execute_job(
            dg.reconstructable(dask_ingest_job),
            instance=instance,
            run_config=config,
            tags=partition_tags(chosen),
        ) as result:
            outcome.runs[DASK_JOB] = result
    return outcome
