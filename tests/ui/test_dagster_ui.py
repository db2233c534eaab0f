"""The Dagster UI as a new user meets it: `dg dev` from a fresh DAGSTER_HOME on the bundled
corpus, the sensor's first load, then the tables and partitions seen in Debian's chromium."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from etl.ingest import list_batches
from etl.settings import PROJECT_ROOT, SAMPLE_LANDING_DIR, WAREHOUSE_ENV

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The bars: every batch loaded in at most 3 runs, within 180 s of `dg dev` starting.
FIRST_LOAD_SECONDS = 180
MAX_FIRST_LOAD_RUNS = 3
STARTUP_SECONDS = 120
# A batch whose own article count differs from the range's, so a range total would show.
PARTITION = "2017-07-24"
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}

RUNS = "{ runsOrError { ... on Runs { results { runId status startTime endTime } } } }"
ASSET = """
query Asset($key: AssetKeyInput!) {
  assetNodeOrError(assetKey: $key) {
    ... on AssetNode {
      dependencyKeys { path }
      partitionStats { numMaterialized }
      assetMaterializations(limit: 1) {
        partition
        metadataEntries {
          label
          ... on IntMetadataEntry { intValue }
          ... on TableSchemaMetadataEntry { schema { columns { name type } } }
        }
      }
    }
  }
}
"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed (.ci/run installs Debian's chromium)"
    ),
]


@dataclass(frozen=True)
class DevServer:
    base: str
    started: float
    log: Path
    lake: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _graphql(base: str, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{base}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)["data"]


def _wait_until_serving(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "dg dev exited during start-up"
        try:
            with urllib.request.urlopen(f"{base}/server_info", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise AssertionError(f"dg dev did not serve {base} within {STARTUP_SECONDS}s")


@pytest.fixture
def first_start(tmp_path: Path) -> Iterator[DevServer]:
    """`dg dev` as the README starts it, from an empty DAGSTER_HOME, on the bundled corpus."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / ".dagster_home" / "dagster.yaml", home / "dagster.yaml")
    warehouse = tmp_path / "warehouse" / "news.duckdb"
    port = _free_port()
    # As `uv run` sets it: dg warns when the active environment is not the project's.
    env = {**os.environ, "DAGSTER_HOME": str(home), WAREHOUSE_ENV: str(warehouse), "VIRTUAL_ENV": sys.prefix}
    log_path = tmp_path / "dg_dev.log"
    log = log_path.open("w")
    started = time.monotonic()
    # A new session: dg dev then gets SIGTERM on its whole process group, which it honours.
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "dg"), "dev", "-h", "127.0.0.1", "-p", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(base, server)
        yield DevServer(base, started, log_path, warehouse.parent / "lake")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
        log.close()


def _asset(base: str, key: str) -> dict:
    return _graphql(base, ASSET, {"key": {"path": [key]}})["assetNodeOrError"]


def _wait_for_first_load(server: DevServer, batches: int) -> list[dict]:
    """The sensor's runs, once every batch's articles are materialized and no run is pending."""
    runs: list[dict] = []
    while time.monotonic() - server.started < FIRST_LOAD_SECONDS:
        runs = _graphql(server.base, RUNS)["runsOrError"]["results"]
        loaded = (_asset(server.base, "articles")["partitionStats"] or {}).get("numMaterialized")
        failed = any(run["status"] != "SUCCESS" for run in runs)
        if runs and all(run["status"] in FINISHED for run in runs) and (loaded == batches or failed):
            return runs
        time.sleep(2)
    raise AssertionError(f"first load not done {FIRST_LOAD_SECONDS}s after start: {runs}")


def _metadata(materialization: dict) -> dict[str, dict]:
    return {entry["label"]: entry for entry in materialization["metadataEntries"]}


def _dismiss_welcome_dialog(page: object) -> None:
    """A first visit shows a newsletter dialog over the page; a user would skip it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    skip = page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=10_000)
    except PlaywrightTimeout:  # no dialog this time: nothing to dismiss
        return
    skip.click()


def test_first_start_loads_every_batch_and_shows_tables_and_partitions(
    first_start: DevServer, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    batches = list_batches(SAMPLE_LANDING_DIR)
    runs = _wait_for_first_load(first_start, len(batches))
    elapsed = time.monotonic() - first_start.started
    print(f"first start: {len(runs)} run(s) loaded {len(batches)} batches in {elapsed:.0f}s after start")
    assert [run["status"] for run in runs] == ["SUCCESS"] * len(runs)
    assert 1 <= len(runs) <= MAX_FIRST_LOAD_RUNS

    fact_mention = _asset(first_start.base, "fact_mention")
    assert "raw_html" not in {"/".join(key["path"]) for key in fact_mention["dependencyKeys"]}
    latest = _metadata(fact_mention["assetMaterializations"][0])
    row_count = latest["dagster/row_count"]["intValue"]
    columns = [column["name"] for column in latest["dagster/column_schema"]["schema"]["columns"]]
    assert row_count > 0 and {"mention_id", "article_id", "actor_id", "surface"} <= set(columns)
    own_articles = pl.read_parquet(first_start.lake / "articles" / f"{PARTITION}.parquet").height
    all_articles = sum(
        pl.read_parquet(path).height for path in (first_start.lake / "articles").glob("*.parquet")
    )
    assert own_articles != all_articles

    with sync_playwright() as playwright:
        # A fresh profile per test: Playwright passes it as --user-data-dir.
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium"),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1600, "height": 1200},
        )
        page = browser.new_page()
        page.goto(f"{first_start.base}/assets/fact_mention", timeout=120_000)
        _dismiss_welcome_dialog(page)
        expect(page.get_by_text("Row count", exact=True)).to_be_visible(timeout=60_000)
        expect(page.get_by_text(f"{row_count:,}", exact=True).first).to_be_visible()
        for column in ("mention_id", "actor_id", "start_offset", "surface"):
            expect(page.get_by_text(column, exact=True).first).to_be_visible()
        page.screenshot(path=str(tmp_path / "fact_mention.png"), full_page=True)

        page.goto(
            f"{first_start.base}/assets/articles?view=partitions&partition={PARTITION}", timeout=120_000
        )
        count_row = page.locator("tr", has_text="dagster/row_count")
        expect(count_row).to_be_visible(timeout=60_000)
        # The row holds the label and this partition's own count, nothing else.
        expect(count_row).to_have_text(re.compile(rf"^\s*dagster/row_count\s*{own_articles}\s*$"))
        page.screenshot(path=str(tmp_path / "articles_partition.png"), full_page=True)
        browser.close()

    log = first_start.log.read_text()
    assert "does not match" not in log, "the code location name warning is back"
    assert (tmp_path / "fact_mention.png").stat().st_size > 10_000
