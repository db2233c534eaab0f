"""Run the code location's jobs in this process: what `newsetl run` and the tests call, so they
exercise exactly the definitions that `dagster dev` loads."""

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from etl.defs.partitions import contiguous_ranges
from etl.ingest import batch_bytes, list_batches
from etl.memory import freeze_long_lived_objects
from etl.process_pool import shutdown_pools
from etl.warehouse.database import wait_until_writable
from etl.warehouse.integrity import CLUSTERING_DEFERRED_TAG


@dataclass(frozen=True, slots=True)
class RunTargets:
    landing_dir: Path
    warehouse_path: Path

    @property
    def lake_dir(self) -> Path:
        return self.warehouse_path.parent / "lake"


@dataclass
class PipelineOutcome:
    """The runs one invocation made; `success` only if every one of them succeeded."""

    runs: dict[str, dg.JobExecutionResult] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        return bool(self.runs) and all(result.success for result in self.runs.values())

    @property
    def failed(self) -> list[str]:
        return [name for name, result in self.runs.items() if not result.success]

    def materialized_totals(self, asset: str, keys: list[str]) -> dict[str, int]:
        """`keys` of the metadata of every materialization of `asset` in these runs, summed."""
        totals = dict.fromkeys(keys, 0)
        for result in self.runs.values():
            for event in result.get_asset_materialization_events():
                if event.asset_key != dg.AssetKey(asset):
                    continue
                metadata = event.step_materialization_data.materialization.metadata
                for key in keys:
                    if key in metadata:
                        totals[key] += int(metadata[key].value)
        return totals


def run_config_for(targets: RunTargets, log_level: str = "INFO", extra_ops: dict | None = None) -> dict:
    config: dict[str, object] = {
        "resources": {
            "landing": {"config": {"path": str(targets.landing_dir)}},
            "warehouse": {"config": {"path": str(targets.warehouse_path)}},
            "io_manager": {"config": {"base_dir": str(targets.lake_dir)}},
        },
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }
    if extra_ops:
        config["ops"] = extra_ops
    return config


@contextmanager
def pipeline_instance() -> Iterator[dg.DagsterInstance]:
    """The DAGSTER_HOME instance when one is configured, so the runs show in the UI; else a
    throwaway one."""
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    with instance:
        yield instance


# Each run holds its batches' frames in memory; grouping batches into runs of about this many
# bytes read (a gzipped page by its decompressed size) keeps memory flat however large the landing folder is.
RUN_BYTES = 128 * 1024 * 1024


def plan_runs(landing_dir: Path, batches: list[str], run_bytes: int = RUN_BYTES) -> list[list[str]]:
    """Consecutive batches grouped so each group holds at most `run_bytes` (a larger single batch
    is a group of its own)."""
    groups: list[list[str]] = []
    size = 0
    for batch in batches:
        read_bytes = batch_bytes(landing_dir, batch)
        if groups and size + read_bytes <= run_bytes:
            groups[-1].append(batch)
            size += read_bytes
        else:
            groups.append([batch])
            size = read_bytes
    return groups


def partition_tags(batches: list[str]) -> dict[str, str]:
    """One run over the whole range of batches (the assets' single-run backfill policy)."""
    return {
        "dagster/asset_partition_range_start": batches[0],
        "dagster/asset_partition_range_end": batches[-1],
    }


def run_pipeline(
    targets: RunTargets,
    batches: list[str] | None = None,
    log_level: str = "INFO",
    extra_ops: dict | None = None,
    job_name: str = "ingest_batch_job",
    run_bytes: int = RUN_BYTES,
    on_wait: Callable[[str], None] | None = None,
) -> PipelineOutcome:
    """Run `job_name` over the batches (every batch folder when None), as few runs as the memory
    bound allows; with no batch, only refresh the marts.

    Waits first until the warehouse can be written (`on_wait` hears when that wait starts), and
    raises WarehouseLocked if it stays held: finding out after the parse wasted the parse."""
    wait_until_writable(targets.warehouse_path, on_wait=on_wait)
    from etl.definitions import defs

    chosen = sorted(batches if batches is not None else list_batches(targets.landing_dir))
    config = run_config_for(targets, log_level, extra_ops)
    # extra_ops configure the batch job's steps; the marts job has none of them.
    marts_config = run_config_for(targets, log_level)
    outcome = PipelineOutcome()
    with pipeline_instance() as instance:
        known = set(instance.get_dynamic_partitions("landing_batches"))
        instance.add_dynamic_partitions("landing_batches", [batch for batch in chosen if batch not in known])
        if not chosen:
            outcome.runs["refresh_marts_job"] = _execute("refresh_marts_job", marts_config, instance)
            return outcome
        job = defs.resolve_job_def(job_name)
        # A range spans the batches registered between its ends: runs follow registration order
        # (a shared instance may have registered a late batch after later-named ones).
        registered = instance.get_dynamic_partitions("landing_batches")
        groups = [
            group
            for batches in contiguous_ranges(registered, chosen)
            for group in plan_runs(targets.landing_dir, batches, run_bytes)
        ]
        # With several runs, the whole-warehouse steps (clusters, marts) run once at the end, not
        # after every group: re-clustering the growing warehouse per group costs O(N²).
        per_group = None if len(groups) == 1 else _without_marts(job)
        # Articles these runs load wait for the final clustering: not stale.
        deferred = {} if len(groups) == 1 else {CLUSTERING_DEFERRED_TAG: datetime.now(UTC).isoformat()}
        for group in groups:
            name = job_name if len(groups) == 1 else f"{job_name} {group[0]}...{group[-1]}"
            tags = {**partition_tags(group), **deferred}
            outcome.runs[name] = _execute(job_name, config, instance, tags, per_group)
            if not outcome.runs[name].success:
                return outcome
        if len(groups) > 1:
            # The marts job parses nothing; its whole-warehouse clustering, the backfill's peak,
            # runs without the idle workers' memory (~0.5 GB on two cores).
            shutdown_pools()
            outcome.runs["refresh_marts_job"] = _execute("refresh_marts_job", marts_config, instance)
    return outcome


def job_named(name: str) -> dg.JobDefinition:
    """A job of the code location by name: what `build_reconstructable_job` calls."""
    from etl.definitions import defs

    return defs.resolve_job_def(name)


def _execute(
    job_name: str,
    run_config: dict,
    instance: dg.DagsterInstance,
    tags: dict[str, str] | None = None,
    asset_selection: list[dg.AssetKey] | None = None,
) -> dg.JobExecutionResult:
    """One run of the job in this process (the job's own in-process executor).

    `execute_job` rather than `JobDefinition.execute_in_process`: the latter keeps every
    step's output value in its result for the caller to inspect, so a run's raw pages stayed
    in memory beside the copies the next steps read back, and across all runs of a backfill.
    """
    job = dg.build_reconstructable_job("etl.pipeline_run", "job_named", reconstructable_args=(job_name,))
    # Frees what the previous run left in reference cycles, and takes what outlives runs (the
    # definitions, the instance, Great Expectations once imported) out of later collections.
    freeze_long_lived_objects()
    with dg.execute_job(
        job,
        instance=instance,
        run_config=run_config,
        tags=tags,
        asset_selection=asset_selection,
        raise_on_error=False,
    ) as result:
        return result


def _without_marts(job: dg.JobDefinition) -> list[dg.AssetKey]:
    from etl.definitions import defs

    marts = dg.AssetSelection.groups("marts").resolve(defs.resolve_asset_graph())
    return sorted(job.asset_layer.executable_asset_keys - marts)
