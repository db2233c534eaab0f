"""Deterministic scale corpus: N news pages in the five sample-corpus site templates, with ground truth.

Usage: uv run python -m bench.corpus_generator --pages N --out DIR [--batches B]
       [--format files|warc] [--seed S]

Writes DIR/<batch>/<page>.html (or one DIR/<batch>/<batch>.warc.gz per batch) with batches named
by consecutive dates from 2017-01-02, and DIR/ground_truth.parquet: one row per article page with
its landing source path, URL, language, publication date and the actor_ids its title and body
name. Pages are 30-150 KB: the site template's own furniture plus inline script blobs, a mega
menu, a trending sidebar and a related block that name other actors; those must not count.

Every page depends only on (seed, page index), never on a clock or on the order of generation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import multiprocessing
import os
import random
import time
import uuid
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from sample_corpus.stories import ArticlePage, Site, load_sites
from sample_corpus.templates import TEMPLATES, PageContext, canonical_url

BANKS_PATH = Path(__file__).parent / "corpus_templates" / "sentence_banks.yaml"
FIRST_BATCH = dt.date(2017, 1, 2)
PAGES_PER_BATCH = 1000
MIN_PAGE_BYTES = 30_000
MAX_PAGE_BYTES = 150_000
SCRIPT_CHUNKS = 48
# Share of filler sentences taken whole from the stock list (wire-style stock phrases).
STOCK_SENTENCE_SHARE = 0.1
# One in this many pages of a WARC batch is preceded by an image and a JSON record, which the
# reader must skip and count.
NON_HTML_EVERY = 50
GROUND_TRUTH_FILE = "ground_truth.parquet"
GROUND_TRUTH_SCHEMA = {
    "source_path": pl.Utf8,
    "batch_id": pl.Utf8,
    "url": pl.Utf8,
    "template": pl.Utf8,
    "language": pl.Utf8,
    "published": pl.Date,
    "actor_ids": pl.List(pl.Utf8),
    "boilerplate_actor_ids": pl.List(pl.Utf8),
    "size_bytes": pl.Int64,
}
# A minimal valid PNG: the body of the image records mixed into WARC batches.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass(frozen=True, slots=True)
class SentenceBanks:
    actor_names: dict[str, dict[str, str]]
    filler: dict[str, tuple[str, ...]]
    grammar: dict[str, dict[str, tuple[str, ...]]]
    actor: dict[str, tuple[str, ...]]
    headline: dict[str, tuple[str, ...]]

    @property
    def actor_ids(self) -> tuple[str, ...]:
        return tuple(self.actor_names)


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One article page as landed: its HTML plus what a perfect pipeline would extract from it."""

    batch_id: str
    file_name: str
    url: str
    template: str
    language: str
    published: dt.date
    title: str
    body: str
    actor_ids: tuple[str, ...]
    boilerplate_actor_ids: tuple[str, ...]
    html: bytes


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    pages: int
    batches: int
    bytes_written: int
    non_html_records: int
    seconds: float


def _slots(grammar: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {slot: tuple(options) for slot, options in grammar.items()}


@cache
def load_banks(path: Path = BANKS_PATH) -> SentenceBanks:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages = ("ar", "en")
    return SentenceBanks(
        actor_names=raw["actors"],
        filler={lang: tuple(raw[lang]["filler"]) for lang in languages},
        grammar={lang: _slots(raw["grammar"][lang]) for lang in languages},
        actor={lang: tuple(raw[lang]["actor"]) for lang in languages},
        headline={lang: tuple(raw[lang]["headline"]) for lang in languages},
    )


@cache
def _sites_in_order() -> tuple[Site, ...]:
    return tuple(sorted(load_sites().values(), key=lambda site: site.key))


def batch_name(batch: int) -> str:
    return (FIRST_BATCH + dt.timedelta(days=batch)).isoformat()


def default_batches(pages: int) -> int:
    return max(1, -(-pages // PAGES_PER_BATCH))


def batch_of_page(index: int, pages: int, batches: int) -> int:
    """Pages split into contiguous, near-equal batches."""
    return index * batches // pages


def _fill(template: str, names: list[str]) -> str:
    return template.format(a=names[0], b=names[1] if len(names) > 1 else names[0])


def _filler_sentence(rng: random.Random, banks: SentenceBanks, language: str) -> str:
    """A stock sentence now and then, otherwise one composed from the grammar's slots."""
    if rng.random() < STOCK_SENTENCE_SHARE:
        return rng.choice(banks.filler[language])
    slots = {slot: rng.choice(options) for slot, options in banks.grammar[language].items()}
    count = rng.randint(2, 480)
    if language == "ar":
        return f"و{slots['who']} {count} {slots['thing']} {slots['place']} {slots['time']}{slots['tail']}."
    return f"{slots['time']}, {slots['who']} {count} {slots['thing']} {slots['place']}{slots['tail']}."


def _actor_sentence(rng: random.Random, banks: SentenceBanks, language: str, actors: list[str]) -> str:
    """A sentence naming `actors` (one or two of them), in the page's language."""
    pattern = rng.choice([p for p in banks.actor[language] if ("{b}" in p) == (len(actors) == 2)])
    return _fill(pattern, [banks.actor_names[actor][language] for actor in actors])


def _headline(rng: random.Random, banks: SentenceBanks, language: str, actors: list[str]) -> str:
    pattern = rng.choice([p for p in banks.headline[language] if ("{b}" in p) == (len(actors) == 2)])
    return _fill(pattern, [banks.actor_names[actor][language] for actor in actors])


def article_text(
    rng: random.Random,
    banks: SentenceBanks,
    language: str,
    actors: list[str],
    paragraph_range: tuple[int, int] = (6, 14),
) -> tuple[str, tuple[str, ...]]:
    """A title naming the first actor and paragraphs naming every one of `actors` at least once."""
    title = _headline(rng, banks, language, actors[:1])
    paragraph_count = rng.randint(*paragraph_range)
    sentences_per_paragraph = [rng.randint(2, 4) for _ in range(paragraph_count)]
    slots = [(p, s) for p, count in enumerate(sentences_per_paragraph) for s in range(count)]
    placed = dict(zip(rng.sample(slots, len(actors)), actors, strict=True))
    paragraphs = []
    for p, count in enumerate(sentences_per_paragraph):
        sentences = []
        for s in range(count):
            actor = placed.get((p, s))
            if actor is None:
                sentences.append(_filler_sentence(rng, banks, language))
            elif rng.random() < 0.3:
                sentences.append(_actor_sentence(rng, banks, language, [actor, rng.choice(actors)]))
            else:
                sentences.append(_actor_sentence(rng, banks, language, [actor]))
        paragraphs.append(" ".join(sentences))
    return title, tuple(paragraphs)


@cache
def _script_chunks(seed: int) -> tuple[str, ...]:
    """Inline-script fragments of ~4 KB (bundled state, ad config, tracking ids), made once per seed."""
    rng = random.Random(f"{seed}:scripts")
    chunks = []
    for number in range(SCRIPT_CHUNKS):
        tokens = ",".join(f'"{rng.getrandbits(64):016x}"' for _ in range(180))
        chunks.append(
            f"window.__modules=window.__modules||{{}};window.__modules['m{number}']="
            f"{{v:{rng.randint(1, 99)},deps:[{tokens}],render:function(e){{return e&&e.length>{number}}}}};"
        )
    return tuple(chunks)


def _padding_scripts(rng: random.Random, seed: int, byte_budget: int, trending: list[str]) -> str:
    """<script> blobs totalling about `byte_budget` bytes; the first carries a trending list in JSON."""
    state = json.dumps({"trending": trending, "edition": "intl"}, ensure_ascii=False)
    parts = [f"<script>window.__PRELOADED_STATE__={state};</script>"]
    size = len(parts[0].encode("utf-8"))
    chunks = _script_chunks(seed)
    chunk_bytes = max(len(chunk) for chunk in chunks) + len("<script></script>\n")
    while size + chunk_bytes <= byte_budget:
        count = min(rng.randint(1, 3), (byte_budget - size) // chunk_bytes)
        blob = "".join(rng.choice(chunks) for _ in range(count))
        parts.append(f"<script>{blob}</script>")
        size += len(blob) + len("<script></script>\n")
    return "\n".join(parts)


def _link_list(texts: list[str], css_class: str) -> str:
    items = "".join(f'<li><a href="/topic/{i}">{escape(text)}</a></li>' for i, text in enumerate(texts))
    return f'<ul class="{css_class}">{items}</ul>'


def _boilerplate_blocks(
    rng: random.Random, banks: SentenceBanks, language: str, others: list[str]
) -> tuple[str, str, list[str]]:
    """A mega menu after <body>, a trending sidebar and related block before </body>, all naming
    `others`; returns (top, bottom, headlines used)."""
    names = [banks.actor_names[actor][language] for actor in others]
    headlines = [_headline(rng, banks, language, [actor]) for actor in others]
    heading = {"ar": ("الأكثر قراءة", "مواضيع ذات صلة"), "en": ("Trending now", "Related stories")}[language]
    top = f'<nav class="mega-menu" aria-label="topics">{_link_list(names, "mega-menu-items")}</nav>'
    bottom = (
        f'<div class="widget-area sidebar"><section class="widget trending"><h3>{heading[0]}</h3>'
        f"{_link_list(headlines[: len(headlines) // 2 + 1], 'widget-list')}</section></div>"
        f'<div class="related-posts"><h3>{heading[1]}</h3>'
        f"{_link_list(headlines[len(headlines) // 2 :], 'related-list')}</div>"
    )
    return top, bottom, headlines


def _inject(html: str, top: str, bottom: str, scripts: str) -> str:
    head_end = html.index("</head>")
    body_start = html.index(">", html.index("<body")) + 1
    body_end = html.rindex("</body>")
    return "".join(
        (
            html[:head_end],
            scripts,
            "\n",
            html[head_end:body_start],
            top,
            html[body_start:body_end],
            bottom,
            "\n",
            html[body_end:],
        )
    )


def generate_page(index: int, pages: int, batches: int, seed: int = 0) -> GeneratedPage:
    """Page `index` of a corpus of `pages` pages in `batches` batches."""
    banks = load_banks()
    rng = random.Random(f"{seed}:{index}:page")
    site = _sites_in_order()[index % len(_sites_in_order())]
    language = site.language
    batch_date = FIRST_BATCH + dt.timedelta(days=batch_of_page(index, pages, batches))
    published = batch_date - dt.timedelta(days=rng.randint(1, 3))
    chosen = rng.sample(banks.actor_ids, rng.randint(1, 4) + 4)
    actors, others = chosen[: len(chosen) - 4], chosen[len(chosen) - 4 :]
    title, paragraphs = article_text(rng, banks, language, actors)
    page = ArticlePage(
        story_id=f"scale-{index:07d}",
        language=language,
        site=site,
        slug=f"story-{index:07d}",
        published=published,
        title=title,
        lead_in=None,
        source_line=None,
        original_publisher=None,
        byline=None,
        paragraphs=paragraphs,
        actors=tuple(actors),
        not_actor_phrases=(),
        related=(),
        syndicated_group=None,
        date_style=None,
        encoding="utf-8",
        gzipped=False,
    )
    url = canonical_url(page)
    context = PageContext(crawl_date=batch_date, url=url, earlier_headlines=())
    rendered = TEMPLATES[site.template](page, context)
    top, bottom, headlines = _boilerplate_blocks(rng, banks, language, others)
    target = rng.randint(MIN_PAGE_BYTES + 5_000, MAX_PAGE_BYTES)
    furniture = len(rendered.html.encode("utf-8")) + len((top + bottom).encode("utf-8"))
    scripts = _padding_scripts(rng, seed, target - furniture, headlines)
    html = _inject(rendered.html, top, bottom, scripts)
    return GeneratedPage(
        batch_id=batch_date.isoformat(),
        file_name=page.name + site.landing_ext,
        url=url,
        template=site.template,
        language=language,
        published=published,
        title=title,
        body="\n".join(paragraphs),
        actor_ids=tuple(sorted(actors)),
        boilerplate_actor_ids=tuple(sorted(others)),
        html=html.encode("utf-8"),
    )


def _ground_truth_row(page: GeneratedPage, source_path: str) -> dict[str, object]:
    return {
        "source_path": source_path,
        "batch_id": page.batch_id,
        "url": page.url,
        "template": page.template,
        "language": page.language,
        "published": page.published,
        "actor_ids": list(page.actor_ids),
        "boilerplate_actor_ids": list(page.boilerplate_actor_ids),
        "size_bytes": len(page.html),
    }


def _record_id(seed: int, key: str) -> str:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()[:16]
    return f"<urn:uuid:{uuid.UUID(bytes=digest)}>"


def _warc_record(url: str, content_type: str, payload: bytes, warc_date: str, record_id: str) -> bytes:
    """One response record as its own gzip member (how .warc.gz files are cut)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
        protocol="HTTP/1.1",
    )
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(payload),
        length=len(payload),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": record_id},
    )
    writer.write_record(record)
    return gzip.compress(buffer.getvalue(), compresslevel=2, mtime=0)


def _non_html_records(page: GeneratedPage, seed: int, warc_date: str) -> list[bytes]:
    base = page.url.rstrip("/")
    listing = json.dumps({"url": page.url, "comments": []}).encode()
    return [
        _warc_record(f"{base}/lead.png", "image/png", PNG_BYTES, warc_date, _record_id(seed, base + ".png")),
        _warc_record(
            f"{base}/comments.json", "application/json", listing, warc_date, _record_id(seed, base + ".json")
        ),
    ]


@dataclass(frozen=True, slots=True)
class _BatchWritten:
    rows: list[dict[str, object]]
    bytes_written: int
    non_html_records: int


def _page_range(batch: int, pages: int, batches: int) -> range:
    """The page indexes of one batch: the inverse of batch_of_page."""
    return range(-(-batch * pages // batches), -(-(batch + 1) * pages // batches))


def _warc_date(batch_id: str, index: int) -> str:
    return f"{batch_id}T{index // 3600 % 24:02d}:{index // 60 % 60:02d}:{index % 60:02d}Z"


def _write_warc_batch(out_dir: Path, indexes: range, pages: int, batches: int, seed: int) -> _BatchWritten:
    rows: list[dict[str, object]] = []
    non_html = 0
    batch_id = batch_name(batch_of_page(indexes.start, pages, batches))
    archive = out_dir / batch_id / f"{batch_id}.warc.gz"
    archive.parent.mkdir(parents=True, exist_ok=True)
    with archive.open("wb") as handle:
        for index in indexes:
            page = generate_page(index, pages, batches, seed)
            warc_date = _warc_date(batch_id, index)
            if index % NON_HTML_EVERY == 0:
                for record in _non_html_records(page, seed, warc_date):
                    handle.write(record)
                    non_html += 1
            offset = handle.tell()
            handle.write(
                _warc_record(
                    page.url, "text/html; charset=utf-8", page.html, warc_date, _record_id(seed, page.url)
                )
            )
            rows.append(_ground_truth_row(page, f"{batch_id}/{archive.name}@{offset}"))
        written = handle.tell()
    return _BatchWritten(rows, written, non_html)


def _write_files_batch(out_dir: Path, indexes: range, pages: int, batches: int, seed: int) -> _BatchWritten:
    rows: list[dict[str, object]] = []
    written = 0
    for index in indexes:
        page = generate_page(index, pages, batches, seed)
        source_path = f"{page.batch_id}/{page.file_name}"
        target = out_dir / source_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.html)
        written += len(page.html)
        rows.append(_ground_truth_row(page, source_path))
    return _BatchWritten(rows, written, 0)


def _write_batch(job: tuple[Path, int, int, int, str, int]) -> _BatchWritten:
    out_dir, batch, pages, batches, fmt, seed = job
    writer = _write_warc_batch if fmt == "warc" else _write_files_batch
    return writer(out_dir, _page_range(batch, pages, batches), pages, batches, seed)


def write_corpus(
    out_dir: Path,
    pages: int,
    batches: int | None = None,
    fmt: str = "files",
    seed: int = 0,
    procs: int = 1,
) -> CorpusSummary:
    """Write the landing folder and ground_truth.parquet into `out_dir` (created if missing);
    batches are written by `procs` processes, with the same bytes whatever `procs` is."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    batches = min(batches or default_batches(pages), pages)
    jobs = [(out_dir, batch, pages, batches, fmt, seed) for batch in range(batches)]
    if procs > 1:
        with multiprocessing.get_context("spawn").Pool(procs) as pool:
            written = pool.map(_write_batch, jobs, chunksize=1)
    else:
        written = [_write_batch(job) for job in jobs]
    rows = [row for batch in written for row in batch.rows]
    pl.DataFrame(rows, schema=GROUND_TRUTH_SCHEMA).write_parquet(out_dir / GROUND_TRUTH_FILE)
    return CorpusSummary(
        pages=pages,
        batches=batches,
        bytes_written=sum(batch.bytes_written for batch in written),
        non_html_records=sum(batch.non_html_records for batch in written),
        seconds=time.perf_counter() - started,
    )


def read_ground_truth(out_dir: Path) -> pl.DataFrame:
    return pl.read_parquet(Path(out_dir) / GROUND_TRUTH_FILE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--batches", type=int, default=None, help=f"default: one per {PAGES_PER_BATCH} pages")
    parser.add_argument("--format", choices=("files", "warc"), default="files")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1, help="writer processes")
    args = parser.parse_args()
    summary = write_corpus(args.out, args.pages, args.batches, args.format, args.seed, args.procs)
    print(
        f"wrote {summary.pages} pages in {summary.batches} batches ({args.format}) to {args.out}: "
        f"{summary.bytes_written / 1e6:.1f} MB, {summary.non_html_records} non-HTML records, "
        f"{summary.seconds:.1f} s ({summary.pages / summary.seconds:.0f} pages/s)"
    )


if __name__ == "__main__":
    main()
