"""Parse layer: `raw_html` → `articles` (main text and metadata) and `parse_rejects`,
with the Great Expectations suite on `articles` as a blocking check."""

import os
import time

import dagster as dg
import polars as pl
from pydantic import Field

from etl.defs.metadata import frame_metadata, partition_metadata
from etl.defs.partitions import batch_backfill_policy, landing_batches
from etl.defs.quality_checks import expectation_check_result
from etl.parse import PARSER_VERSION
from etl.parse.article_frame import field_failures, parse_raw_html, parses_in_parallel
from etl.quality import (
    ArticleThresholds,
    article_coverage_expectations,
    article_expectations,
    import_great_expectations,
    import_great_expectations_in_background,
    validate_frame,
)

ARTICLES_SUITE_CHECK = "articles_expectations"
ARTICLES_COVERAGE_CHECK = "articles_coverage"
_PROGRESS_EVERY = 200
_DEFAULT_THRESHOLDS = ArticleThresholds()
_ARTICLE_PREVIEW_COLUMNS = ["title", "published_at", "published_at_source", "language", "site_name"]


def articles_metadata(articles: pl.DataFrame) -> dict[str, object]:
    return {
        **frame_metadata(articles, _ARTICLE_PREVIEW_COLUMNS),
        "languages": dict(articles.group_by("language").len().sort("language").iter_rows()),
        # How each body was decided (etl/parse/agreement.py): how often the voters were asked.
        "body_sources": dict(articles.group_by("body_source").len().sort("body_source").iter_rows()),
        "field_failures": field_failures(articles),
    }


def rejects_metadata(rejects: pl.DataFrame) -> dict[str, object]:
    return {
        **frame_metadata(rejects, ["source_path", "stage", "reason"]),
        "reasons": dict(rejects.group_by("stage").len().sort("stage").iter_rows()),
    }


class ParseConfig(dg.Config):
    """Parallelism of the parse step, and bounds for the articles suite (see
    etl.quality.suites.ArticleThresholds)."""

    workers: int = Field(default=0, description="parse processes; 0 means one per core")
    min_body_chars: int = _DEFAULT_THRESHOLDS.min_body_chars
    min_dated_share: float = _DEFAULT_THRESHOLDS.min_dated_share
    min_titled_share: float = _DEFAULT_THRESHOLDS.min_titled_share


@dg.multi_asset(
    outs={
        "articles": dg.AssetOut(
            group_name="parse",
            kinds={"python", "polars"},
            description="One row per parsed article: metadata, publication date and its source, "
            "language, and the main text only (no navigation, related blocks, tags or sidebars).",
            code_version=PARSER_VERSION,
        ),
        "parse_rejects": dg.AssetOut(
            group_name="parse",
            kinds={"python", "polars"},
            description="Inputs that could not become an article, with the stage and reason.",
            code_version=PARSER_VERSION,
        ),
    },
    partitions_def=landing_batches,
    backfill_policy=batch_backfill_policy,
    check_specs=[
        dg.AssetCheckSpec(
            ARTICLES_SUITE_CHECK,
            asset="articles",
            blocking=True,
            description="Great Expectations suite over the parsed articles; failing it stops the "
            "warehouse load.",
        ),
        dg.AssetCheckSpec(
            ARTICLES_COVERAGE_CHECK,
            asset="articles",
            description="Great Expectations shares of dated, titled and known-language articles; "
            "a warning, not a stop.",
        ),
    ],
)
def parsed_articles(context: dg.AssetExecutionContext, config: ParseConfig, raw_html: pl.DataFrame):
    """Parse each readable, first-seen input into an article, or reject it with a reason."""

    def log_progress(done: int, total: int) -> None:
        if done % _PROGRESS_EVERY == 0 or done == total:
            context.log.info(f"parsed {done}/{total} inputs")

    workers = config.workers or os.cpu_count() or 1
    # The suites below need Great Expectations, whose import takes seconds of this process.
    if parses_in_parallel(raw_html.height, workers):
        # The workers parse while this process imports it.
        import_great_expectations_in_background()
    else:
        # A small batch parses in this process: an import beside it would share the interpreter
        # lock and finish seconds after the last page, with the step looking done. First, then.
        context.log.info("loading Great Expectations for the checks")
        import_great_expectations()
    articles, rejects = parse_raw_html(raw_html, on_progress=log_progress, workers=workers)
    yield dg.Output(
        articles,
        output_name="articles",
        metadata={
            **partition_metadata(context, "articles", articles, articles_metadata),
            "parser_version": PARSER_VERSION,
        },
    )
    yield dg.Output(
        rejects,
        output_name="parse_rejects",
        metadata=partition_metadata(context, "parse_rejects", rejects, rejects_metadata),
    )
    thresholds = ArticleThresholds(
        min_body_chars=config.min_body_chars,
        min_dated_share=config.min_dated_share,
        min_titled_share=config.min_titled_share,
    )
    context.log.info(f"checking {articles.height} articles with Great Expectations")
    started = time.perf_counter()
    report = validate_frame(articles, "articles_suite", article_expectations(thresholds), ["article_id"])
    yield expectation_check_result(ARTICLES_SUITE_CHECK, "articles", report)
    coverage = validate_frame(
        articles, "articles_coverage", article_coverage_expectations(thresholds), ["article_id"]
    )
    yield expectation_check_result(ARTICLES_COVERAGE_CHECK, "articles", coverage, dg.AssetCheckSeverity.WARN)
    context.log.info(f"checked {articles.height} articles in {time.perf_counter() - started:.1f} s")
