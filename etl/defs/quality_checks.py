"""Great Expectations reports turned into Dagster asset-check results."""

import dagster as dg

from etl.quality import QualityReport


def expectation_check_result(
    check_name: str,
    asset_key: str,
    report: QualityReport,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
) -> dg.AssetCheckResult:
    """ERROR by default, so a blocking check stops everything downstream in the run."""
    return dg.AssetCheckResult(
        check_name=check_name,
        asset_key=asset_key,
        passed=report.success,
        severity=severity,
        metadata={
            "suite": report.suite_name,
            "expectations_evaluated": report.evaluated,
            "expectations_failed": report.failed,
            "failed_expectations": dg.MetadataValue.json(report.failures),
        },
    )
