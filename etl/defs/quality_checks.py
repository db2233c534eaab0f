"""Great Expectations reports turned into Dagster asset-check results."""

import dagster as dg

from etl.quality import QualityReport


def observed_shares(report: QualityReport) -> dict[str, float]:
    """The share of rows that met each expectation with a `mostly` bound (the coverage shares:
    dated, titled, known language), keyed by its column."""
    return {
        f"{'_'.join(entry['columns'])}_share": round(1 - (entry["unexpected_percent"] or 0.0) / 100, 4)
        for entry in report.observed
        if entry["mostly"] is not None
    }


def expectation_check_result(
    check_name: str,
    asset_key: str,
    report: QualityReport,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
) -> dg.AssetCheckResult:
    """ERROR by default, so a blocking check stops everything downstream in the run. The
    metadata shows what GX observed, not only whether it passed: shares, counts, and the keys
    of failing rows."""
    rows = max((entry["rows"] or 0 for entry in report.observed), default=0)
    return dg.AssetCheckResult(
        check_name=check_name,
        asset_key=asset_key,
        passed=report.success,
        severity=severity,
        metadata={
            "suite": report.suite_name,
            "rows_checked": rows,
            "expectations_evaluated": report.evaluated,
            "expectations_failed": report.failed,
            **observed_shares(report),
            "observed": dg.MetadataValue.json(report.observed),
            "failed_expectations": dg.MetadataValue.json(report.failures),
        },
    )
