"""A finished step's frame is freed before the next step loads its input.

Dagster's step-event logging leaves each step's `Output` in a reference cycle; without the lake
IO manager's collection, the frame lives until CPython's next full collection, and a backfill's
peak memory stacks one step's pages on top of the next's.
"""

import gc
import weakref
from pathlib import Path

import dagster as dg
import polars as pl

from etl.defs.resources import ParquetLakeIOManager

_PRODUCED: list[weakref.ref[pl.DataFrame]] = []
_ALIVE_WHEN_LOADED: list[bool] = []


@dg.asset
def pages() -> pl.DataFrame:
    frame = pl.DataFrame({"content": [b"<p>page</p>" * 1000] * 50})
    _PRODUCED.append(weakref.ref(frame))
    return frame


@dg.asset
def page_count(pages: pl.DataFrame) -> pl.DataFrame:
    _ALIVE_WHEN_LOADED.append(_PRODUCED[-1]() is not None)
    return pl.DataFrame({"pages": [pages.height]})


def two_step_job() -> dg.JobDefinition:
    return dg.Definitions(
        assets=[pages, page_count],
        jobs=[
            dg.define_asset_job(
                "two_steps", selection=[pages, page_count], executor_def=dg.in_process_executor
            )
        ],
        resources={"io_manager": ParquetLakeIOManager.configure_at_launch()},
    ).resolve_job_def("two_steps")


def test_upstream_frame_is_freed_before_the_next_step_reads(tmp_path: Path) -> None:
    # execute_job, not materialize: execute_in_process keeps every output for its caller.
    gc.disable()
    try:
        with (
            dg.DagsterInstance.ephemeral() as instance,
            dg.execute_job(
                dg.reconstructable(two_step_job),
                instance=instance,
                run_config={"resources": {"io_manager": {"config": {"base_dir": str(tmp_path)}}}},
            ) as result,
        ):
            assert result.success
    finally:
        gc.enable()
    assert _ALIVE_WHEN_LOADED == [False]
    assert pl.read_parquet(tmp_path / "page_count.parquet")["pages"].to_list() == [50]
