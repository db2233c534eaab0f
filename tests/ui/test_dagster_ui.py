"""The Dagster UI as a user sees it: `dagster dev` on loopback, driven by Debian's chromium."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from etl.settings import LANDING_ENV, PROJECT_ROOT, SAMPLE_LANDING_DIR, WAREHOUSE_ENV

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
BATCH = "2017-07-05"
LISTED_ASSETS = ("raw_html", "articles", "actor_mentions", "fact_mention", "mentions_per_actor_per_week")
STARTUP_SECONDS = 240
RUN_SECONDS = 300

LAUNCH_RUN = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}
"""
RUN_STATUS = """
query Status($runId: ID!) { runOrError(runId: $runId) { ... on Run { status } } }
"""

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (.ci/run installs Debian's chromium)"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _graphql(base: str, query: str, variables: dict) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["data"]


def _wait_until_serving(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "dagster dev exited during start-up"
        try:
            with urllib.request.urlopen(f"{base}/server_info", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise AssertionError(f"dagster dev did not serve {base} within {STARTUP_SECONDS}s")


@pytest.fixture
def dagster_ui(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / BATCH, landing / BATCH)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        instance.add_dynamic_partitions("landing_batches", [BATCH])
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        LANDING_ENV: str(landing),
        WAREHOUSE_ENV: str(tmp_path / "warehouse" / "news.duckdb"),
    }
    log = (tmp_path / "dagster_dev.log").open("w")
    # A new session: `dagster dev` then gets SIGTERM on its whole process group, which it
    # honours (started with `&` from a non-interactive shell it would ignore it).
    server = subprocess.Popen(
        [sys.executable, "-m", "dagster", "dev", "-h", "127.0.0.1", "-p", str(port), "-w", "workspace.yaml"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, server)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        log.close()


def _launch_batch_run(base: str) -> str:
    params = {
        "selector": {
            "repositoryLocationName": "newsetl",
            "repositoryName": "__repository__",
            "jobName": "ingest_batch_job",
        },
        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": BATCH}]},
        "runConfigData": {},
    }
    launched = _graphql(base, LAUNCH_RUN, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    return launched["run"]["runId"]


def _wait_for_run(base: str, run_id: str) -> str:
    deadline = time.monotonic() + RUN_SECONDS
    status = "UNKNOWN"
    while time.monotonic() < deadline:
        status = _graphql(base, RUN_STATUS, {"runId": run_id})["runOrError"]["status"]
        if status in {"SUCCESS", "FAILURE", "CANCELED"}:
            return status
        time.sleep(2)
    return status


def _dismiss_welcome_dialog(page: object) -> None:
    """A first visit shows a newsletter dialog over the page; a user would skip it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=15_000)
    except PlaywrightTimeout:  # no dialog this time: nothing to dismiss
        return
    skip.click()


def test_ui_lists_the_assets_and_materializes_a_partition(dagster_ui: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{dagster_ui}/assets", timeout=120_000)
        _dismiss_welcome_dialog(page)
        for asset in (
            "raw_html",
            "articles",
            "actor_mentions",
            "fact_mention",
            "mentions_per_actor_per_week",
        ):
            page.get_by_text(asset, exact=True).first.wait_for(timeout=120_000)

        run_id = _launch_batch_run(dagster_ui)
        assert _wait_for_run(dagster_ui, run_id) == "SUCCESS"

        page.goto(f"{dagster_ui}/runs/{run_id}", timeout=120_000)
        page.get_by_text("fact_mention").first.wait_for(timeout=120_000)
        screenshot = tmp_path / "dagster_run.png"
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()

    assert screenshot.stat().st_size > 10_000
