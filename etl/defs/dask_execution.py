"""A Dask executor that runs each step on a Dask worker, like `dagster_dask.dask_executor`.

Why not that executor as it is: it hands the DagsterRun to `Client.submit` as a plain argument,
and current Dask walks every tuple argument (a DagsterRun is a NamedTuple). A run whose steps use
a concurrency pool carries a RunOpConcurrency record, which refuses iteration, so every run of
our batch job (its warehouse step is in the `duckdb_warehouse` pool) fails before starting. This
executor sends the same arguments inside an opaque parcel and otherwise schedules exactly as
dagster_dask does (one Dask task per step, dependencies as futures), for a LocalCluster or an
existing scheduler.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg
import dask.distributed
from dagster._core.events import DagsterEvent
from dagster._core.execution.context.system import PlanOrchestrationContext
from dagster._core.execution.plan.plan import ExecutionPlan
from dagster._core.execution.retries import RetryMode
from dagster._core.executor.base import Executor
from dagster_dask.executor import get_dask_resource_requirements, query_on_dask_worker


class _StepParcel:
    """Arguments for one step, opaque to Dask's argument parsing."""

    def __init__(self, **arguments: Any) -> None:
        self.arguments = arguments


def _run_step(dependencies: list[Any], parcel: _StepParcel) -> list[DagsterEvent]:
    return list(query_on_dask_worker(dependencies, **parcel.arguments))


class DaskStepExecutor(Executor):
    def __init__(self, cluster_type: str, cluster_configuration: dict[str, Any]) -> None:
        self.cluster_type = cluster_type
        self.cluster_configuration = cluster_configuration

    @property
    def retries(self) -> RetryMode:
        return RetryMode.DISABLED

    def _cluster(self) -> object:
        if self.cluster_type == "existing":
            return self.cluster_configuration["address"]
        # One thread per worker: Dagster steps are not thread-safe.
        return dask.distributed.LocalCluster(**{"threads_per_worker": 1, **self.cluster_configuration})

    def execute(
        self, plan_context: PlanOrchestrationContext, execution_plan: ExecutionPlan
    ) -> Iterator[DagsterEvent]:
        if not plan_context.instance.is_persistent:
            raise dg.DagsterInvariantViolationError("Dask execution needs a persistent Dagster instance")
        futures_by_step: dict[str, Any] = {}
        with dask.distributed.Client(self._cluster()) as client:
            for step_level in execution_plan.get_steps_to_execute_by_level():
                for step in step_level:
                    dependencies = [
                        futures_by_step[key]
                        for step_input in step.step_inputs
                        for key in step_input.dependency_keys
                    ]
                    parcel = _StepParcel(
                        recon_job=plan_context.reconstructable_job,
                        dagster_run=plan_context.dagster_run,
                        run_config=plan_context.run_config,
                        step_keys=[step.key],
                        instance_ref=plan_context.instance.get_ref(),
                        known_state=execution_plan.known_state,
                    )
                    futures_by_step[step.key] = client.submit(
                        _run_step,
                        dependencies,
                        parcel,
                        key=f"{plan_context.dagster_run.run_id}.{step.key}",
                        resources=get_dask_resource_requirements(step.tags),
                    )
            for _, events in dask.distributed.as_completed(list(futures_by_step.values()), with_results=True):
                yield from events


@dg.executor(
    name="dask_steps",
    config_schema={
        "cluster": dg.Field(
            dg.Selector(
                {
                    "local": dg.Field(
                        dg.Permissive(), is_required=False, description="LocalCluster arguments"
                    ),
                    "existing": dg.Field({"address": str}, description="a running Dask scheduler"),
                }
            ),
            default_value={"local": {}},
        )
    },
)
def dask_step_executor(init_context: dg.InitExecutorContext) -> DaskStepExecutor:
    """Every step on a Dask worker: a LocalCluster, or an existing scheduler (the scale-out path)."""
    ((cluster_type, configuration),) = init_context.executor_config["cluster"].items()
    return DaskStepExecutor(cluster_type, dict(configuration or {}))
