"""The parse stage over a frame: `raw_html` rows in, `articles` and parse rejects out."""

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import polars as pl

from etl.memory import release_free_memory
from etl.parse import PARSER_VERSION, ParsedArticle, ParseFailure, parse_html
from etl.parse.language import detected_language
from etl.parse.records import article_fields
from etl.process_pool import pooled_map

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
    "body_source": pl.Utf8,
    "charset": pl.Utf8,
    # Fields left empty because their reader failed, each with the reason.
    "field_notes": pl.List(pl.Struct({"field": pl.Utf8, "reason": pl.Utf8})),
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
    # Decided on the small columns; the page bytes are never filtered (a filter copies them).
    first_seen = raw_html.select(
        pl.col("duplicate_of").is_null() & pl.col("skip_reason").is_null()
    ).to_series()
    readable = raw_html["ingest_error"].is_null()
    is_pending = first_seen & readable
    rejects: list[dict[str, object]] = [
        _reject(row, "ingest", row["ingest_error"])
        for row in raw_html.select(*PROVENANCE_COLUMNS, "ingest_error")
        .filter(first_seen & ~readable)
        .iter_rows(named=True)
    ]
    articles: list[dict[str, object]] = []
    total, done = int(is_pending.sum()), 0
    provenance = raw_html.select(PROVENANCE_COLUMNS).filter(is_pending).iter_rows(named=True)
    for outcomes in _parse_chunks(raw_html, is_pending, workers, min_parallel_inputs):
        for outcome in outcomes:
            row = next(provenance)
            if isinstance(outcome, ParseFailure):
                rejects.append(_reject(row, outcome.stage, outcome.reason))
            else:
                articles.append(_article_row(row, outcome))
        done += len(outcomes)
        if on_progress is not None:
            on_progress(done, total)
    return (
        pl.DataFrame(articles, schema=ARTICLE_SCHEMA),
        pl.DataFrame(rejects, schema=REJECT_SCHEMA),
    )


# What a worker needs to parse one input: its bytes, URL, HTTP charset and crawl day. Only
# these cross the process boundary, and only the parse outcome comes back.
ParseTask = tuple[bytes, str | None, str | None, date]
PROVENANCE_COLUMNS = ["batch_id", "source_path", "input_id"]


def parse_tasks(tasks: list[ParseTask]) -> list[ParsedArticle | ParseFailure]:
    parsed = [
        parse_html(content, url=url, http_charset=charset, crawl_date=crawl_day)
        for content, url, charset, crawl_day in tasks
    ]
    # A pool worker sits idle between stages holding what lxml freed; hand it back.
    release_free_memory()
    return parsed


def _task_chunks(raw_html: pl.DataFrame, is_pending: pl.Series) -> Iterator[list[ParseTask]]:
    """Chunks of pending inputs built from zero-copy slices, so the pages exist as Python bytes
    only while queued."""
    columns = raw_html.select("content", "url", "http_charset", "batch_id").with_columns(
        is_pending.alias("pending")
    )
    chunk: list[ParseTask] = []
    for part in columns.iter_slices(PARALLEL_CHUNK_ROWS):
        for content, url, charset, batch_id, pending in part.iter_rows():
            if not pending:
                continue
            chunk.append((content, url, charset, crawl_date_of(batch_id)))
            if len(chunk) == PARALLEL_CHUNK_ROWS:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def parses_in_parallel(inputs: int, workers: int, min_parallel_inputs: int = PARALLEL_MIN_INPUTS) -> bool:
    return workers > 1 and inputs >= min_parallel_inputs


# Long enough for the language model to be asked, so the warm-up loads it.
_WARM_UP_TEXT = "The parse worker loads its language model before the first page arrives."


def warm_parse_worker() -> None:
    """A pool worker's first task: unpickling it imports the parse stage, and one language
    call loads the language model (together about a second per worker)."""
    detected_language(_WARM_UP_TEXT, None)


def _parse_chunks(
    raw_html: pl.DataFrame, is_pending: pl.Series, workers: int, min_parallel_inputs: int
) -> Iterator[list[ParsedArticle | ParseFailure]]:
    tasks = _task_chunks(raw_html, is_pending)
    if not parses_in_parallel(int(is_pending.sum()), workers, min_parallel_inputs):
        yield from map(parse_tasks, tasks)
        return
    yield from pooled_map(workers, parse_tasks, tasks)


def field_failures(articles: pl.DataFrame) -> dict[str, int]:
    """Articles per field whose reader failed: loaded articles with an empty field are otherwise
    invisible in a run's figures, where only quarantined pages stand out."""
    fields = articles.select(pl.col("field_notes").list.eval(pl.element().struct.field("field").unique()))
    counts = fields.explode("field_notes").drop_nulls().group_by("field_notes").len()
    return dict(sorted(counts.iter_rows()))


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
        **article_fields(parsed),
        "body_chars": len(parsed.body),
        "parser_version": PARSER_VERSION,
    }
