"""The real dev pages in `../shared/data`, each with what a correct extraction must give.

Three sets, three kinds of truth (see `../shared/data/README.md`): WCXB dev has a reviewed main
text and a date; traf-eval has snippets that must and must not appear, and a date on most pages;
Arabic dev has a date and a body produced by other extractors (good, not gold).
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
WCXB_DIR = SHARED_DATA / "wcxb-dev-articles"
TRAF_EVAL_DIR = SHARED_DATA / "traf-eval"
ARABIC_DIR = SHARED_DATA / "arabic-dev"


@dataclass(frozen=True, slots=True)
class DevPage:
    name: str
    raw: bytes
    url: str | None
    title: str | None = None
    expected_text: str | None = None
    expected_date: str | None = None
    with_snippets: tuple[str, ...] = ()
    without_snippets: tuple[str, ...] = ()

    @property
    def has_article_body(self) -> bool:
        """The reference says there is article text here, so quarantining the page loses it."""
        return bool((self.expected_text or "").strip()) or bool(self.with_snippets)


def wcxb_available() -> bool:
    return WCXB_DIR.is_dir()


def shared_data_present() -> bool:
    return WCXB_DIR.is_dir() and TRAF_EVAL_DIR.is_dir() and ARABIC_DIR.is_dir()


def wcxb_pages() -> list[DevPage]:
    pages = []
    for truth_path in sorted((WCXB_DIR / "ground-truth").glob("*.json")):
        record = json.loads(truth_path.read_text(encoding="utf-8"))
        truth = record["ground_truth"]
        raw = gzip.decompress((WCXB_DIR / "html" / f"{truth_path.stem}.html.gz").read_bytes())
        date = truth.get("publish_date")
        pages.append(
            DevPage(
                name=truth_path.stem,
                raw=raw,
                url=record.get("url"),
                title=truth.get("title"),
                expected_text=truth.get("main_content"),
                expected_date=date[:10] if date else None,
                without_snippets=tuple(truth.get("without") or ()),
            )
        )
    return pages


def traf_eval_pages() -> list[DevPage]:
    """The pages of `evaldata.json` whose HTML is present (884 of its 990 entries)."""
    entries = json.loads((TRAF_EVAL_DIR / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in sorted(entries.items(), key=lambda item: item[1]["file"]):
        html_path = TRAF_EVAL_DIR / "html" / f"{entry['file']}.gz"
        if not html_path.exists():
            continue
        date = entry.get("date")
        pages.append(
            DevPage(
                name=entry["file"],
                raw=gzip.decompress(html_path.read_bytes()),
                url=url,
                expected_date=date[:10] if date else None,
                with_snippets=tuple(entry.get("with") or ()),
                without_snippets=tuple(entry.get("without") or ()),
            )
        )
    return pages


def _arabic_expected_text(stem: str) -> str | None:
    text_path = ARABIC_DIR / f"{stem}.expected.txt"
    if text_path.exists():
        return text_path.read_text(encoding="utf-8")
    json_path = ARABIC_DIR / f"{stem}.expected.json"
    if json_path.exists():
        sections = json.loads(json_path.read_text(encoding="utf-8"))["V1"]["body"]["sections"]
        return "\n\n".join(p for section in sections for p in section["paragraphs"])
    return None


def _arabic_expected_date(row: dict[str, str], stem: str) -> str | None:
    if row["expected_published_date"].startswith("("):
        json_path = ARABIC_DIR / f"{stem}.expected.json"
        return json.loads(json_path.read_text(encoding="utf-8"))["V1"]["publishing_date"][:10]
    return row["expected_published_date"]


def arabic_pages() -> list[DevPage]:
    pages = []
    with (ARABIC_DIR / "index.tsv").open(encoding="utf-8") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            name = row["file"]
            raw = (ARABIC_DIR / name).read_bytes()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            stem = name.removesuffix(".gz").removesuffix(".html")
            url = row["url"] if row["url"].startswith("http") else None
            pages.append(
                DevPage(
                    name=name,
                    raw=raw,
                    url=url,
                    expected_text=_arabic_expected_text(stem),
                    expected_date=_arabic_expected_date(row, stem),
                )
            )
    return pages


DEV_SETS: dict[str, Callable[[], list[DevPage]]] = {
    "wcxb-dev": wcxb_pages,
    "traf-eval": traf_eval_pages,
    "arabic-dev": arabic_pages,
}
