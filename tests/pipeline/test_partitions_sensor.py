"""The landing sensor: new folders become partitions and one range run; the instance's
partitions remember which batches are known, and the cursor each batch's fingerprint, so a late
or rewritten file in any registered batch gets a run of that batch alone."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from etl.defs import sensors
from etl.defs.partitions import RANGE_END_TAG, RANGE_START_TAG
from etl.defs.resources import LandingFolder
from etl.defs.sensors import landing_batches_sensor
from etl.ingest import batch_bytes
from etl.settings import SAMPLE_LANDING_DIR

THREE_BATCHES = ["2017-07-05", "2017-07-07", "2017-07-10"]


def _copy_batches(batches: list[str], landing: Path) -> Path:
    for batch in batches:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)
    return landing


def _tick(instance: dg.DagsterInstance, landing: Path, cursor: str | None = None) -> dg.SensorResult:
    """One evaluation, with its partition requests applied as the daemon applies them."""
    context = dg.build_sensor_context(
        instance=instance, resources={"landing": LandingFolder(path=str(landing))}, cursor=cursor
    )
    result = landing_batches_sensor(context)
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
    return result


def _ranges(result: dg.SensorResult) -> list[tuple[str, str]]:
    return [(r.tags[RANGE_START_TAG], r.tags[RANGE_END_TAG]) for r in result.run_requests or []]


def test_one_tick_requests_one_range_run_for_all_new_batches(tmp_path: Path) -> None:
    landing = _copy_batches(THREE_BATCHES[:2], tmp_path / "landing")
    with dg.instance_for_test() as instance:
        first = _tick(instance, landing)
        assert _ranges(first) == [(THREE_BATCHES[0], THREE_BATCHES[1])]
        assert first.dynamic_partitions_requests[0].partition_keys == THREE_BATCHES[:2]

        second = _tick(instance, landing, first.cursor)
        assert _ranges(second) == []

        _copy_batches(THREE_BATCHES[2:], landing)
        third = _tick(instance, landing, second.cursor)
        assert _ranges(third) == [(THREE_BATCHES[2], THREE_BATCHES[2])]
        assert instance.get_dynamic_partitions("landing_batches") == THREE_BATCHES


def test_batches_registered_by_a_command_line_run_are_not_requested(tmp_path: Path) -> None:
    landing = _copy_batches(THREE_BATCHES, tmp_path / "landing")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("landing_batches", THREE_BATCHES[:2])

        result = _tick(instance, landing)

    assert _ranges(result) == [(THREE_BATCHES[2], THREE_BATCHES[2])]


def test_new_batches_are_split_into_runs_by_size_like_newsetl_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    landing = _copy_batches(THREE_BATCHES, tmp_path / "landing")
    two_batches = sum(batch_bytes(landing, batch) for batch in THREE_BATCHES[:2])
    monkeypatch.setattr(sensors, "RUN_BYTES", two_batches)
    with dg.instance_for_test() as instance:
        result = _tick(instance, landing)

    assert _ranges(result) == [(THREE_BATCHES[0], THREE_BATCHES[1]), (THREE_BATCHES[2], THREE_BATCHES[2])]
    assert len({r.run_key for r in result.run_requests}) == 2


def test_a_late_file_in_any_registered_batch_gets_a_run_of_that_batch_alone(tmp_path: Path) -> None:
    landing = _copy_batches(THREE_BATCHES, tmp_path / "landing")
    late_page = next((SAMPLE_LANDING_DIR / "2017-07-12").glob("*.html"))
    with dg.instance_for_test() as instance:
        first = _tick(instance, landing)
        assert _ranges(first) == [(THREE_BATCHES[0], THREE_BATCHES[2])]
        quiet = _tick(instance, landing, first.cursor)
        assert _ranges(quiet) == [] and quiet.cursor == first.cursor

        # A file arrives in the oldest batch, not yesterday's.
        shutil.copy(late_page, landing / THREE_BATCHES[0] / "late.html")
        late = _tick(instance, landing, quiet.cursor)
        assert _ranges(late) == [(THREE_BATCHES[0], THREE_BATCHES[0])]
        assert not late.dynamic_partitions_requests
        assert _ranges(_tick(instance, landing, late.cursor)) == []

        # A file rewritten in place (new size and time) in the middle batch.
        rewritten = sorted((landing / THREE_BATCHES[1]).glob("*.html"))[0]
        rewritten.write_bytes(rewritten.read_bytes() + b"<!-- recrawled -->")
        again = _tick(instance, landing, late.cursor)
        assert _ranges(again) == [(THREE_BATCHES[1], THREE_BATCHES[1])]

        # A second late file in the first batch is a new run, not a run key the daemon drops.
        shutil.copy(late_page, landing / THREE_BATCHES[0] / "later.html")
        later = _tick(instance, landing, again.cursor)
        assert _ranges(later) == [(THREE_BATCHES[0], THREE_BATCHES[0])]
        assert later.run_requests[0].run_key != late.run_requests[0].run_key


def test_a_batch_registered_elsewhere_is_fingerprinted_then_watched(tmp_path: Path) -> None:
    """`newsetl run` registers and loads batches without a fingerprint: the first tick records
    one (their state when loaded is unknown, so no run), and a later change gets a run."""
    landing = _copy_batches(THREE_BATCHES[:2], tmp_path / "landing")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("landing_batches", THREE_BATCHES[:2])
        first = _tick(instance, landing)
        assert _ranges(first) == []
        assert first.cursor is not None

        shutil.copy(
            next((SAMPLE_LANDING_DIR / "2017-07-12").glob("*.html")), landing / THREE_BATCHES[1] / "late.html"
        )
        assert _ranges(_tick(instance, landing, first.cursor)) == [(THREE_BATCHES[1], THREE_BATCHES[1])]
