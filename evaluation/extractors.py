"""The two extractors the benchmarks compare, run over dev pages with each page timed alone."""

from __future__ import annotations

import time
from dataclasses import dataclass

from evaluation.dev_sets import DevPage


@dataclass(frozen=True, slots=True)
class Extraction:
    body: str
    date: str | None
    seconds: float
    quarantine_reason: str | None = None


def project_extractions(pages: list[DevPage]) -> list[Extraction]:
    """`etl.parse.parse_html` on each page; a ParseFailure is an empty body with its reason."""
    from etl.parse import ParsedArticle, parse_html

    if pages:
        parse_html(pages[0].raw, url=pages[0].url)
    results = []
    for page in pages:
        start = time.perf_counter()
        parsed = parse_html(page.raw, url=page.url)
        seconds = time.perf_counter() - start
        if isinstance(parsed, ParsedArticle):
            date = parsed.published_at.date().isoformat() if parsed.published_at else None
            results.append(Extraction(parsed.body, date, seconds))
        else:
            results.append(Extraction("", None, seconds, parsed.reason))
    return results


def trafilatura_extractions(pages: list[DevPage]) -> list[Extraction]:
    """Only `extract` is timed; the date comes from a separate, untimed `extract_metadata` call so
    trafilatura's speed is not penalised for the metadata pass it would share with extraction."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    if pages:
        trafilatura.extract(pages[0].raw, include_comments=False)
    results = []
    for page in pages:
        start = time.perf_counter()
        body = trafilatura.extract(page.raw, include_comments=False) or ""
        seconds = time.perf_counter() - start
        metadata = extract_metadata(page.raw, default_url=page.url)
        date = metadata.date[:10] if metadata is not None and metadata.date else None
        results.append(Extraction(body, date, seconds))
    return results
