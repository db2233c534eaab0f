"""Name-like spans in article texts: capitalised English names and cued Arabic names.

English marks names with capitals, so a run of capitalised words is a name unless the
capitals are there for grammar: a sentence-initial word counts only when the same document
also writes it capitalised inside a sentence and never in lower case (Mikheev's document-level
check), title words in front ("Foreign Minister Hakan Fidan") are the name's title cue, not
part of it, and generic words (weekdays, months, openers) and agencies are dropped.

Arabic has no capitals: a name is found by what stands around it, a title or role cue before it
(الرئيس، وزير الخارجية التركي، المتحدث باسم …) or a verb of saying on either side (قال أحمد
الشرع، …الشرع أكد), read on the folded text of etl/actors/normalise.py (so the alef and hamza
forms, ta marbuta and marks meet), with the proclitic و taken off cue and verb words and
nisba family names (…ي with the article) allowed as a name's last word. Two more kinds of
evidence reach across scripts: a country's Arabic name (CLDR's, through etl/actors/places.py)
is a span that the candidates type as that country, and Arabic words whose romanisation key
(a consonant skeleton) is that of a multi-word English name found in the same corpus are
that name's Arabic writing ("دونالد ترامب" beside "Donald Trump").

A span overlapping a span the dictionary claims (a mention's offsets) is marked ``claimed``:
the candidates skip it, the staleness measure counts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from etl.actors.arabic_names import arabic_spans, name_like
from etl.actors.candidates import romanisation_key
from etl.actors.english_names import english_spans, title_case
from etl.actors.name_lexicon import (
    Claims,
    NameLexicon,
    name_lexicon,
)
from etl.actors.normalise import normalise_alias

NAME_SPAN_SCHEMA = {
    "article_id": pl.Utf8,
    "field": pl.Utf8,
    "start": pl.Int32,
    "end": pl.Int32,
    "surface": pl.Utf8,
    "language": pl.Utf8,
    "name_key": pl.Utf8,
    "surname_key": pl.Utf8,
    "tokens": pl.Int8,
    "cue": pl.Utf8,
    "shape": pl.Utf8,
    "definite": pl.Boolean,
    "claimed": pl.Boolean,
    "snippet": pl.Utf8,
}
# shape: "person" (a cued or multi-word personal name), "organisation" (an organisation word or
# an acronym), "word" (one capitalised word, most often a surname standing alone).
# definite: the English definite article stands right before ("the YPG", "the EU"): bodies are
# named so, abbreviations of common nouns ("TV shows", "IP address") seldom are.
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_SNIPPET_RADIUS = 120
# How far before a name a role phrase may start.
_ROLE_WINDOW = 80
# A romanisation key shorter than this (letters, spaces left out) is too common to carry a
# name across scripts.
_MIN_CROSS_SCRIPT_KEY = 5


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - _SNIPPET_RADIUS)
    right = min(len(text), end + _SNIPPET_RADIUS)
    before = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    after = _SENTENCE_END.search(text, end, right)
    return text[before[-1] if before else left : after.end() if after else right].strip()


def _language_of(text: str, declared: str | None) -> str | None:
    if declared:
        return declared.split("-")[0].lower()
    arabic = sum(1 for ch in text[:2000] if "\u0600" <= ch <= "\u06ff")
    return "ar" if arabic > len(text[:2000]) / 4 else None


def _phrases_by_last_word(phrases: frozenset[str]) -> dict[str, list[str]]:
    by_last: dict[str, list[str]] = {}
    for phrase in phrases:
        by_last.setdefault(phrase.split()[-1], []).append(phrase)
    return by_last


def _role_before(text: str, start: int, by_last: dict[str, list[str]]) -> str | None:
    """The dictionary role phrase that ends right before the name ("UN envoy for Syria Jan …")."""
    before = normalise_alias(text[max(0, start - _ROLE_WINDOW) : start]).rstrip(" ,،:")
    words = before.split()
    if not words:
        return None
    for phrase in by_last.get(words[-1], ()):
        if before == phrase or before.endswith(" " + phrase):
            return phrase
    return None


def _finish(
    found: list[dict[str, Any]], article_id: str, field: str, text: str, by_last: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """The spans of one text with their article, field, role cue and snippet."""
    for span in found:
        role = None if span["claimed"] or not by_last else _role_before(text, span["start"], by_last)
        if role is not None:
            span["cue"] = role
        span.update(
            article_id=article_id,
            field=field,
            snippet=None if span["claimed"] else _snippet(text, span["start"], span["end"]),
        )
    return found


@dataclass(frozen=True, slots=True)
class CorpusNames:
    """What a reading of the whole corpus knows that one text does not: the romanisation keys
    of its multi-word English names (their Arabic writings are found by key) and its Arabic full
    names found by a cue or a verb (a name wherever the corpus writes it, as capitals make an
    English name one everywhere)."""

    latin_keys: frozenset[str] = frozenset()
    arabic_names: frozenset[str] = frozenset()


def corpus_names(spans: list[dict[str, Any]]) -> CorpusNames:
    """The names of ``spans`` (NAME_SPAN_SCHEMA rows) that other texts may write without a cue:
    unclaimed, of two words or more; English ones with a key long enough to be told apart from
    common Arabic word pairs; Arabic ones cued, or not ending as plurals and feminine nouns do."""
    latin_keys = set()
    arabic_names = set()
    for span in spans:
        if span["claimed"] or span["tokens"] < 2:
            continue
        if span["language"] == "en":
            key = romanisation_key(span["name_key"])
            if " " in key and len(key.replace(" ", "")) >= _MIN_CROSS_SCRIPT_KEY:
                latin_keys.add(key)
        elif span["shape"] == "person" and (span["cue"] or all(map(name_like, span["name_key"].split()))):
            arabic_names.add(span["name_key"])
    return CorpusNames(frozenset(latin_keys), frozenset(arabic_names))


def name_spans(
    articles: pl.DataFrame,
    claimed: pl.DataFrame,
    lexicon: NameLexicon | None = None,
    role_phrases: frozenset[str] = frozenset(),
    names: CorpusNames | None = None,
    languages: tuple[str, ...] = ("en", "ar"),
) -> pl.DataFrame:
    """Every name-like span in the articles' titles and bodies (schema NAME_SPAN_SCHEMA).

    ``articles``: article_id, title, body, language; ``claimed``: article_id, field, start,
    end of the dictionary's mentions in those texts; ``role_phrases``: the dictionary's role
    phrases, normalised: one right before a name is its cue; ``names``: the corpus's names
    (``corpus_names``) when ``articles`` is a part of it, else they are read from ``articles``
    first; ``languages``: which of English and Arabic to read.
    """
    lexicon = lexicon or name_lexicon()
    by_last = _phrases_by_last_word(role_phrases)
    claims_by_text: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for article_id, field, start, end in claimed.select("article_id", "field", "start", "end").iter_rows():
        claims_by_text.setdefault((article_id, field), []).append((start, end))
    texts: dict[str, list[tuple[str, str, str]]] = {language: [] for language in languages}
    for article_id, title, body, declared in articles.select(
        "article_id", "title", "body", "language"
    ).iter_rows():
        language = _language_of(body or "", declared)
        if language not in texts:
            continue
        for field, text in (("title", title), ("body", body)):
            if text and not (field == "title" and language == "en" and title_case(text)):
                texts[language].append((article_id, field, text))
    rows: list[dict[str, Any]] = []
    # English first: its multi-word names are what Arabic writings are matched to by key.
    for article_id, field, text in texts.get("en", []):
        claims = Claims(claims_by_text.get((article_id, field), []))
        rows.extend(_finish(english_spans(text, claims, lexicon), article_id, field, text, by_last))
    if names is None:
        # Arabic twice: the first reading finds the cued names the second looks for everywhere.
        first_reading = [
            span
            for article_id, field, text in texts.get("ar", [])
            for span in arabic_spans(text, Claims(claims_by_text.get((article_id, field), [])), lexicon)
        ]
        names = corpus_names([*rows, *first_reading])
    for article_id, field, text in texts.get("ar", []):
        claims = Claims(claims_by_text.get((article_id, field), []))
        found = arabic_spans(text, claims, lexicon, names.latin_keys, names.arabic_names)
        rows.extend(_finish(found, article_id, field, text, by_last))
    return pl.DataFrame(rows, schema=NAME_SPAN_SCHEMA) if rows else pl.DataFrame(schema=NAME_SPAN_SCHEMA)
