"""The code location's executor: Dagster's in-process executor, and at the end of every run the
warm worker pools of its parallel steps stop (`etl.process_pool.end_of_run`).

Whoever launches the run (the daemon's run launcher, a backfill, a test), its process can then
exit: left to `atexit`, a daemon-launched run's process, forkserver and workers outlived the run.
"""

from collections.abc import Iterator

import dagster as dg

from etl.process_pool import end_of_run


class PoolsEndWithRun(dg.Executor):
    """Runs the plan with `inner`, then ends the run's pools, whether the run succeeded or not.

    The retry mode, step dependency settings and plan types are not in dagster's public names,
    so those signatures go unannotated."""

    def __init__(self, inner: dg.Executor) -> None:
        self._inner = inner

    @property
    def retries(self):
        return self._inner.retries

    @property
    def step_dependency_config(self):
        return self._inner.step_dependency_config

    def execute(self, plan_context, execution_plan) -> Iterator[dg.DagsterEvent]:
        try:
            yield from self._inner.execute(plan_context, execution_plan)
        finally:
            end_of_run()


@dg.executor(name="in_process", config_schema=dg.in_process_executor.config_schema.as_field())
def in_process_executor(init_context: dg.InitExecutorContext) -> dg.Executor:
    """Execute all steps in a single process; the run's worker pools stop when it ends."""
    return PoolsEndWithRun(dg.in_process_executor.executor_creation_fn(init_context))
