"""What a good `articles` and `actor_mentions` frame looks like, as GX expectation specs.

The specs are (expectation class name, keyword arguments) pairs so this module stays importable
without paying for `great_expectations` (a slow import) until a frame is actually validated.
"""

from dataclasses import dataclass

from etl.parse.article import MAX_BODY_CHARS, MIN_ARTICLE_CHARS

ExpectationSpec = tuple[str, dict[str, object]]

PUBLISHED_AT_SOURCES = ["jsonld", "meta", "time", "url", "text", "none"]
MENTION_FIELDS = ["title", "body"]
MENTION_STRENGTHS = ["strong", "weak", "role"]


@dataclass(frozen=True, slots=True)
class ArticleThresholds:
    """Tunable bounds; the defaults describe a news article, a test may tighten them to fail."""

    min_body_chars: int = MIN_ARTICLE_CHARS
    max_body_chars: int = MAX_BODY_CHARS
    min_dated_share: float = 0.8
    min_titled_share: float = 0.9
    languages: tuple[str, ...] = ("ar", "en", "fr", "de", "es", "tr", "fa", "ru", "it", "pt", "nl")
    min_known_language_share: float = 0.95


def article_expectations(thresholds: ArticleThresholds) -> list[ExpectationSpec]:
    """What must hold for every row: the parse stage promises it, so a failure is a bug upstream
    and blocks the load. (Bad documents are quarantined by the stage, never failed here.)"""
    return [
        ("ExpectColumnValuesToNotBeNull", {"column": "article_id"}),
        ("ExpectColumnValuesToBeUnique", {"column": "article_id"}),
        ("ExpectColumnValuesToNotBeNull", {"column": "body"}),
        (
            "ExpectColumnValuesToBeBetween",
            {
                "column": "body_chars",
                "min_value": thresholds.min_body_chars,
                "max_value": thresholds.max_body_chars,
            },
        ),
        (
            "ExpectColumnValuesToBeInSet",
            {"column": "published_at_source", "value_set": PUBLISHED_AT_SOURCES},
        ),
        ("ExpectColumnValuesToNotBeNull", {"column": "parser_version"}),
    ]


def article_coverage_expectations(thresholds: ArticleThresholds) -> list[ExpectationSpec]:
    """Shares that describe a healthy batch (dated, titled, in a known language). A few odd
    pages in a small batch can miss them, so they warn rather than block."""
    return [
        (
            "ExpectColumnValuesToNotBeNull",
            {"column": "published_at", "mostly": thresholds.min_dated_share},
        ),
        ("ExpectColumnValuesToNotBeNull", {"column": "title", "mostly": thresholds.min_titled_share}),
        (
            "ExpectColumnValuesToBeInSet",
            {
                "column": "language",
                "value_set": list(thresholds.languages),
                "mostly": thresholds.min_known_language_share,
            },
        ),
    ]


def mention_expectations() -> list[ExpectationSpec]:
    return [
        ("ExpectColumnValuesToNotBeNull", {"column": "article_id"}),
        ("ExpectColumnValuesToNotBeNull", {"column": "actor_id"}),
        ("ExpectColumnValuesToBeInSet", {"column": "field", "value_set": MENTION_FIELDS}),
        ("ExpectColumnValuesToBeInSet", {"column": "strength", "value_set": MENTION_STRENGTHS}),
        ("ExpectColumnValuesToBeBetween", {"column": "start", "min_value": 0}),
        (
            "ExpectColumnPairValuesAToBeGreaterThanB",
            {"column_A": "end", "column_B": "start", "or_equal": False},
        ),
        ("ExpectColumnValuesToNotBeNull", {"column": "surface"}),
        ("ExpectCompoundColumnsToBeUnique", {"column_list": ["article_id", "field", "start"]}),
    ]
