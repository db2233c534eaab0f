"""The one launcher: every run of the code location's jobs starts here, whoever asks for it
(`newsetl run`, the tests, the benchmarks, the scale-out backfill), so all of them exercise the
definitions that `dagster dev` loads. Jobs come in as the objects of `etl.defs.jobs`, and only
Dagster's public API launches them.

In this process, `run_pipeline` splits the batches into runs of bounded size and executes them
one after the other on the job's in-process executor. After a dictionary change it also recounts
the stored batches it does not load, from the lake (`recount_mentions_job`: no HTML is parsed).
Across processes, `submit_backfill` queues one run per batch on a deployment (`etl.deployment`),
whose daemon launches them side by side while the instance's `duckdb_warehouse` pool lets one
writing step through at a time.
"""

import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import dagster as dg

from etl.actors.user_dictionary import dictionary_in_use
from etl.defs.jobs import ingest_batch_job, recount_mentions_job, refresh_candidates_job, refresh_marts_job
from etl.defs.partitions import (
    RECOUNT_RUN_BYTES,
    RUN_BYTES,
    contiguous_ranges,
    group_by_bytes,
    landing_batches,
    plan_runs,
    range_tags,
)
from etl.defs.resources import stored_partitions
from etl.deployment import Deployment, dagster_command
from etl.ingest import list_batches, list_landing_inputs
from etl.ingest.batch_names import check_batch_names
from etl.memory import freeze_long_lived_objects
from etl.parse.article_frame import parses_in_parallel, warm_parse_worker
from etl.process_pool import pools_shared_by_runs, shutdown_pools, start_workers
from etl.settings import RunTargets, dagster_home
from etl.warehouse.database import read_connection, wait_until_writable, write_transaction
from etl.warehouse.integrity import CLUSTERING_DEFERRED_TAG
from etl.warehouse.preflight import check_warehouse_contents, check_warehouse_file
from etl.warehouse.recount import holds_articles, stale_batches

BACKFILL_TAG = "dagster/backfill"
FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


class AssetJob(Protocol):
    """A job of the code location, as `dg.define_asset_job` makes it (`etl.defs.jobs`)."""

    @property
    def name(self) -> str: ...

    @property
    def selection(self) -> dg.AssetSelection: ...


@dataclass
class PipelineOutcome:
    """The runs one invocation made; `success` only if every one of them succeeded."""

    runs: dict[str, dg.JobExecutionResult] = field(default_factory=dict)
    # The stored batches recounted from the lake because their mentions were counted with
    # another dictionary (batches the runs loaded from the landing folder are counted anyway).
    recounted_batches: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return bool(self.runs) and all(result.success for result in self.runs.values())

    @property
    def failed(self) -> list[str]:
        return [name for name, result in self.runs.items() if not result.success]

    def materialized_metadata(self, asset: str, key: str) -> list[object]:
        """The values of metadata `key` on every materialization of `asset` in these runs."""
        return [
            event.step_materialization_data.materialization.metadata[key].value
            for result in self.runs.values()
            for event in result.get_asset_materialization_events()
            if event.asset_key == dg.AssetKey(asset)
            and key in event.step_materialization_data.materialization.metadata
        ]

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
    instance = dg.DagsterInstance.get() if dagster_home() else dg.DagsterInstance.ephemeral()
    with instance:
        yield instance


def register_batches(instance: dg.DagsterInstance, batches: Sequence[str]) -> None:
    """The batches not yet partitions of `landing_batches` become partitions, in this order."""
    known = set(instance.get_dynamic_partitions(landing_batches.name))
    instance.add_dynamic_partitions(landing_batches.name, [batch for batch in batches if batch not in known])


def run_pipeline(
    targets: RunTargets,
    batches: list[str] | None = None,
    log_level: str = "INFO",
    extra_ops: dict | None = None,
    job: AssetJob = ingest_batch_job,
    run_bytes: int = RUN_BYTES,
    on_wait: Callable[[str], None] | None = None,
) -> PipelineOutcome:
    """Run `job` over the batches (every batch folder when None), as few runs as the memory
    bound allows, and `recount_mentions_job` over the other stored batches whose mentions were
    counted with another dictionary than the one in use; with neither, only refresh the marts.

    Refuses an invalid dictionary first (DictionaryError), before the warehouse is touched.
    Then waits until the warehouse can be written (`on_wait` hears when that wait starts), and
    raises WarehouseLocked if it stays held, WarehouseUnusable or MigrationMismatch if the file
    cannot take the load: finding out after the parse wasted the parse.
    A batch asked for by a name that cannot be a batch raises RefusedBatch before anything is
    touched; batch folders with such names are not among those found (`read_landing_listing`)."""
    dictionary = dictionary_in_use()
    if batches is not None:
        check_batch_names(batches)
    check_warehouse_file(targets.warehouse_path, for_writing=True)
    wait_until_writable(targets.warehouse_path, on_wait=on_wait)
    check_warehouse_contents(targets.warehouse_path, for_writing=True)
    chosen = sorted(batches if batches is not None else list_batches(targets.landing_dir))
    stale = recountable_batches(targets, dictionary.version, chosen)
    config = run_config_for(targets, log_level, extra_ops)
    # extra_ops configure the batch job's steps; the marts job has none of them.
    marts_config = run_config_for(targets, log_level)
    outcome = PipelineOutcome(recounted_batches=stale)
    with pipeline_instance() as instance, pools_shared_by_runs():
        register_batches(instance, chosen + stale)
        if not chosen and not stale:
            outcome.runs[refresh_marts_job.name] = _execute(refresh_marts_job, marts_config, instance)
            return outcome
        # A range spans the batches registered between its ends: runs follow registration order
        # (a shared instance may have registered a late batch after later-named ones).
        registered = instance.get_dynamic_partitions(landing_batches.name)
        groups: list[tuple[AssetJob, list[str]]] = [
            (job, group)
            for batches in contiguous_ranges(registered, chosen)
            for group in plan_runs(targets.landing_dir, batches, run_bytes)
        ]
        groups += [
            (recount_mentions_job, group)
            for batches in contiguous_ranges(registered, stale)
            for group in group_by_bytes(
                batches, stored_partitions(targets.lake_dir, "articles", batches), RECOUNT_RUN_BYTES
            )
        ]
        if chosen:
            start_parse_workers(targets, groups[0][1])
        # With several runs, the whole-warehouse steps (clusters, marts) run once at the end, not
        # after every group: re-clustering the growing warehouse per group costs O(N²).
        single = len(groups) == 1
        # Articles these runs load wait for the final clustering: not stale.
        deferred = {} if single else {CLUSTERING_DEFERRED_TAG: datetime.now(UTC).isoformat()}
        for group_job, group in groups:
            name = group_job.name if single else f"{group_job.name} {group[0]}...{group[-1]}"
            tags = {**range_tags(group), **deferred}
            run_config = config if group_job is job else marts_config
            outcome.runs[name] = _execute(
                group_job, run_config, instance, tags, None if single else _without_marts(group_job)
            )
            if not outcome.runs[name].success:
                return outcome
        if not single:
            # The marts job parses nothing; its whole-warehouse clustering, the backfill's peak,
            # runs without the idle workers' memory (~0.5 GB on two cores).
            shutdown_pools()
            outcome.runs[refresh_marts_job.name] = _execute(refresh_marts_job, marts_config, instance)
    return outcome


def refresh_candidates(targets: RunTargets, log_level: str = "WARNING") -> dg.JobExecutionResult:
    """One run of `refresh_candidates_job` on the warehouse of `targets` (the instance of
    `pipeline_instance`, so it shows in the UI when DAGSTER_HOME is set)."""
    wait_until_writable(targets.warehouse_path)
    with pipeline_instance() as instance:
        return _execute(refresh_candidates_job, run_config_for(targets, log_level), instance)


def recountable_batches(targets: RunTargets, dictionary_version: str, loading: list[str]) -> list[str]:
    """The stored batches, other than those being loaded, with articles counted with another
    dictionary and stored in the lake (a recount reads them there; a warehouse copied without
    its lake keeps its counts)."""
    if not targets.warehouse_path.exists():
        return []
    # A warehouse without articles has nothing to recount, and a load creates its schema.
    with read_connection(targets.warehouse_path) as connection:
        if not holds_articles(connection):
            return []
    with write_transaction(targets.warehouse_path) as connection:
        stale = set(stale_batches(connection, dictionary_version)) - set(loading)
    return sorted(stored_partitions(targets.lake_dir, "articles", sorted(stale)))


def start_parse_workers(targets: RunTargets, first_run: list[str]) -> None:
    """When the first run will parse in parallel, its workers start now and import and load their
    model (about a second each) while the run reads its landing files, instead of after. The
    pool is the one per core that the mention step always uses and the parse step by default."""
    workers = os.cpu_count() or 1
    if parses_in_parallel(len(list_landing_inputs(targets.landing_dir, first_run)), workers):
        start_workers(workers, warm_parse_worker)


def code_location_job(name: str) -> dg.JobDefinition:
    """The job of that name as the code location resolves it: how `dg.execute_job` rebuilds a
    job (from this function and the name) wherever it runs the job's steps."""
    from etl.definitions import defs

    return defs.resolve_job_def(name)


def _execute(
    job: AssetJob,
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
    reconstructable = dg.build_reconstructable_job(
        __name__, "code_location_job", reconstructable_args=(job.name,)
    )
    # Frees what the previous run left in reference cycles, and takes what outlives runs (the
    # definitions, the instance, Great Expectations once imported) out of later collections.
    freeze_long_lived_objects()
    with dg.execute_job(
        reconstructable,
        instance=instance,
        run_config=run_config,
        tags=tags,
        asset_selection=asset_selection,
        raise_on_error=False,
    ) as result:
        return result


def _without_marts(job: AssetJob) -> list[dg.AssetKey]:
    """The job's assets but those the marts job rebuilds."""
    from etl.definitions import defs

    return sorted((job.selection - refresh_marts_job.selection).resolve(defs.resolve_asset_graph()))


def submit_backfill(deployment: Deployment, batches: Sequence[str], job: AssetJob = ingest_batch_job) -> str:
    """Registers the batches as partitions and queues one run of `job` per batch on the
    deployment, through `dagster job backfill`; the backfill's id."""
    with dg.DagsterInstance.from_config(str(deployment.dagster_home)) as instance:
        register_batches(instance, batches)
    output = dagster_command(
        deployment, "job", "backfill", "--job", job.name, "--partitions", ",".join(batches), "--noprompt"
    )
    # The command's last words: "Launched backfill job `<id>`".
    return output.rsplit("`", 2)[-2]


def backfill_runs(
    instance: dg.DagsterInstance, backfill_id: str, expected: int, timeout: float = 600
) -> list[dg.DagsterRun]:
    """The backfill's runs once all `expected` of them have finished (however they finished)."""
    deadline = time.monotonic() + timeout
    while True:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={BACKFILL_TAG: backfill_id}))
        if len(runs) >= expected and all(run.status in FINISHED for run in runs):
            return runs
        if time.monotonic() > deadline:
            states = sorted((run.tags.get("dagster/partition", "?"), run.status.value) for run in runs)
            raise TimeoutError(f"backfill {backfill_id} unfinished after {timeout:.0f} s: {states}")
        time.sleep(1)
