"""The extractors the benchmarks compare, run over dev pages with each page timed alone (CPU
time of the process, so a loaded shared machine does not skew the comparison): the parse
stage (the body by agreement), the parse stage with one voter alone deciding the body, and
trafilatura as a library."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evaluation.dev_sets import DevPage

if TYPE_CHECKING:
    from etl.parse.agreement import Ballots
    from etl.parse.article import BodyRule


@dataclass(frozen=True, slots=True)
class Extraction:
    body: str
    date: str | None
    seconds: float
    quarantine_reason: str | None = None


def voter_alone(voter_name: str) -> BodyRule:
    """A body rule that takes one voter's cleaned paragraphs as the body, with no fallback."""
    from etl.parse.voters import VOTERS

    voter = next(voter for voter in VOTERS if voter.name == voter_name)

    def rule(ballots: Ballots, _article: dict[str, Any] | None) -> tuple[list[str], str]:
        return ballots.of(voter), voter.name

    return rule


def project_extractions(pages: list[DevPage], voter_name: str | None = None) -> list[Extraction]:
    """`etl.parse.parse_html` on each page, its body by agreement or, given a voter's name, by that
    voter alone; a ParseFailure is an empty body with its reason."""
    from etl.parse import ParsedArticle, parse_html

    body_rule = voter_alone(voter_name) if voter_name else None
    if pages:
        parse_html(pages[0].raw, url=pages[0].url, body_rule=body_rule)
    results = []
    for page in pages:
        start = time.process_time()
        parsed = parse_html(page.raw, url=page.url, body_rule=body_rule)
        seconds = time.process_time() - start
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
        start = time.process_time()
        body = trafilatura.extract(page.raw, include_comments=False) or ""
        seconds = time.process_time() - start
        metadata = extract_metadata(page.raw, default_url=page.url)
        date = metadata.date[:10] if metadata is not None and metadata.date else None
        results.append(Extraction(body, date, seconds))
    return results
