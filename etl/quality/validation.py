"""Run a list of expectation specs over a polars frame with Great Expectations 1.x."""

import json
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

    @property
    def failed(self) -> int:
        return len(self.failures)


def validate_frame(frame: pl.DataFrame, suite_name: str, specs: list[ExpectationSpec]) -> QualityReport:
    """Validate `frame` against `specs` in an ephemeral GX context; never raises on bad data."""
    batch_definition, suite = _validation_setup(suite_name, _frozen(specs))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": _to_pandas(frame, specs)})
    result = batch.validate(suite)
    failures = [_describe_failure(item) for item in result.results if not item.success]
    return QualityReport(suite_name, bool(result.success), len(result.results), failures)


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


def _to_pandas(frame: pl.DataFrame, specs: list[ExpectationSpec]):
    # Only the columns the suite checks: GX converts and hashes every column it is given (to
    # name the batch), which for a run's articles was most of the validation's time.
    # A named column the frame lacks is left out, so GX reports that expectation as failed.
    return frame.select([name for name in checked_columns(specs) if name in frame.columns]).to_pandas()


def _describe_failure(item: object) -> dict[str, object]:
    config = item.expectation_config
    result = item.result or {}
    return {
        "expectation": config.type,
        "kwargs": {k: v for k, v in config.kwargs.items() if k != "batch_id"},
        "unexpected_count": result.get("unexpected_count"),
        "unexpected_percent": result.get("unexpected_percent"),
        "sample": [str(v) for v in (result.get("partial_unexpected_list") or [])[:5]],
        "observed_value": str(result.get("observed_value")),
    }
