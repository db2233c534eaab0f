"""The shared dev pages and the WCXB word metric, for every benchmark that reads them.

WCXB pages are read from `../shared/data/wcxb-dev-articles` (never copied into the repo): the raw
HTML and the human-reviewed reference (title, main text, date, boilerplate snippets). The word
metric is the benchmark's own, so figures stay comparable with published ones: lowercased `\\w+`
tokens as multisets, with Arabic harakat and tatweel stripped first (`\\w+` splits at them).
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
WCXB_DIR = SHARED_DATA / "wcxb-dev-articles"

ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class WcxbPage:
    """One WCXB dev page: raw bytes plus the reviewed reference."""

    name: str
    raw: bytes
    url: str | None
    title: str | None
    main_content: str | None
    publish_date: str | None
    boilerplate: tuple[str, ...]


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


def wcxb_available() -> bool:
    return WCXB_DIR.is_dir()


def wcxb_pages(limit: int | None = None) -> Iterator[WcxbPage]:
    """The dev pages in file order; lazily, so `--limit` runs do not read all 711."""
    truth_paths = sorted((WCXB_DIR / "ground-truth").glob("*.json"))
    for truth_path in truth_paths[:limit]:
        record = json.loads(truth_path.read_text(encoding="utf-8"))
        truth = record["ground_truth"]
        raw = gzip.decompress((WCXB_DIR / "html" / f"{truth_path.stem}.html.gz").read_bytes())
        date = truth.get("publish_date")
        yield WcxbPage(
            name=truth_path.stem,
            raw=raw,
            url=record.get("url"),
            title=truth.get("title"),
            main_content=truth.get("main_content"),
            publish_date=date[:10] if date else None,
            boilerplate=tuple(truth.get("without") or ()),
        )
