"""Extraction benchmark: the parse stage against trafilatura on every dev set, side by side.

Run from the repository root: `uv run python -m bench.extraction [--limit N] [--sets ...]`.

Per dev set it runs the parse stage (the body by agreement between the voters of
`etl/parse/voters.py`), the parse stage with each voter alone deciding the body (its cleaned
paragraphs, no fallback), and trafilatura as a library. All see the same raw bytes, one process
each, run one after the other, each warmed on the first page before timing; pages/s is per CPU
second of that process, so other load on a shared machine does not skew the comparison.
It prints word-F1 (WCXB metric) where the set has a reference body, snippet precision/recall/F1
and the share of pages leaking any `without` snippet (trafilatura's traf-eval metric) where it
has snippets, exact-day date accuracy where it has dates, how many pages with a real reference
body were quarantined, and pages/s. Leaks matter most: the product counts mentions in the body,
so a leaked teaser is a false count.
"""

from __future__ import annotations

import argparse
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from bench.machine import machine_line
from evaluation.dev_sets import DEV_SETS, SHARED_DATA, DevPage, shared_data_present
from evaluation.extraction_figures import ExtractionFigures, extraction_figures
from evaluation.extraction_scores import word_f1
from evaluation.extractors import Extraction, project_extractions, trafilatura_extractions

# The voters of etl/parse/voters.py, each measured alone.
VOTER_NAMES = ("own", "resiliparse", "trafilatura")


def in_own_process(runner, pages: list[DevPage]) -> list[Extraction]:
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(runner, pages).result()


def figure_line(label: str, extractor: str, figures: ExtractionFigures) -> str:
    parts = [f"{label:<11} {extractor:<18}"]
    if figures.word_f1 is not None:
        parts.append(f"word-F1 {figures.word_f1:.4f}")
    if figures.snippets is not None:
        s = figures.snippets
        parts.append(f"snippets P {s.precision:.4f} R {s.recall:.4f} F1 {s.f1:.4f}")
    if figures.pages_with_without_snippets:
        parts.append(f"leaking {figures.leaking_pages}/{figures.pages_with_without_snippets} pages")
    if figures.date_accuracy is not None:
        parts.append(f"date {figures.date_accuracy:.4f} ({figures.date_hits}/{figures.dated_pages})")
    parts.append(f"quarantined with body {figures.quarantined_with_body}")
    parts.append(f"{figures.pages_per_second:.1f} pages/s")
    return "  ".join(parts)


def difference_line(label: str, ours: ExtractionFigures, theirs: ExtractionFigures) -> str:
    parts = [f"{label:<11} {'difference':<18}"]
    if ours.word_f1 is not None and theirs.word_f1 is not None:
        parts.append(f"word-F1 {ours.word_f1 - theirs.word_f1:+.4f}")
    if ours.snippets is not None and theirs.snippets is not None:
        parts.append(f"snippet-F1 {ours.snippets.f1 - theirs.snippets.f1:+.4f}")
    if ours.pages_with_without_snippets:
        parts.append(f"leaking pages {ours.leaking_pages - theirs.leaking_pages:+d}")
    if ours.date_accuracy is not None and theirs.date_accuracy is not None:
        parts.append(f"date {ours.date_accuracy - theirs.date_accuracy:+.4f}")
    parts.append(f"speed x{ours.pages_per_second / max(theirs.pages_per_second, 1e-9):.2f}")
    return "  ".join(parts)


def worst_pages(pages: list[DevPage], ours: list[Extraction], theirs: list[Extraction], count: int) -> None:
    """The pages where we lose most to trafilatura, by word-F1 or by leaked/missed snippets."""

    def loss(page: DevPage, result: Extraction) -> float:
        if page.expected_text is not None:
            return 1 - word_f1(result.body, page.expected_text)
        text = " ".join(result.body.split())
        missed = sum(" ".join(s.split()) not in text for s in page.with_snippets)
        leaked = sum(" ".join(s.split()) in text for s in page.without_snippets)
        return float(missed + leaked)

    ranked = sorted(zip(pages, ours, theirs, strict=True), key=lambda t: loss(t[0], t[2]) - loss(t[0], t[1]))
    for page, mine, reference in ranked[:count]:
        reason = f" quarantined: {mine.quarantine_reason}" if mine.quarantine_reason else ""
        print(
            f"    {page.name:<44} loss {loss(page, mine):.3f} (trafilatura {loss(page, reference):.3f}) "
            f"date {mine.date} expected {page.expected_date}{reason}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each set")
    parser.add_argument("--sets", nargs="+", choices=sorted(DEV_SETS), default=list(DEV_SETS))
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where we lose most")
    args = parser.parse_args()
    if not shared_data_present():
        print(f"skipped: evaluation data not found at {SHARED_DATA} (needs ../shared/data)")
        return 0

    print(machine_line())
    for label in args.sets:
        pages = DEV_SETS[label]()[: args.limit]
        ours = in_own_process(project_extractions, pages)
        for voter in VOTER_NAMES:
            alone = in_own_process(partial(project_extractions, voter_name=voter), pages)
            print(figure_line(label, f"voter {voter}", extraction_figures(pages, alone)))
        theirs = in_own_process(trafilatura_extractions, pages)
        our_figures, their_figures = extraction_figures(pages, ours), extraction_figures(pages, theirs)
        print(figure_line(label, "newsetl (agreed)", our_figures))
        print(figure_line(label, "trafilatura", their_figures))
        print(difference_line(label, our_figures, their_figures))
        if args.worst:
            worst_pages(pages, ours, theirs, args.worst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
