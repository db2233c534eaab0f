"""Unreadable is a reason, never a silence. A batch folder the run's user cannot read is refused
in one line that names it; a sub-folder it cannot read, and the files of a folder it may list but
not enter, are quarantined with the reason; the other batches load, and the landing sensor keeps
ticking. Before, the unreadable folder's pages were missing from ingest_log while the batch was
reported loaded, and a folder that could be listed but not entered raised a PermissionError that
stopped every batch and failed the sensor at every tick.

The tests run as root, which permission bits do not stop, so the runs are child processes
without root's permission override (`tests/hostile/permissions.py`): the folders are root's, and
their owner bits (000, or 444 for listable but not enterable) then apply."""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from etl.settings import PROJECT_ROOT, SAMPLE_LANDING_DIR
from tests.hostile.permissions import SETPRIV, WITHOUT_OVERRIDE

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or SETPRIV is None, reason="needs root and setpriv to drop root's permission override"
)

GOOD, LOCKED, WITH_LOCKED_SUB, LISTABLE_ONLY = "2017-07-05", "2017-07-07", "2017-07-10", "2017-07-12"

# One tick of the landing sensor, run without the override: its skip reason, or the batches it requests.
SENSOR_TICK = """
import sys
import dagster as dg
from etl.defs.resources import LandingFolder
from etl.defs.sensors import landing_batches_sensor

with dg.instance_for_test() as instance:
    landing = LandingFolder(path=sys.argv[1])
    context = dg.build_sensor_context(instance=instance, resources={"landing": landing})
    result = landing_batches_sensor(context)
    skipped = result.skip_reason
    print(skipped.skip_message if skipped else result.dynamic_partitions_requests[0].partition_keys)
"""


@pytest.fixture
def unlockable_tmp(tmp_path: Path) -> Iterator[Path]:
    """pytest's tmp_path, its locked folders opened again afterwards so it can be cleaned."""
    yield tmp_path
    for path in [tmp_path, *tmp_path.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def _as_ordinary_user(*command: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    return subprocess.run(
        [*WITHOUT_OVERRIDE, *command],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _landing(root: Path) -> Path:
    landing = root / "landing"
    for batch in (GOOD, LOCKED, WITH_LOCKED_SUB):
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)
    shutil.copytree(SAMPLE_LANDING_DIR / GOOD, landing / WITH_LOCKED_SUB / "sub")
    shutil.copytree(SAMPLE_LANDING_DIR / GOOD, landing / LISTABLE_ONLY)
    (landing / LOCKED).chmod(0o000)
    (landing / WITH_LOCKED_SUB / "sub").chmod(0o000)
    (landing / LISTABLE_ONLY).chmod(0o444)
    return landing


def _outcomes(warehouse: Path) -> dict[str, tuple[str, str | None]]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute("SELECT source_path, outcome, reason FROM ingest_log").fetchall()
    return {path: (outcome, reason) for path, outcome, reason in rows}


@pytest.mark.slow
def test_unreadable_folders_are_named_or_quarantined_and_the_others_load(unlockable_tmp: Path) -> None:
    landing = _landing(unlockable_tmp)
    warehouse_dir = unlockable_tmp / "wh"
    warehouse_dir.mkdir()
    warehouse = warehouse_dir / "news.duckdb"

    run = _as_ordinary_user(
        sys.executable, "-m", "etl.cli", "run", "--landing", str(landing),
        "--warehouse", str(warehouse), "--log-level", "ERROR",
    )  # fmt: skip

    assert run.returncode == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert f"batch '{LOCKED}' refused: it could not be read: Permission denied" in run.stderr
    outcomes = _outcomes(warehouse)
    assert not any(path.startswith(f"{LOCKED}/") for path in outcomes)
    denied = "folder could not be read: Permission denied"
    assert outcomes[f"{WITH_LOCKED_SUB}/sub/"] == ("quarantined", denied)
    listable_only = {path: row for path, row in outcomes.items() if path.startswith(f"{LISTABLE_ONLY}/")}
    assert len(listable_only) == len(list((SAMPLE_LANDING_DIR / GOOD).iterdir()))
    assert set(listable_only.values()) == {("quarantined", "unreadable file: Permission denied")}
    for batch in (GOOD, WITH_LOCKED_SUB):
        pages = {f"{batch}/{page.name}" for page in (SAMPLE_LANDING_DIR / batch).iterdir()}
        assert pages <= outcomes.keys()
        assert not any("Permission" in (outcomes[page][1] or "") for page in pages)
        assert {outcomes[page][0] for page in pages} & {"loaded"}


def test_the_sensor_ticks_over_unreadable_folders(unlockable_tmp: Path) -> None:
    landing = _landing(unlockable_tmp)

    tick = _as_ordinary_user(sys.executable, "-c", SENSOR_TICK, str(landing))

    assert tick.returncode == 0, tick.stderr[-3000:]
    assert tick.stdout.strip() == str([GOOD, WITH_LOCKED_SUB, LISTABLE_ONLY])
    assert f"batch '{LOCKED}' refused: it could not be read" in tick.stderr

    landing.chmod(0o000)
    tick = _as_ordinary_user(sys.executable, "-c", SENSOR_TICK, str(landing))

    assert tick.returncode == 0, tick.stderr[-3000:]
    assert tick.stdout.strip().startswith(f"landing folder {landing} could not be read")


@pytest.mark.slow
def test_forget_keeps_the_rows_of_a_batch_folder_that_became_unreadable(unlockable_tmp: Path) -> None:
    landing = unlockable_tmp / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / GOOD, landing / GOOD)
    warehouse_dir = unlockable_tmp / "wh"
    warehouse_dir.mkdir()
    warehouse = warehouse_dir / "news.duckdb"
    common = ["--landing", str(landing), "--warehouse", str(warehouse)]
    loaded = _as_ordinary_user(sys.executable, "-m", "etl.cli", "run", *common, "--log-level", "ERROR")
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    before = _outcomes(warehouse)
    assert {outcome for outcome, _ in before.values()} & {"loaded"}

    (landing / GOOD).chmod(0o000)
    forget = _as_ordinary_user(sys.executable, "-m", "etl.cli", "forget", *common)

    assert forget.returncode == 0, forget.stderr[-3000:]
    assert "removed 0 inputs" in forget.stdout
    assert _outcomes(warehouse) == before
