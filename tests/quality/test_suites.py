import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from etl.actors import MENTION_SCHEMA
from etl.parse.article_frame import ARTICLE_SCHEMA
from etl.quality import ArticleThresholds, article_expectations, mention_expectations, validate_frame
from etl.quality.validation import checked_columns
from tests.warehouse.builders import article, mention

BODY = "Russia and Iran met in Astana on Tuesday to discuss the de-escalation zones in Syria. " * 2


@pytest.fixture(scope="module")
def good_articles() -> pl.DataFrame:
    return pl.DataFrame(
        [article(f"a{i}", "b1", date(2017, 7, 4), BODY) for i in range(10)], schema=ARTICLE_SCHEMA
    )


def test_articles_suite_passes_on_good_articles(good_articles: pl.DataFrame) -> None:
    report = validate_frame(good_articles, "articles_suite", article_expectations(ArticleThresholds()))

    assert report.success
    assert report.failures == []
    assert report.evaluated == len(article_expectations(ArticleThresholds()))


def test_articles_suite_names_each_broken_expectation(good_articles: pl.DataFrame) -> None:
    broken = pl.concat(
        [
            good_articles,
            pl.DataFrame([article("a1", "b1", None, "too short")], schema=ARTICLE_SCHEMA).with_columns(
                published_at_source=pl.lit("crawl")
            ),
        ]
    )

    report = validate_frame(broken, "articles_suite", article_expectations(ArticleThresholds()))

    assert not report.success
    failed = {(f["expectation"], f["kwargs"].get("column")) for f in report.failures}
    assert failed == {
        ("expect_column_values_to_be_unique", "article_id"),
        ("expect_column_values_to_be_between", "body_chars"),
        ("expect_column_values_to_be_in_set", "published_at_source"),
    }
    in_set = next(f for f in report.failures if f["kwargs"].get("column") == "published_at_source")
    assert in_set["sample"] == ["crawl"]


def test_mentions_suite_catches_inverted_offsets() -> None:
    body = "Iran and Russia."
    rows = [mention("a1", "iran", body, "Iran"), mention("a1", "russia", body, "Russia")]
    good = pl.DataFrame(rows, schema=MENTION_SCHEMA)
    bad = good.with_columns(end=pl.when(pl.col("actor_id") == "iran").then(0).otherwise(pl.col("end")))

    assert validate_frame(good, "mentions_suite", mention_expectations()).success
    report = validate_frame(bad, "mentions_suite", mention_expectations())
    assert [f["expectation"] for f in report.failures] == ["expect_column_pair_values_a_to_be_greater_than_b"]


def test_suite_sees_only_its_columns_and_fails_on_a_missing_one(good_articles: pl.DataFrame) -> None:
    specs = article_expectations(ArticleThresholds())
    assert checked_columns(specs) == [
        "article_id",
        "body",
        "body_chars",
        "published_at_source",
        "parser_version",
    ]
    report = validate_frame(good_articles.drop("parser_version"), "articles", specs)
    assert not report.success
    assert [failure["kwargs"] for failure in report.failures] == [{"column": "parser_version"}]


VALIDATE_DURING_BACKGROUND_IMPORT = """
import sys
from datetime import date
import polars as pl
from etl.parse.article_frame import ARTICLE_SCHEMA
from etl.quality import ArticleThresholds, article_expectations, validate_frame
from etl.quality import import_great_expectations_in_background
from tests.warehouse.builders import article
assert "great_expectations" not in sys.modules
import_great_expectations_in_background()
rows = [article("a1", "b1", date(2017, 7, 4), "too short")]
report = validate_frame(pl.DataFrame(rows, schema=ARTICLE_SCHEMA), "articles_suite",
                        article_expectations(ArticleThresholds()), ["article_id"])
print(sorted(failure["expectation"] for failure in report.failures))
print(report.failures[0]["failing_keys"])
"""


def test_validation_started_during_the_background_import_gives_the_usual_report() -> None:
    """The parse step starts the import and validates as soon as its workers are done: a
    validation that begins while the import is still running waits for it, never sees a half
    imported Great Expectations."""
    finished = subprocess.run(
        [sys.executable, "-c", VALIDATE_DURING_BACKGROUND_IMPORT],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert finished.returncode == 0, finished.stderr[-2000:]
    failed, keys = finished.stdout.splitlines()[-2:]
    assert "expect_column_values_to_be_between" in failed
    assert "a1" in keys
