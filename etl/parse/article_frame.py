"""The parse stage over a frame: `raw_html` rows in, `articles` and parse rejects out."""

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime

import polars as pl

from etl.parse import PARSER_VERSION, ParsedArticle, ParseFailure, parse_html

ARTICLE_SCHEMA = {
    "article_id": pl.Utf8,
    "batch_id": pl.Utf8,
    "source_path": pl.Utf8,
    "input_id": pl.Utf8,
    "url": pl.Utf8,
    "canonical_url": pl.Utf8,
    "site_name": pl.Utf8,
    "domain": pl.Utf8,
    "original_publisher": pl.Utf8,
    "title": pl.Utf8,
    "published_at": pl.Datetime("us", "UTC"),
    "published_at_source": pl.Utf8,
    "published_at_note": pl.Utf8,
    "language": pl.Utf8,
    "authors": pl.List(pl.Utf8),
    "body": pl.Utf8,
    "body_chars": pl.Int32,
    "charset": pl.Utf8,
    "parser_version": pl.Utf8,
}

REJECT_SCHEMA = {
    "batch_id": pl.Utf8,
    "source_path": pl.Utf8,
    "input_id": pl.Utf8,
    "stage": pl.Utf8,
    "reason": pl.Utf8,
}

ProgressCallback = Callable[[int, int], None]
ARTICLE_ID_LENGTH = 16
# Below this many inputs a process pool costs more to start than it saves.
PARALLEL_MIN_INPUTS = 400
PARALLEL_CHUNK_ROWS = 50


def article_id_for(input_id: str) -> str:
    """Articles are named by their bytes: the same page delivered twice is one article."""
    return input_id[:ARTICLE_ID_LENGTH]


def crawl_date_of(batch_id: str) -> date:
    """A batch folder is named after its delivery day; anything else counts as delivered today."""
    try:
        return date.fromisoformat(batch_id)
    except ValueError:
        return datetime.now(UTC).date()


def parse_raw_html(
    raw_html: pl.DataFrame,
    on_progress: ProgressCallback | None = None,
    workers: int = 1,
    min_parallel_inputs: int = PARALLEL_MIN_INPUTS,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Parse every readable, first-seen input; return (articles, rejects).

    Inputs that ingest could not read are rejected at stage "ingest" with ingest's reason;
    exact duplicates (`duplicate_of` set) and skipped WARC records (`skip_reason` set) are
    neither parsed nor rejected. With `workers` > 1 and enough inputs, parsing is spread over a
    process pool in chunks; the result is the same, in the same order.
    """
    articles: list[dict[str, object]] = []
    rejects: list[dict[str, object]] = []
    pending: list[dict[str, object]] = []
    for row in raw_html.iter_rows(named=True):
        if row["duplicate_of"] is not None or row["skip_reason"] is not None:
            continue
        if row["ingest_error"] is not None:
            rejects.append(_reject(row, "ingest", row["ingest_error"]))
        else:
            pending.append(row)
    total, done = len(pending), 0
    for parsed_chunk in _parse_chunks(pending, workers, min_parallel_inputs):
        for row, outcome in parsed_chunk:
            if isinstance(outcome, ParseFailure):
                rejects.append(_reject(row, outcome.stage, outcome.reason))
            else:
                articles.append(_article_row(row, outcome))
        done += len(parsed_chunk)
        if on_progress is not None:
            on_progress(done, total)
    return (
        pl.DataFrame(articles, schema=ARTICLE_SCHEMA),
        pl.DataFrame(rejects, schema=REJECT_SCHEMA),
    )


ParsedChunk = list[tuple[dict[str, object], ParsedArticle | ParseFailure]]


def _parse_rows(rows: list[dict[str, object]]) -> ParsedChunk:
    return [
        (
            row,
            parse_html(
                row["content"],
                url=row["url"],
                http_charset=row["http_charset"],
                crawl_date=crawl_date_of(row["batch_id"]),
            ),
        )
        for row in rows
    ]


def _parse_chunks(
    rows: list[dict[str, object]], workers: int, min_parallel_inputs: int
) -> Iterator[ParsedChunk]:
    chunks = [rows[start : start + PARALLEL_CHUNK_ROWS] for start in range(0, len(rows), PARALLEL_CHUNK_ROWS)]
    if workers <= 1 or len(rows) < min_parallel_inputs:
        yield from map(_parse_rows, chunks)
        return
    # forkserver: workers fork from a clean server that has imported the parser once, not from
    # this process (whose threads belong to Dagster), and pay the imports only once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["etl.parse.article_frame"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(_parse_rows, chunks)


def _reject(row: dict[str, object], stage: str, reason: str) -> dict[str, object]:
    return {
        "batch_id": row["batch_id"],
        "source_path": row["source_path"],
        "input_id": row["input_id"],
        "stage": stage,
        "reason": reason,
    }


def _article_row(row: dict[str, object], parsed: ParsedArticle) -> dict[str, object]:
    input_id = str(row["input_id"])
    return {
        "article_id": article_id_for(input_id),
        "batch_id": row["batch_id"],
        "source_path": row["source_path"],
        "input_id": input_id,
        "url": parsed.url,
        "canonical_url": parsed.canonical_url,
        "site_name": parsed.site_name,
        "domain": parsed.domain,
        "original_publisher": parsed.original_publisher,
        "title": parsed.title,
        "published_at": parsed.published_at,
        "published_at_source": parsed.published_at_source,
        "published_at_note": parsed.published_at_note,
        "language": parsed.language,
        "authors": list(parsed.authors),
        "body": parsed.body,
        "body_chars": len(parsed.body),
        "charset": parsed.charset,
        "parser_version": PARSER_VERSION,
    }
