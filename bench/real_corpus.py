"""Real-page scale corpus: the evaluation pages in ../shared/data cycled to N, as syndication
makes them arrive.

Usage: uv run python -m bench.real_corpus --pages N --out DIR [--plain] [--copies 6.5]

Sources: wcxb-dev-articles (711 pages, URL from ground-truth/*.json) and traf-eval (URL from
evaldata.json), interleaved so any N draws on both. Every story is present `copies` times on
average (6 or 7 times at the default): the first copy is the page as it was crawled, the others
are the same page syndicated to other sites, with their own URL (canonical and og:url
rewritten), site name, header navigation and footer. Copies of a story are spread over the
batches, as syndication spreads them over days. Past 1,634 stories the sources repeat. Every file
ends with a comment naming its page number, so no two files have the same bytes, and the
ingest's byte-level duplicate check never short-cuts the parse.

Writes DIR/<batch>/<page>.html.gz (or .html with --plain), 500 pages per batch folder, batches
named by consecutive crawl days from the day it is written; and DIR/../real_corpus.parquet:
source_path, story, copy, source file and URL of every page (beside the landing folder, not in
it, so it is not ingested).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing
import re
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import chain, zip_longest
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl

from bench.corpus_generator import CorpusSummary
from evaluation.dev_sets import SHARED_DATA

PAGES_PER_BATCH = 500
CRAWL_START = date.today()
MEAN_COPIES = 6.5
MANIFEST_FILE = "real_corpus.parquet"
# The sites a story is syndicated to: each copy after the first is on the next one.
SYNDICATORS = (
    ("wire-east.example", "Wire East"),
    ("daily-courier.example", "The Daily Courier"),
    ("metro-post.example", "Metro Post"),
    ("gazette-online.example", "Gazette Online"),
    ("morning-ledger.example", "Morning Ledger"),
    ("news-digest.example", "News Digest"),
    ("regional-times.example", "Regional Times"),
)
SECTIONS = ("World", "Politics", "Business", "Technology", "Science", "Health", "Sport", "Culture")
_CANONICAL = re.compile(rb"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.IGNORECASE)
_OG_URL = re.compile(rb"<meta\b[^>]*\bproperty\s*=\s*[\"']?og:(?:url|site_name)\b[^>]*>", re.IGNORECASE)
_HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SourcePage:
    path: Path
    url: str


def _wcxb_pages(data_dir: Path) -> list[SourcePage]:
    folder = data_dir / "wcxb-dev-articles"
    pages = []
    for truth in sorted((folder / "ground-truth").glob("*.json")):
        page = folder / "html" / f"{truth.stem}.html.gz"
        if page.is_file():
            pages.append(SourcePage(page, json.loads(truth.read_text(encoding="utf-8"))["url"]))
    return pages


def _traf_eval_pages(data_dir: Path) -> list[SourcePage]:
    folder = data_dir / "traf-eval"
    evaldata = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    urls = {entry["file"]: url for url, entry in evaldata.items()}
    return [
        SourcePage(page, urls[page.name.removesuffix(".gz")])
        for page in sorted((folder / "html").glob("*.gz"))
        if page.name.removesuffix(".gz") in urls
    ]


def source_pages(data_dir: Path = SHARED_DATA) -> list[SourcePage]:
    """Both sets, alternating, so a small corpus still mixes them."""
    pairs = zip_longest(_wcxb_pages(data_dir), _traf_eval_pages(data_dir))
    pages = [page for page in chain.from_iterable(pairs) if page is not None]
    if not pages:
        raise FileNotFoundError(f"no evaluation pages under {data_dir} (../shared/data beside the repo)")
    return pages


def crawl_batch_name(batch: int) -> str:
    """Batch folders are named by crawl day, and a crawl comes after what it fetches: the days
    start on the day the corpus is written, after every source page's own date. (Days before
    publication would make the pipeline reject every true date as "after the crawl" and search
    every other date source in vain, which no real crawl asks of it.)"""
    return (CRAWL_START + timedelta(days=batch)).isoformat()


@dataclass(frozen=True, slots=True)
class PlannedPage:
    index: int
    story: int
    copy: int
    source: SourcePage

    @property
    def batch(self) -> str:
        return crawl_batch_name(self.index // PAGES_PER_BATCH)

    def file_name(self, plain: bool) -> str:
        return f"{self.index:06d}.html" if plain else f"{self.index:06d}.html.gz"

    @property
    def url(self) -> str:
        if self.copy == 0:
            return self.source.url
        host, _ = SYNDICATORS[(self.copy - 1) % len(SYNDICATORS)]
        path = urlsplit(self.source.url).path.strip("/") or "story"
        return f"https://{host}/syndicated/{self.story}/{path}"


def plan_corpus(pages: int, sources: list[SourcePage], mean_copies: float = MEAN_COPIES) -> list[PlannedPage]:
    """Page i is copy i // S of story i % S (S stories): the copies of a story land S pages, so
    usually several batches, apart."""
    stories = max(1, math.ceil(pages / mean_copies))
    return [
        PlannedPage(index, index % stories, index // stories, sources[(index % stories) % len(sources)])
        for index in range(pages)
    ]


def _site_chrome(page: PlannedPage) -> tuple[bytes, bytes, bytes]:
    """Head tags, header and footer of the site a copy is on (the original keeps its own)."""
    url = page.url.encode()
    head = b'<link rel="canonical" href="' + url + b'"><meta property="og:url" content="' + url + b'">'
    if page.copy == 0:
        return head, b"", b""
    host, name = SYNDICATORS[(page.copy - 1) % len(SYNDICATORS)]
    sections = SECTIONS[page.copy % 3 :] + SECTIONS[: page.copy % 3]
    links = "".join(f'<li><a href="https://{host}/{s.lower()}">{s}</a></li>' for s in sections)
    head += f'<meta property="og:site_name" content="{name}">'.encode()
    header = (
        f'<header class="site-header"><a class="logo" href="https://{host}/">{name}</a>'
        f'<nav class="main-nav"><ul>{links}</ul></nav>'
        f'<form class="search" action="https://{host}/search"><input name="q"></form></header>'
    ).encode()
    footer = (
        f'<footer class="site-footer"><p>&copy; {name}. Syndicated content.</p><ul>'
        f'<li><a href="https://{host}/about">About us</a></li>'
        f'<li><a href="https://{host}/privacy">Privacy</a></li>'
        f'<li><a href="https://{host}/contact">Contact</a></li></ul></footer>'
    ).encode()
    return head, header, footer


def page_bytes(page: PlannedPage, original: bytes) -> bytes:
    """The copy's HTML: original bytes (any charset) with the copy's URL and site chrome
    spliced in as ASCII, and its page number at the end."""
    head, header, footer = _site_chrome(page)
    html = _OG_URL.sub(b"", _CANONICAL.sub(b"", original))
    at = match.end() if (match := _HEAD.search(html)) else 0
    html = html[:at] + head + html[at:]
    if header and (match := _BODY.search(html)):
        html = html[: match.end()] + header + html[match.end() :]
    if footer and (ends := list(_BODY_END.finditer(html))):
        html = html[: ends[-1].start()] + footer + html[ends[-1].start() :]
    marker = f"\n<!-- newsetl bench page {page.index}: story {page.story}, copy {page.copy} -->\n"
    return html + marker.encode()


@cache
def _original(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def _write_batch(landing: Path, batch: list[PlannedPage], plain: bool) -> int:
    folder = landing / batch[0].batch
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for page in batch:
        html = page_bytes(page, _original(page.source.path))
        data = html if plain else gzip.compress(html, compresslevel=6, mtime=0)
        (folder / page.file_name(plain)).write_bytes(data)
        written += len(data)
    return written


def manifest(plan: list[PlannedPage], plain: bool) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source_path": [f"{page.batch}/{page.file_name(plain)}" for page in plan],
            "story": [page.story for page in plan],
            "copy": [page.copy for page in plan],
            "source_file": [page.source.path.name for page in plan],
            "url": [page.url for page in plan],
        }
    )


def write_real_corpus(
    landing: Path,
    pages: int,
    *,
    data_dir: Path = SHARED_DATA,
    plain: bool = False,
    mean_copies: float = MEAN_COPIES,
    procs: int = 1,
) -> CorpusSummary:
    started = time.perf_counter()
    plan = plan_corpus(pages, source_pages(data_dir), mean_copies)
    batches = [plan[start : start + PAGES_PER_BATCH] for start in range(0, len(plan), PAGES_PER_BATCH)]
    with multiprocessing.get_context("spawn").Pool(max(1, procs)) as pool:
        written = pool.starmap(_write_batch, [(landing, batch, plain) for batch in batches])
    manifest(plan, plain).write_parquet(landing.parent / MANIFEST_FILE)
    return CorpusSummary(pages, len(batches), sum(written), 0, time.perf_counter() - started)


def read_manifest(landing: Path) -> pl.DataFrame:
    return pl.read_parquet(landing.parent / MANIFEST_FILE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    parser.add_argument("--plain", action="store_true", help="write .html instead of .html.gz")
    parser.add_argument("--copies", type=float, default=MEAN_COPIES, help="mean copies of a story")
    args = parser.parse_args()
    summary = write_real_corpus(
        args.out, args.pages, data_dir=args.data, plain=args.plain, mean_copies=args.copies
    )
    print(
        f"{summary.pages} pages in {summary.batches} batches, {summary.bytes_written / 1e6:.0f} MB, "
        f"{summary.seconds:.1f} s"
    )


if __name__ == "__main__":
    main()
