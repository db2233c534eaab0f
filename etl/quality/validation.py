"""Run a list of expectation specs over a polars frame with Great Expectations 1.x."""

import importlib
import json
import sys
import threading
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from etl.quality.suites import ExpectationSpec


@dataclass(frozen=True)
class QualityReport:
    suite_name: str
    success: bool
    evaluated: int
    failures: list[dict[str, object]] = field(default_factory=list)
    # What each expectation saw (rows, unexpected count and share, observed value), passed or not.
    observed: list[dict[str, object]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


def validate_frame(
    frame: pl.DataFrame, suite_name: str, specs: list[ExpectationSpec], keys: list[str] | None = None
) -> QualityReport:
    """Validate `frame` against `specs` in an ephemeral GX context; never raises on bad data.
    With `keys`, each failure names the key columns of (up to 20 of) its failing rows."""
    batch_definition, suite = _validation_setup(suite_name, _frozen(specs))
    present_keys = [key for key in keys or [] if key in frame.columns]
    batch = batch_definition.get_batch(batch_parameters={"dataframe": _to_pandas(frame, specs, present_keys)})
    result_format: dict[str, object] = {"result_format": "SUMMARY"}
    if present_keys:
        result_format["unexpected_index_column_names"] = present_keys
    result = batch.validate(suite, result_format=result_format)
    failures = [_describe_failure(item, present_keys) for item in result.results if not item.success]
    observed = [_describe_observation(item) for item in result.results]
    return QualityReport(suite_name, bool(result.success), len(result.results), failures, observed)


def import_great_expectations() -> None:
    """Import Great Expectations now, in this thread (the first validation would otherwise)."""
    importlib.import_module("great_expectations")


def import_great_expectations_in_background() -> None:
    """Start importing Great Expectations in a daemon thread, for a caller that is about to wait
    (the parse step, while its workers parse): the import is seconds of this process's CPU that
    otherwise runs after the wait, on one core, with the other idle. The first validation then
    finds it imported, or waits for the rest of it on the module's import lock."""
    if "great_expectations" in sys.modules:
        return
    threading.Thread(
        target=importlib.import_module, args=("great_expectations",), name="import-gx", daemon=True
    ).start()


FrozenSpecs = tuple[tuple[str, str], ...]


def _frozen(specs: list[ExpectationSpec]) -> FrozenSpecs:
    """Specs as a cache key (kwargs hold lists, which do not hash)."""
    return tuple((class_name, json.dumps(kwargs, sort_keys=True)) for class_name, kwargs in specs)


@cache
def _validation_setup(suite_name: str, specs: FrozenSpecs):
    """One ephemeral GX context, data asset and suite per distinct suite, reused across calls:
    building them took a third of each validation, paid three times in every run of a
    backfill. Nothing in them depends on the data validated."""
    # Imported here: the import costs seconds and turns on logging.captureWarnings, which every
    # Dagster code-location load would otherwise pay for.
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False),
        ),
    )
    batch_definition = (
        context.data_sources.add_pandas(f"{suite_name}_source")
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe("whole_frame")
    )
    suite = gx.ExpectationSuite(name=suite_name)
    for class_name, kwargs in specs:
        suite.add_expectation(getattr(gxe, class_name)(**json.loads(kwargs)))
    return batch_definition, suite


def checked_columns(specs: list[ExpectationSpec]) -> list[str]:
    """The columns the expectations name, in first-named order."""
    named: list[str] = []
    for _class_name, kwargs in specs:
        for key in ("column", "column_A", "column_B"):
            if isinstance(kwargs.get(key), str):
                named.append(kwargs[key])
        named.extend(kwargs.get("column_list", []))
    return list(dict.fromkeys(named))


def _to_pandas(frame: pl.DataFrame, specs: list[ExpectationSpec], keys: list[str]):
    # Only the columns the suite checks (and the keys that name failing rows): GX converts and
    # hashes every column it is given (to name the batch), which for a run's articles was most
    # of the validation's time.
    # A named column the frame lacks is left out, so GX reports that expectation as failed.
    columns = dict.fromkeys([*checked_columns(specs), *keys])
    return frame.select([name for name in columns if name in frame.columns]).to_pandas()


def _describe_failure(item: object, keys: list[str]) -> dict[str, object]:
    config = item.expectation_config
    result = item.result or {}
    failing_rows = result.get("partial_unexpected_index_list") or []
    return {
        "expectation": config.type,
        "kwargs": {k: v for k, v in config.kwargs.items() if k != "batch_id"},
        "unexpected_count": result.get("unexpected_count"),
        "unexpected_percent": result.get("unexpected_percent"),
        "sample": [str(v) for v in (result.get("partial_unexpected_list") or [])[:5]],
        "failing_keys": [
            {key: str(row.get(key)) for key in keys} for row in failing_rows if isinstance(row, dict)
        ],
        "observed_value": str(result.get("observed_value")),
    }


def _describe_observation(item: object) -> dict[str, object]:
    config = item.expectation_config
    result = item.result or {}
    columns = [config.kwargs[key] for key in ("column", "column_A", "column_B") if key in config.kwargs]
    return {
        "expectation": config.type,
        "columns": columns + list(config.kwargs.get("column_list", [])),
        "success": bool(item.success),
        "rows": result.get("element_count"),
        "unexpected_count": result.get("unexpected_count"),
        "unexpected_percent": result.get("unexpected_percent"),
        "mostly": config.kwargs.get("mostly"),
        "observed_value": None if result.get("observed_value") is None else str(result["observed_value"]),
    }
