"""The mentions gold set: inline-marked source → JSONL with computed offsets, and its scoring.

Source items (`actor_gold_marked.yaml`) mark each expected mention as ``[[surface|actor_id]]``
(marks may nest, for a name inside a role phrase); offsets are computed here so nobody counts
characters by hand, and `python -m evaluation.actor_gold` rewrites `actor_gold.jsonl` from the
source. Scoring is exact on (actor_id, start, end) per item and reported per language.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import yaml

from etl.actors.dictionary import ActorDictionary
from etl.actors.matching import MATCHER_INPUT_SCHEMA, find_mentions
from evaluation.precision_recall import PrecisionRecall

GOLD_MARKED = Path(__file__).with_name("actor_gold_marked.yaml")
GOLD_JSONL = Path(__file__).with_name("actor_gold.jsonl")
_OPEN = "[["
_CLOSE = "]]"


@dataclass(frozen=True)
class GoldItem:
    item_id: str
    lang: str
    published: dt.date
    text: str
    expected: tuple[tuple[str, int, int], ...]
    # What the item tests, when it is a trap for one rule ("longer-name"); scored like the rest.
    tag: str | None = None


@dataclass(frozen=True)
class LanguageScore(PrecisionRecall):
    lang: str
    items: int
    true_positives: int
    false_positives: int
    false_negatives: int


def parse_marked(marked: str) -> tuple[str, list[tuple[str, int, int]]]:
    """Strip ``[[surface|actor_id]]`` marks; return the plain text and (actor_id, start, end)."""
    plain: list[str] = []
    length = 0
    open_starts: list[int] = []
    spans: list[tuple[str, int, int]] = []
    position = 0
    while position < len(marked):
        if marked.startswith(_OPEN, position):
            open_starts.append(length)
            position += len(_OPEN)
            continue
        if marked[position] == "|" and open_starts:
            close = marked.index(_CLOSE, position)
            spans.append((marked[position + 1 : close], open_starts.pop(), length))
            position = close + len(_CLOSE)
            continue
        plain.append(marked[position])
        length += 1
        position += 1
    if open_starts:
        raise ValueError(f"unclosed mark in {marked[:60]!r}")
    return "".join(plain), sorted(spans, key=lambda span: (span[1], span[2]))


def gold_from_marked(source: Path) -> list[GoldItem]:
    with source.open(encoding="utf-8") as handle:
        entries = yaml.safe_load(handle)
    items = []
    for number, entry in enumerate(entries):
        text, expected = parse_marked(entry["text"])
        items.append(
            GoldItem(
                item_id=f"{entry['lang']}-{number:03d}",
                lang=entry["lang"],
                published=dt.date.fromisoformat(str(entry["published"])),
                text=text,
                expected=tuple(expected),
                tag=entry.get("tag"),
            )
        )
    return items


def write_gold_jsonl(items: list[GoldItem], target: Path) -> None:
    with target.open("w", encoding="utf-8") as handle:
        for item in items:
            record = {
                "id": item.item_id,
                "lang": item.lang,
                "published": item.published.isoformat(),
                "text": item.text,
                "expected": [
                    {"actor_id": actor_id, "start": start, "end": end}
                    for actor_id, start, end in item.expected
                ],
            }
            if item.tag:
                record["tag"] = item.tag
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def load_gold(path: Path) -> list[GoldItem]:
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            items.append(
                GoldItem(
                    item_id=record["id"],
                    lang=record["lang"],
                    published=dt.date.fromisoformat(record["published"]),
                    text=record["text"],
                    expected=tuple((m["actor_id"], m["start"], m["end"]) for m in record["expected"]),
                    tag=record.get("tag"),
                )
            )
    return items


def gold_articles(items: list[GoldItem]) -> pl.DataFrame:
    """The gold items as the articles frame find_mentions takes (text as body, no title)."""
    return pl.DataFrame(
        {
            "article_id": [item.item_id for item in items],
            "title": [None] * len(items),
            "body": [item.text for item in items],
            "published_at": [
                dt.datetime.combine(item.published, dt.time(12), tzinfo=dt.UTC) for item in items
            ],
            "language": [item.lang for item in items],
        },
        schema=MATCHER_INPUT_SCHEMA,
    )


def predicted_spans(
    items: list[GoldItem], dictionary: ActorDictionary
) -> dict[str, set[tuple[str, int, int]]]:
    mentions = find_mentions(gold_articles(items), dictionary)
    predicted: dict[str, set[tuple[str, int, int]]] = {item.item_id: set() for item in items}
    for article_id, actor_id, start, end in mentions.select(
        "article_id", "actor_id", "start", "end"
    ).iter_rows():
        predicted[article_id].add((actor_id, start, end))
    return predicted


def score(items: list[GoldItem], predicted: dict[str, set[tuple[str, int, int]]]) -> dict[str, LanguageScore]:
    counts: dict[str, list[int]] = {}
    for item in items:
        expected = set(item.expected)
        found = predicted.get(item.item_id, set())
        tally = counts.setdefault(item.lang, [0, 0, 0, 0])
        tally[0] += 1
        tally[1] += len(expected & found)
        tally[2] += len(found - expected)
        tally[3] += len(expected - found)
    return {lang: LanguageScore(lang, *tally) for lang, tally in sorted(counts.items())}


def errors(items: list[GoldItem], predicted: dict[str, set[tuple[str, int, int]]]) -> list[str]:
    """Human-readable false positives and negatives, for reading a score, not for asserting."""
    lines = []
    for item in items:
        expected = set(item.expected)
        found = predicted.get(item.item_id, set())
        for label, spans in (("FP", found - expected), ("FN", expected - found)):
            for actor_id, start, end in sorted(spans, key=lambda s: s[1]):
                lines.append(f"{label} {item.item_id} {actor_id} {item.text[start:end]!r}")
    return lines


if __name__ == "__main__":
    write_gold_jsonl(gold_from_marked(GOLD_MARKED), GOLD_JSONL)
