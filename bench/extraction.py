"""Extraction benchmark: the parse stage against trafilatura on the shared dev pages.

Run from the repository root: `uv run python bench/extraction.py [--limit N]`.

Both extractors see the same raw bytes, one process each, run one after the other.
Scores follow the WCXB benchmark: per-page word-F1 between the extracted text and the
reviewed main text (lowercased `\\w+` tokens as multisets, Arabic harakat and tatweel stripped
first), averaged over pages; date accuracy is exact-day over the pages that have a date.
Trafilatura's speed is timed on `extract(html, include_comments=False)` only; its date comes
from a separate, untimed `extract_metadata` call so its speed figure is not penalised.
Boilerplate leaks count pages whose body contains any of the WCXB `without` snippets
(text reviewers marked as not main content): the product counts mentions in the body, so
this is the precision figure that matters most. Each extractor handles the first page once
before timing starts, so model loading and import-time caches count against neither.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
WCXB_DIR = SHARED_DATA / "wcxb-dev-articles"
ARABIC_DIR = SHARED_DATA / "arabic-dev"

ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    raw: bytes
    url: str | None
    expected_text: str | None
    expected_date: str | None
    boilerplate: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction:
    body: str
    date: str | None
    seconds: float


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(ARABIC_MARKS.sub("", text.lower())))


def word_f1(extracted: str, expected: str) -> float:
    got, want = words(extracted), words(expected)
    if not got and not want:
        return 1.0
    overlap = sum((got & want).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def wcxb_pages() -> list[Page]:
    pages = []
    for truth_path in sorted((WCXB_DIR / "ground-truth").glob("*.json")):
        record = json.loads(truth_path.read_text(encoding="utf-8"))
        truth = record["ground_truth"]
        raw = gzip.decompress((WCXB_DIR / "html" / f"{truth_path.stem}.html.gz").read_bytes())
        date = truth.get("publish_date")
        pages.append(
            Page(
                truth_path.stem,
                raw,
                record.get("url"),
                truth.get("main_content"),
                date[:10] if date else None,
                tuple(truth.get("without") or ()),
            )
        )
    return pages


def arabic_expected_text(stem: str) -> str | None:
    text_path = ARABIC_DIR / f"{stem}.expected.txt"
    if text_path.exists():
        return text_path.read_text(encoding="utf-8")
    json_path = ARABIC_DIR / f"{stem}.expected.json"
    if json_path.exists():
        sections = json.loads(json_path.read_text(encoding="utf-8"))["V1"]["body"]["sections"]
        return "\n\n".join(p for section in sections for p in section["paragraphs"])
    return None


def arabic_expected_date(row: dict[str, str], stem: str) -> str | None:
    if row["expected_published_date"].startswith("("):
        json_path = ARABIC_DIR / f"{stem}.expected.json"
        return json.loads(json_path.read_text(encoding="utf-8"))["V1"]["publishing_date"][:10]
    return row["expected_published_date"]


def arabic_pages() -> list[Page]:
    pages = []
    with (ARABIC_DIR / "index.tsv").open(encoding="utf-8") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            name = row["file"]
            raw = (ARABIC_DIR / name).read_bytes()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            stem = name.removesuffix(".gz").removesuffix(".html")
            url = row["url"] if row["url"].startswith("http") else None
            pages.append(Page(name, raw, url, arabic_expected_text(stem), arabic_expected_date(row, stem)))
    return pages


def run_project(pages: list[Page]) -> list[Extraction]:
    sys.path.insert(0, str(REPO_ROOT))
    from etl.parse import ParsedArticle, parse_html

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
            results.append(Extraction("", None, seconds))
    return results


def run_trafilatura(pages: list[Page]) -> list[Extraction]:
    import trafilatura
    from trafilatura.metadata import extract_metadata

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


def in_own_process(runner, pages: list[Page]) -> list[Extraction]:
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(runner, pages).result()


@dataclass(frozen=True, slots=True)
class Figures:
    f1: float
    date_accuracy: float
    dated_pages: int
    pages_per_second: float
    median_ms: float
    p95_ms: float
    leaking_pages: int
    pages_with_boilerplate: int


def figures(pages: list[Page], results: list[Extraction]) -> Figures:
    scored = [(p, r) for p, r in zip(pages, results, strict=True) if p.expected_text is not None]
    f1 = sum(word_f1(r.body, p.expected_text or "") for p, r in scored) / max(len(scored), 1)
    dated = [(p, r) for p, r in zip(pages, results, strict=True) if p.expected_date]
    hits = sum(r.date == p.expected_date for p, r in dated)
    checked = [(p, r) for p, r in zip(pages, results, strict=True) if p.boilerplate]
    leaking = sum(any(snippet in r.body for snippet in p.boilerplate) for p, r in checked)
    times = sorted(r.seconds for r in results)
    total = sum(times)
    return Figures(
        f1=f1,
        date_accuracy=hits / max(len(dated), 1),
        dated_pages=len(dated),
        pages_per_second=len(results) / total if total else 0.0,
        median_ms=1000 * times[len(times) // 2],
        p95_ms=1000 * times[int(len(times) * 0.95)],
        leaking_pages=leaking,
        pages_with_boilerplate=len(checked),
    )


def print_figures(label: str, extractor: str, result: Figures) -> None:
    print(
        f"{label:<10} {extractor:<12} word-F1 {result.f1:.4f}  "
        f"date {result.date_accuracy:.4f} ({result.dated_pages} dated)  "
        f"{result.pages_per_second:7.1f} pages/s  "
        f"per page median {result.median_ms:.1f} ms, p95 {result.p95_ms:.1f} ms"
    )
    if result.pages_with_boilerplate:
        print(
            f"{'':<10} {extractor:<12} boilerplate snippet leaked on {result.leaking_pages} of "
            f"{result.pages_with_boilerplate} pages that list one"
        )


def print_arabic_pages(pages: list[Page], results: list[Extraction]) -> None:
    for page, result in zip(pages, results, strict=True):
        f1 = f"{word_f1(result.body, page.expected_text):.4f}" if page.expected_text else "  -   "
        verdict = "ok" if result.date == page.expected_date else "WRONG"
        print(
            f"  {page.name:<28} date {result.date} (expected {page.expected_date}) {verdict:<5} body F1 {f1}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N WCXB pages")
    parser.add_argument("--worst", type=int, default=0, help="list the N lowest-F1 WCXB pages")
    args = parser.parse_args()
    if not WCXB_DIR.is_dir() or not ARABIC_DIR.is_dir():
        print(f"skipped: evaluation data not found at {SHARED_DATA} (needs ../shared/data)")
        return 0

    print(
        f"machine: {platform.platform()}, python {platform.python_version()}, {os.cpu_count()} cores (shared)"
    )
    suites = {"wcxb-dev": wcxb_pages()[: args.limit], "arabic-dev": arabic_pages()}
    for label, pages in suites.items():
        project = in_own_process(run_project, pages)
        reference = in_own_process(run_trafilatura, pages)
        ours, theirs = figures(pages, project), figures(pages, reference)
        print_figures(label, "newsetl", ours)
        print_figures(label, "trafilatura", theirs)
        print(
            f"{label:<10} newsetl - trafilatura: word-F1 {ours.f1 - theirs.f1:+.4f}, "
            f"date {ours.date_accuracy - theirs.date_accuracy:+.4f}, "
            f"speed x{ours.pages_per_second / max(theirs.pages_per_second, 1e-9):.2f}"
        )
        if label == "arabic-dev":
            print_arabic_pages(pages, project)
        elif args.worst:
            ranked = sorted(
                zip(pages, project, reference, strict=True),
                key=lambda t: word_f1(t[1].body, t[0].expected_text or ""),
            )
            for page, mine, ref in ranked[: args.worst]:
                print(
                    f"  {page.name} F1 {word_f1(mine.body, page.expected_text or ''):.3f} "
                    f"(trafilatura {word_f1(ref.body, page.expected_text or ''):.3f}) "
                    f"date {mine.date} expected {page.expected_date}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
