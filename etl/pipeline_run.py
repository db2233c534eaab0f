"""Run the code location's job in this process: what `newsetl run` and the tests call, so they
exercise exactly the definitions that `dagster dev` loads."""

import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

JOB_NAME = "newsetl_job"


@dataclass(frozen=True, slots=True)
class RunTargets:
    landing_dir: Path
    warehouse_path: Path

    @property
    def lake_dir(self) -> Path:
        return self.warehouse_path.parent / "lake"


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


def _instance() -> dg.DagsterInstance:
    """The DAGSTER_HOME instance when one is configured, so the run shows in the UI; else a
    throwaway one."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def run_pipeline(
    targets: RunTargets, log_level: str = "INFO", extra_ops: dict | None = None
) -> dg.ExecuteInProcessResult:
    from etl.definitions import defs

    job = defs.resolve_job_def(JOB_NAME)
    with _instance() as instance:
        return job.execute_in_process(
            run_config=run_config_for(targets, log_level, extra_ops),
            instance=instance,
            raise_on_error=False,
        )
