"""A deployment of the code location on one machine: a code server (`dagster api grpc`) and a
daemon (`dagster-daemon run`) over an instance with the project's dagster.yaml (the
`QueuedRunCoordinator` and the pool limits). On Kubernetes the same pieces are the user-code
deployment, the daemon deployment and the `K8sRunLauncher` (docs/scaling.md).

This module stands the processes up and runs `dagster` commands against them; it launches no
run. `etl.runs.submit_backfill` does, through it: for the tests, and for trying a fan-out before
deploying it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from etl.defs.sensors import landing_batches_sensor
from etl.settings import DAGSTER_HOME_ENV, PROJECT_ROOT, RunTargets

LOCATION = "newsetl"
# The project's instance configuration: queued runs and the pool limits. The fan-out uses it as
# it is, so what is tested is what `dagster dev` and a deployment run with.
INSTANCE_YAML = PROJECT_ROOT / ".dagster_home" / "dagster.yaml"
CODE_SERVER_READY = "Started Dagster code server"


@dataclass(frozen=True, slots=True)
class Deployment:
    """Where a deployment's instance lives, how its processes find the code server, and the
    environment every process of it (runs included) gets."""

    dagster_home: Path
    workspace: Path
    env: dict[str, str]


def deployment_env(dagster_home: Path, targets: RunTargets) -> dict[str, str]:
    """The runs take landing, warehouse and lake from these variables (the resources' defaults),
    as a deployment's pods take them from their environment."""
    return {**targets.environment(), DAGSTER_HOME_ENV: str(dagster_home)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_deployment(root: Path, targets: RunTargets, port: int) -> Deployment:
    """An instance with the project's dagster.yaml, and a workspace that points every process at
    one code server on `port` (loopback)."""
    dagster_home = root / "dagster_home"
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INSTANCE_YAML, dagster_home / "dagster.yaml")
    workspace = root / "workspace.yaml"
    workspace.write_text(
        "load_from:\n"
        f"  - grpc_server:\n      host: 127.0.0.1\n      port: {port}\n      location_name: {LOCATION}\n"
    )
    return Deployment(dagster_home, workspace, deployment_env(dagster_home, targets))


def dagster_command(deployment: Deployment, *arguments: str, timeout: float = 300) -> str:
    """Run a `dagster` CLI command against the deployment; its output, or an error with it."""
    done = subprocess.run(
        [sys.executable, "-m", "dagster", *arguments, "-w", str(deployment.workspace)],
        env=deployment.env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"dagster {' '.join(arguments)} failed: {done.stderr[-2000:]}")
    return done.stdout


@contextmanager
def _process(command: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A service process in its own process group, so stopping it stops what it started."""
    with log.open("w") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_for_line(process: subprocess.Popen, log: Path, line: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while line not in log.read_text(errors="replace"):
        if process.poll() is not None:
            raise RuntimeError(f"{log.name} exited with {process.returncode}: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{log.name} not ready after {timeout:.0f} s")
        time.sleep(0.2)


def code_server_command(port: int) -> list[str]:
    """The code location served over gRPC on loopback: what a user-code deployment runs."""
    return [
        *(sys.executable, "-m", "dagster", "api", "grpc", "--module-name", "etl.definitions"),
        *("--working-directory", str(PROJECT_ROOT), "--location-name", LOCATION),
        *("--host", "127.0.0.1", "--port", str(port), "--log-level", "info"),
    ]


def daemon_command(deployment: Deployment) -> list[str]:
    """The daemon: its run queue launches the queued runs within the instance's limits."""
    return [str(Path(sys.executable).with_name("dagster-daemon")), "run", "-w", str(deployment.workspace)]


@contextmanager
def local_deployment(
    root: Path, targets: RunTargets, *, landing_sensor: bool = False, startup_timeout: float = 180
) -> Iterator[Deployment]:
    """A code server and a daemon on loopback, over a fresh instance under `root`, until exit.

    The landing sensor is stopped unless asked for: it would request a run for every batch
    folder on its own, beside the backfill being tried."""
    port = free_port()
    deployment = write_deployment(root, targets, port)
    code_server_log = root / "code_server.log"
    with ExitStack() as services:
        code_server = services.enter_context(
            _process(code_server_command(port), deployment.env, code_server_log)
        )
        _wait_for_line(code_server, code_server_log, CODE_SERVER_READY, startup_timeout)
        if not landing_sensor:
            dagster_command(deployment, "sensor", "stop", landing_batches_sensor.name)
        services.enter_context(_process(daemon_command(deployment), deployment.env, root / "daemon.log"))
        yield deployment
