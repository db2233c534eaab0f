"""Quality: Great Expectations suites over the stage frames, reported as plain records."""

from etl.quality.suites import (
    ArticleThresholds,
    article_coverage_expectations,
    article_expectations,
    mention_expectations,
)
from etl.quality.validation import QualityReport, validate_frame

__all__ = [
    "ArticleThresholds",
    "QualityReport",
    "article_coverage_expectations",
    "article_expectations",
    "mention_expectations",
    "validate_frame",
]
