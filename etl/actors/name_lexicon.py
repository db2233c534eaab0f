"""The word lists and name keys the span finders share (etl/actors/name_spans.py): the cue,
title and generic words of lexicon/candidate_words.yaml, folded as the text is, the keys that
let variants of one name meet, and the claimed spans of a text."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from etl.actors.dictionary import load_name_context
from etl.actors.normalise import normalise_alias

LEXICON_PATH = Path(__file__).parent / "lexicon" / "candidate_words.yaml"
_ARTICLE_PARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"})


@dataclass(frozen=True, slots=True)
class NameLexicon:
    """The word lists of candidate_words.yaml, folded as the text is."""

    en_titles: frozenset[str]
    en_organisation_words: frozenset[str]
    en_agencies: frozenset[str]
    en_generic: frozenset[str]
    ar_cues: tuple[tuple[str, ...], ...]
    ar_saying_verbs: frozenset[str]
    ar_office_words: frozenset[str]
    ar_stopwords: frozenset[str]
    ar_organisation_heads: frozenset[str]


def _folded(words: list[Any]) -> frozenset[str]:
    return frozenset(normalise_alias(str(word)).rstrip(".") for word in words)


@cache
def name_lexicon() -> NameLexicon:
    """The word lists, with the dictionary's name-context words: its titles are title cues,
    its not-names (function, headline and calendar words) are generic."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    context = load_name_context()
    cues = sorted({tuple(normalise_alias(cue).split()) for cue in data["ar_cues"]}, key=len, reverse=True)
    return NameLexicon(
        en_titles=_folded(data["en_titles"]) | context.titles,
        en_organisation_words=_folded(data["en_organisation_words"]),
        en_agencies=_folded(data["en_agencies"]),
        # "Forces", "Army" end organisations' names ("Syrian Democratic Forces").
        en_generic=(_folded(data["en_generic"]) | context.not_names) - _folded(data["en_organisation_words"]),
        ar_cues=tuple(cues),
        ar_saying_verbs=_folded(data["ar_saying_verbs"]),
        ar_office_words=_folded(data["ar_office_words"]),
        ar_stopwords=_folded(data["ar_stopwords"]),
        ar_organisation_heads=_folded(data["ar_organisation_heads"]),
    )


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """A word as the lexicon's lists hold it (folded, no trailing full stop); words repeat."""
    return normalise_alias(word).rstrip(".")


@lru_cache(maxsize=65536)
def latin_name_key(name: str) -> str:
    """Lower case, no diacritics, no article particle: "al-Sharaa" and "Sharaa" meet."""
    words = normalise_alias(name).replace(".", "").split()
    kept = [word for word in words if word not in _ARTICLE_PARTICLES]
    return " ".join(kept or words)


def arabic_name_key(name: str) -> str:
    """Folded words; a family name's article kept, as the writer's spelling keeps it."""
    return normalise_alias(name)


def surname_of(key: str, arabic: bool) -> str:
    last = key.split()[-1] if key else ""
    if arabic:
        return last.removeprefix("ال") if len(last) > 4 else last
    return last


class Claims:
    """The claimed spans of one text, for overlap tests."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [start for start, _ in ordered]
        self.ends = [end for _, end in ordered]

    def overlaps(self, start: int, end: int) -> bool:
        position = bisect_left(self.starts, end)
        return any(self.ends[index] > start for index in range(max(0, position - 3), position))

    def inside(self, start: int, end: int) -> bool:
        position = bisect_right(self.starts, start) - 1
        return position >= 0 and self.ends[position] >= end
