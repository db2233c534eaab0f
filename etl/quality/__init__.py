"""Quality: Great Expectations suites over the stage frames, reported as plain records."""

from etl.quality.suites import (
    ArticleThresholds,
    article_coverage_expectations,
    article_expectations,
    mention_expectations,
)
from etl.quality.validation import (
    QualityReport,
    import_great_expectations,
    import_great_expectations_in_background,
    validate_frame,
)

__all__ = [
    "ArticleThresholds",
    "QualityReport",
    "article_coverage_expectations",
    "article_expectations",
    "import_great_expectations",
    "import_great_expectations_in_background",
    "mention_expectations",
    "validate_frame",
]
