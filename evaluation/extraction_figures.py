"""One dev set's figures for one extractor: the numbers the benchmark prints and the gate checks."""

from __future__ import annotations

from dataclasses import dataclass

from evaluation.dev_sets import DevPage
from evaluation.extraction_scores import SnippetCounts, leaks_boilerplate, snippet_counts, word_f1
from evaluation.extractors import Extraction


@dataclass(frozen=True, slots=True)
class ExtractionFigures:
    pages: int
    word_f1: float | None
    snippets: SnippetCounts | None
    leaking_pages: int
    pages_with_without_snippets: int
    date_hits: int
    dated_pages: int
    quarantined_with_body: int
    seconds: float

    @property
    def date_accuracy(self) -> float | None:
        return self.date_hits / self.dated_pages if self.dated_pages else None

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def extraction_figures(pages: list[DevPage], results: list[Extraction]) -> ExtractionFigures:
    pairs = list(zip(pages, results, strict=True))
    with_text = [(p, r) for p, r in pairs if p.expected_text is not None]
    with_snippets = [(p, r) for p, r in pairs if p.with_snippets or p.without_snippets]
    snippets = sum(
        (snippet_counts(r.body, p.with_snippets, p.without_snippets) for p, r in with_snippets),
        SnippetCounts(),
    )
    checked = [(p, r) for p, r in pairs if p.without_snippets]
    dated = [(p, r) for p, r in pairs if p.expected_date]
    return ExtractionFigures(
        pages=len(pairs),
        word_f1=sum(word_f1(r.body, p.expected_text or "") for p, r in with_text) / len(with_text)
        if with_text
        else None,
        snippets=snippets if any(p.with_snippets for p, _ in with_snippets) else None,
        leaking_pages=sum(leaks_boilerplate(r.body, p.without_snippets) for p, r in checked),
        pages_with_without_snippets=len(checked),
        date_hits=sum(r.date == p.expected_date for p, r in dated),
        dated_pages=len(dated),
        quarantined_with_body=sum(r.quarantine_reason is not None and p.has_article_body for p, r in pairs),
        seconds=sum(r.seconds for r in results),
    )
