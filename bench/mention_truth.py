"""Mention truth: what the extracted text does to the actor counts, on the WCXB dev pages.

Run from the repository root: `uv run python -m bench.mention_truth [--limit N] [--worst N]
[--list reference|newsetl|trafilatura]`.

The project's matcher (`etl.actors.find_mentions` with the pipeline's dictionary) runs, in one
run, on these texts of every page: the project's parse (`etl.parse.parse_html`: title and body,
the body by agreement), the same parse with each voter of `etl/parse/voters.py` alone deciding
the body (`voter:own`, `voter:resiliparse`, `voter:trafilatura`), trafilatura's
(`trafilatura.extract` for the body, its metadata title), and the human reference
(WCXB `title` + `main_content`). Every text gets the reference publication date and the
language our parser detected on the page (None when it was quarantined), so role phrases and
the English longer-name rules apply the same way and only the text differs. Per page and
actor, mentions beyond the reference count are chrome (counted but not in the article),
mentions short of it are lost: precision = 1 - chrome/counted, recall = 1 - lost/reference.
A quarantined page counts nothing.

Matcher errors that are in the reference text too (an alias inside a longer name) cancel out
here; `--list reference` prints every mention in the reference text with its sentence, which is
how such false positives are found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import polars as pl

from bench.machine import machine_line
from etl.actors import MATCHER_INPUT_SCHEMA, current_dictionary, find_mentions
from evaluation.dev_sets import SHARED_DATA, DevPage, wcxb_available, wcxb_pages
from evaluation.extractors import voter_alone

VOTER_NAMES = ("own", "resiliparse", "trafilatura")
SOURCES = ("newsetl", *(f"voter:{name}" for name in VOTER_NAMES), "trafilatura")
WHITESPACE = re.compile(r"\s+")
PageActor = tuple[str, str]


@dataclass(frozen=True, slots=True)
class PageText:
    title: str | None
    body: str
    quarantine: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Truth:
    counted: int
    reference: int
    chrome: int
    lost: int

    @property
    def precision(self) -> float:
        return 1 - self.chrome / self.counted if self.counted else 1.0

    @property
    def recall(self) -> float:
        return 1 - self.lost / self.reference if self.reference else 1.0


def project_text(page: DevPage, voter_name: str | None = None) -> PageText:
    """The parse stage's title and body; given a voter's name, the body that voter alone decides."""
    from etl.parse import ParsedArticle, parse_html

    parsed = parse_html(page.raw, url=page.url, body_rule=voter_alone(voter_name) if voter_name else None)
    if isinstance(parsed, ParsedArticle):
        return PageText(parsed.title, parsed.body, language=parsed.language)
    return PageText(None, "", parsed.reason)


def trafilatura_text(page: DevPage) -> PageText:
    import trafilatura
    from trafilatura.metadata import extract_metadata

    body = trafilatura.extract(page.raw, include_comments=False)
    metadata = extract_metadata(page.raw, default_url=page.url)
    title = metadata.title if metadata is not None else None
    return PageText(title, body or "", None if body else "no text extracted")


def reference_text(page: DevPage) -> PageText:
    return PageText(page.title, page.expected_text or "")


def publication_time(page: DevPage) -> dt.datetime | None:
    """The reference date at noon UTC; a partial date ("2003-11") resolves no role phrase."""
    try:
        day = dt.date.fromisoformat(page.expected_date or "")
    except ValueError:
        return None
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def articles_frame(
    pages: list[DevPage], texts: Iterable[PageText], languages: list[str | None]
) -> pl.DataFrame:
    """The frame find_mentions takes, as the pipeline builds it from parsed articles."""
    published = [publication_time(page) for page in pages]
    texts = list(texts)
    return pl.DataFrame(
        {
            "article_id": [page.name for page in pages],
            "title": [text.title for text in texts],
            "body": [text.body for text in texts],
            "published_at": published,
            "language": languages,
        },
        schema=MATCHER_INPUT_SCHEMA,
    )


def per_page_actor(mentions: pl.DataFrame) -> Counter[PageActor]:
    return Counter(mentions.select("article_id", "actor_id").iter_rows())


def truth(counted: Counter[PageActor], reference: Counter[PageActor]) -> Truth:
    return Truth(
        counted=counted.total(),
        reference=reference.total(),
        chrome=(counted - reference).total(),
        lost=(reference - counted).total(),
    )


def collapsed(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def chrome_example(mentions: pl.DataFrame, key: PageActor, reference: PageText) -> str:
    """A sentence around one of the page's mentions of the actor that the reference lacks."""
    page, actor = key
    rows = mentions.filter((pl.col("article_id") == page) & (pl.col("actor_id") == actor))
    reference_words = collapsed(f"{reference.title or ''} {reference.body}")
    snippets = [collapsed(snippet) for snippet in rows["snippet"]]
    outside = [snippet for snippet in snippets if snippet not in reference_words]
    example = (outside or snippets or [""])[0]
    return example[:150]


def print_truth(label: str, result: Truth) -> None:
    print(
        f"  {label:<18} counted {result.counted:>5}  reference {result.reference:>5}  "
        f"chrome {result.chrome:>4}  lost {result.lost:>4}  "
        f"precision {result.precision:.3f}  recall {result.recall:.3f}"
    )


def print_worst(
    label: str,
    counts: dict[str, Counter[PageActor]],
    mentions: pl.DataFrame,
    reference: dict[str, PageText],
    worst: int,
    excess: Callable[[Counter[PageActor], Counter[PageActor]], Counter[PageActor]],
) -> None:
    ranked = excess(counts["newsetl"], counts["reference"]).most_common(worst)
    if not ranked:
        return
    print(f"\nnewsetl's top {label} (page, actor: {' / '.join((*SOURCES, 'reference'))}):")
    for key, amount in ranked:
        page, actor = key
        figures = " / ".join(str(counts[source][key]) for source in (*SOURCES, "reference"))
        example = chrome_example(mentions, key, reference[page]) if label == "chrome" else ""
        print(f"  {page} {actor:<24} {amount:>3}  ({figures})  {example}")


def print_mentions(mentions: pl.DataFrame) -> None:
    for page, actor, surface, snippet in mentions.select(
        "article_id", "actor_id", "surface", "snippet"
    ).iter_rows():
        print(f"  {page} {actor:<24} {surface!r:<22} {collapsed(snippet)[:140]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N WCXB pages")
    parser.add_argument("--worst", type=int, default=15, help="list the N largest chrome/lost entries")
    parser.add_argument("--list", choices=("reference", *SOURCES), help="print every mention in that text")
    args = parser.parse_args()
    if not wcxb_available():
        print(f"skipped: evaluation data not found at {SHARED_DATA} (needs ../shared/data)")
        return 0

    print(machine_line())
    pages = list(wcxb_pages()[: args.limit])
    dictionary = current_dictionary()
    texts = {
        "newsetl": [project_text(page) for page in pages],
        **{f"voter:{name}": [project_text(page, name) for page in pages] for name in VOTER_NAMES},
        "trafilatura": [trafilatura_text(page) for page in pages],
        "reference": [reference_text(page) for page in pages],
    }
    languages = [text.language for text in texts["newsetl"]]
    mentions = {
        source: find_mentions(articles_frame(pages, texts[source], languages), dictionary) for source in texts
    }
    counts = {source: per_page_actor(found) for source, found in mentions.items()}

    print(f"dictionary {dictionary.version}; {len(pages)} WCXB dev pages; matcher on title + body")
    for source in SOURCES:
        print_truth(source, truth(counts[source], counts["reference"]))
    real = [i for i, page in enumerate(pages) if (page.expected_text or "").strip()]
    for source in SOURCES:
        emptied = [pages[i].name for i in real if texts[source][i].quarantine]
        reasons = Counter(texts[source][i].quarantine for i in real if texts[source][i].quarantine)
        print(
            f"  {source:<18} {len(emptied)} of {len(real)} pages with a reference body got no text"
            + (f": {dict(reasons)} {emptied}" if emptied else "")
        )
    reference_by_page = {page.name: text for page, text in zip(pages, texts["reference"], strict=True)}
    print_worst(
        "chrome", counts, mentions["newsetl"], reference_by_page, args.worst, lambda ours, ref: ours - ref
    )
    print_worst(
        "lost", counts, mentions["newsetl"], reference_by_page, args.worst, lambda ours, ref: ref - ours
    )
    if args.list:
        print(f"\nevery mention in the {args.list} text:")
        print_mentions(mentions[args.list])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
