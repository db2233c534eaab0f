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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from etl.actors.candidates import romanisation_key
from etl.actors.dictionary import load_name_context
from etl.actors.matching import ARABIC_PROCLITICS
from etl.actors.normalise import normalise_alias, normalise_text
from etl.actors.places import arabic_country_names

LEXICON_PATH = Path(__file__).parent / "lexicon" / "candidate_words.yaml"

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

_LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*")
_PARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ibn|bin|abu|bint)-[A-ZÀ-Ö]", re.IGNORECASE)
_LINKING_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "abu", "bint", "de", "van", "von", "der", "da", "di", "du"}
)
# A possessive or a contraction after the name ("Fidan's", "I'm", "Trump’ll"); O'Brien keeps.
_CONTRACTION = re.compile(r"['’](?:s|m|d|ve|ll|re|t)$")
_CAPITAL_WORD = r"(?:[A-ZÀ-Ö][\w'’.\-]*|(?:al|el|ad|an|ar|as|ash|at|az|ibn|bin|abu|bint)-[A-ZÀ-Ö][\w'’.\-]*)"
_LINKING = r"(?:al|el|bin|ibn|abu|bint|de|van|von|der|da|di|du)"
_CAPITALISED_RUN = re.compile(rf"(?<![\w'’-]){_CAPITAL_WORD}(?: (?:{_LINKING} )?{_CAPITAL_WORD})*")
_RUN_WORD = re.compile(r"\S+")
_ACRONYM_DOTS = re.compile(r"(?:[A-Z]\.)+")
_DEFINITE_BEFORE = re.compile(r"\b[Tt]he $")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_LINE = re.compile(r"[^\n]+")
_ARTICLE_PARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"})
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_SNIPPET_RADIUS = 120
_DEMONYM_SUFFIXES = ("ian", "ish", "ese", "ean", "an", "i")
_ADJECTIVE_SUFFIXES = ("ian", "ians", "ish", "ese", "ean", "ic", "ist", "ists", "ican", "icans")
_TITLE_OWNERS = frozenset({"U.S.", "US", "UN", "U.N.", "EU", "UK", "NATO"})
_MAX_ACRONYM = 6
_MAX_NAME_WORDS = 5
_AR_MAX_SKIP = 4
_AR_ORGANISATION_WORDS = 4
# How far before a name a role phrase may start.
_ROLE_WINDOW = 80
# A cued name of one word ("الرئيس أردوغان", "الرئيس الشرع") needs this many letters.
_AR_MIN_ALONE = 4
_TITLE_CASE_SHARE = 0.8
# A line of at most this many words, all capitalised and without a full stop, is a heading.
_HEADING_WORDS = 3
# A romanisation key shorter than this (letters, spaces left out) is too common to carry a
# name across scripts.
_MIN_CROSS_SCRIPT_KEY = 5
_MAX_CROSS_SCRIPT_WORDS = 3
# The whole word first: "بريطانيا" is a country before "ريطانيا" is tried.
_AR_PROCLITIC_LETTERS = frozenset("وفبكل")
_AR_NOT_NAME_ENDINGS = ("ه", "ات", "ون", "وا")
_PROCLITICS_SHORTEST_FIRST = tuple(sorted(ARABIC_PROCLITICS, key=lambda prefix: (len(prefix), prefix)))


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
def _word_key(word: str) -> str:
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


class _Claims:
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


def _snippet(text: str, start: int, end: int) -> str:
    left = max(0, start - _SNIPPET_RADIUS)
    right = min(len(text), end + _SNIPPET_RADIUS)
    before = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    after = _SENTENCE_END.search(text, end, right)
    return text[before[-1] if before else left : after.end() if after else right].strip()


def _sentence_initial(text: str, start: int) -> bool:
    cursor = start - 1
    while cursor >= 0 and text[cursor] in " \t\"“‘'(«[":
        cursor -= 1
    return cursor < 0 or text[cursor] in ".!?\n:;•|—–-"


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() or (word[0] in "aeibAEIB" and "-" in word and bool(_PARTICLE.match(word)))


def _heading(line: str) -> bool:
    """A title-case line, or a short line of capitalised words only ("Final Thoughts")."""
    words = line.split()
    short = 0 < len(words) <= _HEADING_WORDS and all(
        word[0].isupper() or not word[0].isalpha() for word in words
    )
    return short or _title_case(line)


def _title_case(text: str) -> bool:
    words = [w for w in _LATIN_WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def _english_spans(text: str, claims: _Claims, lexicon: NameLexicon) -> list[dict[str, Any]]:
    # Regular expressions over the whole text (C speed): bodies run to 100,000 characters and
    # most of their words are lower case, which only the Mikheev check needs, as a set.
    lower_words = set(_LOWER_WORD.findall(text))
    # Headings inside a body ("Frequently Asked Questions"): every word capitalised, no names.
    heading_lines = [
        m.span()
        for m in _LINE.finditer(text)
        if not m.group().rstrip().endswith((".", "!", "?", '"', "”")) and _heading(m.group())
    ]
    starts = [start for start, _ in heading_lines]

    def in_heading(position: int) -> bool:
        line = bisect_right(starts, position) - 1
        return line >= 0 and position < heading_lines[line][1]

    runs: list[list[tuple[int, int, str]]] = []
    mid_capitals: set[str] = set()
    for match in _CAPITALISED_RUN.finditer(text):
        if heading_lines and in_heading(match.start()):
            continue
        run: list[tuple[int, int, str]] = []
        for word_match in _RUN_WORD.finditer(match.group()):
            start = match.start() + word_match.start()
            word = word_match.group()
            if not _ACRONYM_DOTS.fullmatch(word):
                word = word.rstrip(".'’-")
            if not word:
                continue
            if run:
                mid_capitals.update((word, word.split("-")[-1]))
            run.append((start, start + len(word), word))
            # A full stop after a word longer than a title's abbreviation ends the sentence; a
            # possessive ends the name ("OpenAI's ChatGPT", "Russia's Putin").
            possessive = _CONTRACTION.search(word) is not None
            if possessive or _ends_sentence(word_match, word, match.group(), lexicon):
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    for run in runs:
        if run and not _sentence_initial(text, run[0][0]):
            mid_capitals.update((run[0][2], run[0][2].split("-")[-1]))
    spans = []
    for found in runs:
        spans.extend(_english_name(text, found, claims, lexicon, lower_words, mid_capitals))
    return spans


def _ends_sentence(word_match: re.Match[str], word: str, run_text: str, lexicon: NameLexicon) -> bool:
    """A full stop after a word longer than a title's abbreviation ends the sentence; after a
    short one or initials ("X.", "Dr.", "U.S."), when a sentence opener follows ("X. If
    Salesforce")."""
    if not word_match.group().endswith("."):
        return False
    if len(word) > 4 and not _ACRONYM_DOTS.fullmatch(word):
        return True
    following = _RUN_WORD.match(run_text, word_match.end() + 1)
    return following is not None and _word_key(following.group()) in lexicon.en_generic


def _english_name(
    text: str,
    run: list[tuple[int, int, str]],
    claims: _Claims,
    lexicon: NameLexicon,
    lower_words: set[str],
    mid_capitals: set[str],
) -> list[dict[str, Any]]:
    while run and run[-1][2] in _LINKING_PARTICLES:
        run = run[:-1]
    if not run:
        return []
    if _sentence_initial(text, run[0][0]):
        first = run[0][2]
        key = _word_key(first)
        # Mikheev: capitals at a sentence start say nothing, unless the document also writes the
        # word capitalised inside a sentence and never in lower case. A name that only opens
        # sentences loses its first word here and meets its full name again as a surname.
        titled = key in lexicon.en_titles or (
            len(run) > 1 and _demonym(first) and _word_key(run[1][2]) in lexicon.en_titles
        )
        if not titled and (
            first.lower() in lower_words or key in lexicon.en_generic or first not in mid_capitals
        ):
            run = run[1:]
    cue: list[str] = []
    while run and (
        _word_key(run[0][2]) in lexicon.en_titles
        or (len(run) > 1 and _demonym(run[0][2]) and _word_key(run[1][2]) in lexicon.en_titles)
    ):
        cue.append(run[0][2])
        run = run[1:]
    while run and _word_key(run[0][2]) in lexicon.en_generic:
        run = run[1:]
    while run and _word_key(run[-1][2]) in lexicon.en_generic:
        run = run[:-1]
    if not run or len(run) > _MAX_NAME_WORDS:
        return []
    start, end = run[0][0], run[-1][1]
    surface = text[start:end]
    contraction = _CONTRACTION.search(surface)
    if contraction:
        surface, end = surface[: contraction.start()], start + contraction.start()
    if len(surface) < 2 or (contraction and " " not in surface and _word_key(surface) in lexicon.en_generic):
        return []
    key = latin_name_key(surface)
    if not key or key in lexicon.en_agencies or normalise_alias(surface) in lexicon.en_agencies:
        return []
    words = surface.split()
    last = _word_key(words[-1])
    acronym = len(words) == 1 and surface.isupper() and 2 <= len(surface) <= _MAX_ACRONYM
    # All capitals on a word the document also writes in lower case is emphasis ("UP", "NEW").
    if len(words) == 1 and surface.isupper() and (not acronym or surface.lower() in lower_words):
        return []
    if (
        len(words) == 1
        and not cue
        and (last.endswith(_ADJECTIVE_SUFFIXES) or re.search(r"-[a-z]+$", surface))
    ):
        return []
    # An organisation word alone is most often a name's head cut off ("Department" of
    # "Department of Correction", "Services" of "Amazon Web Services"): a lone word.
    if acronym or (last in lexicon.en_organisation_words and len(words) > 1):
        shape = "organisation"
    elif len(words) > 1 or cue:
        shape = "person"
    else:
        shape = "word"
    return [
        {
            "start": start,
            "end": end,
            "surface": surface,
            "language": "en",
            "definite": _DEFINITE_BEFORE.search(text, max(0, start - 4), start) is not None,
            "name_key": key,
            "surname_key": surname_of(key, arabic=False),
            "tokens": len(words),
            "cue": " ".join(cue) or None,
            "shape": shape,
            "claimed": claims.overlaps(start, end),
        }
    ]


def _demonym(word: str) -> bool:
    """A nationality or body before a title: "Syrian President", "U.S. Secretary"."""
    return (word[0].isupper() and word.lower().endswith(_DEMONYM_SUFFIXES)) or word in _TITLE_OWNERS


def _strip_waw(word: str) -> str:
    return word[1:] if word.startswith("و") and len(word) > 3 else word


def _arabic_spans(
    text: str,
    claims: _Claims,
    lexicon: NameLexicon,
    latin_keys: frozenset[str] = frozenset(),
    known_names: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    normalised = normalise_text(text)
    folded = normalised.text
    tokens = [(m.start(), m.end(), m.group()) for m in _ARABIC_WORD.finditer(folded)]
    found: dict[tuple[int, int], dict[str, Any]] = {}
    organisations: list[tuple[int, int]] = []

    def joined(left: int, right: int) -> bool:
        """Tokens left and right are one space (or a space and nothing else) apart."""
        return folded[tokens[left][1] : tokens[right][0]].strip() == ""

    def record_arabic(start: int, end: int, words: int, cue: str | None, shape: str) -> None:
        """One Arabic span of the original text; an organisation's whole name is its surname."""
        surface = text[start:end]
        key = arabic_name_key(surface)
        found.setdefault(
            (start, end),
            {
                "start": start,
                "end": end,
                "surface": surface,
                "language": "ar",
                "name_key": key,
                "surname_key": key if shape == "organisation" else surname_of(key, arabic=True),
                "tokens": words,
                "cue": cue,
                "shape": shape,
                "claimed": False,
            },
        )

    def name_from(index: int, cue: str | None, before_verb: bool = False, after_verb: bool = False) -> None:
        words: list[int] = []
        position = index
        while position < len(tokens) and len(words) < 3:
            word = tokens[position][2]
            if words and not joined(words[-1], position):
                break
            if (
                word in lexicon.ar_stopwords
                or _strip_waw(word) in lexicon.ar_saying_verbs
                or word in lexicon.ar_office_words
            ):
                break
            original = normalised.original_span(tokens[position][0], tokens[position][1])
            if claims.overlaps(*original):
                break
            if len(words) == 2 and word.startswith("ال") and not word.endswith("ي"):
                break
            # A third word glued to a preposition or conjunction is the sentence going on
            # ("فاز حسن روحاني بولاية ثانية").
            if len(words) == 2 and word[0] in _AR_PROCLITIC_LETTERS and not word.startswith("ال"):
                break
            words.append(position)
            position += 1
        if before_verb:
            words = words[-3:]
        # One word alone is a name after a title cue, or after a verb of saying when it carries
        # the article as family names do (وأكد الشرع).
        alone = cue is not None or (after_verb and tokens[words[0]][2].startswith("ال")) if words else False
        if not words or (len(words) == 1 and (not alone or len(tokens[words[0]][2]) < _AR_MIN_ALONE)):
            return
        if tokens[words[0]][2].startswith("ال") and len(words) > 1:
            return
        start, _ = normalised.original_span(tokens[words[0]][0], tokens[words[0]][1])
        _, end = normalised.original_span(tokens[words[-1]][0], tokens[words[-1]][1])
        shape = "person" if cue or len(words) > 1 else "word"
        record_arabic(start, end, len(words), cue, shape)

    def organisation_from(index: int) -> int:
        """An organisation's name: its head noun, a word, then words with the article (هيئة
        تحرير الشام، الجيش العربي السوري); none claimed, a stopword or a verb of saying, and
        not only office words (قوات النظام). Returns the index after its last word."""
        words = [index]
        position = index + 1
        while (
            position < len(tokens) and len(words) < _AR_ORGANISATION_WORDS and joined(position - 1, position)
        ):
            word = tokens[position][2]
            original = normalised.original_span(tokens[position][0], tokens[position][1])
            if (
                word in lexicon.ar_stopwords
                or _strip_waw(word) in lexicon.ar_saying_verbs
                or claims.overlaps(*original)
                or (len(words) > 1 and not word.startswith("ال"))
            ):
                break
            words.append(position)
            position += 1
        if len(words) < 2:
            return index + 1
        start, _ = normalised.original_span(tokens[index][0], tokens[index][1])
        _, end = normalised.original_span(tokens[words[-1]][0], tokens[words[-1]][1])
        if all(tokens[at][2] in lexicon.ar_office_words for at in words[1:]):
            # Not a candidate, but its words are no country's name either ("سوريا" in "قوات
            # سوريا الديمقراطية"; "قوات روسيا" is two words and names Russia).
            if len(words) > 2:
                organisations.append((start, end))
            return words[-1] + 1
        start, _ = normalised.original_span(tokens[index][0], tokens[index][1])
        if _strip_waw(tokens[index][2]) != tokens[index][2]:
            start += 1
        _, end = normalised.original_span(tokens[words[-1]][0], tokens[words[-1]][1])
        record_arabic(start, end, len(words), None, "organisation")
        return words[-1] + 1

    index = 0
    while index < len(tokens):
        word = tokens[index][2]
        matched_cue = _cue_at(tokens, index, lexicon)
        if matched_cue:
            after = index + len(matched_cue)
            skipped = 0
            while (
                after < len(tokens)
                and skipped < _AR_MAX_SKIP
                and joined(after - 1, after)
                and (
                    tokens[after][2] in lexicon.ar_office_words
                    or _nisba_adjective(tokens[after][2])
                    or claims.inside(*normalised.original_span(tokens[after][0], tokens[after][1]))
                )
            ):
                after += 1
                skipped += 1
            # The body the person leads or speaks for stands between cue and name: "قائد فيلق
            # القدس قاسم سليماني".
            if (
                after < len(tokens)
                and joined(after - 1, after)
                and _strip_waw(tokens[after][2]) in lexicon.ar_organisation_heads
            ):
                after = organisation_from(after)
            if after < len(tokens) and joined(after - 1, after):
                name_from(after, " ".join(matched_cue))
            index += len(matched_cue)
            continue
        if _strip_waw(word) in lexicon.ar_organisation_heads:
            organisation_from(index)
        if _strip_waw(word) in lexicon.ar_saying_verbs:
            if (
                index + 1 < len(tokens)
                and joined(index, index + 1)
                and not _cue_at(tokens, index + 1, lexicon)
            ):
                name_from(index + 1, None, after_verb=True)
            first = index - 2
            if first >= 0 and joined(first, first + 1) and joined(first + 1, index):
                before = tokens[first][2]
                if before not in lexicon.ar_stopwords and not before.startswith("ال"):
                    name_from(first, None, before_verb=True)
        index += 1
    named = sorted([*found, *organisations])
    for start, end, words in _arabic_country_spans(tokens, normalised):
        if not _covered(named, start, end):
            record_arabic(start, end, words, None, "word")
    for start, end, words in [
        *_known_name_spans(tokens, normalised, latin_keys, _word_skeleton, joined),
        *_known_name_spans(tokens, normalised, known_names, _same_word, joined),
    ]:
        if not _covered(named, start, end):
            record_arabic(start, end, words, None, "person")
    full_names = [span for span in found.values() if span["shape"] == "person" and span["tokens"] > 1]
    named = sorted(found)
    surnames = {span["name_key"].split()[-1] for span in full_names}
    for start, end, words in _surname_spans(tokens, normalised, surnames, lexicon):
        if not _covered(named, start, end):
            record_arabic(start, end, words, None, "word")
    spans = list(found.values())
    for span in spans:
        span["claimed"] = claims.overlaps(span["start"], span["end"])
    return spans


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Inside or across a name already found ("سوريا" in "قوات سوريا الديمقراطية")."""
    position = bisect_right(spans, (end, end))
    return any(spans[index][1] > start for index in range(max(0, position - 4), position))


@cache
def _arabic_countries() -> dict[tuple[str, ...], int]:
    """The folded Arabic country names as word tuples → their word count. A short one-word
    name ending in ي is left out: it reads as a nisba adjective of a three-letter root (مالي
    "financial"); longer ones are foreign words (تشيلي، هايتي، زيمبابوي)."""
    return {
        tuple(name.split()): len(name.split())
        for name in arabic_country_names()
        if " " in name or not name.endswith("ي") or len(name) > _AR_MIN_ALONE
    }


def _unclitic(word: str) -> list[tuple[int, str]]:
    """The word and each reading of it without a proclitic (و ف ب ك ل and their pairs),
    with the number of letters taken off."""
    return [
        (len(prefix), word[len(prefix) :])
        for prefix in _PROCLITICS_SHORTEST_FIRST
        if word.startswith(prefix) and len(word) - len(prefix) >= 3
    ]


def _arabic_country_spans(tokens: list[tuple[int, int, str]], normalised: Any) -> list[tuple[int, int, int]]:
    """Country names (the first word may carry a proclitic: وإيران، لتركيا), as original
    offsets without the proclitic, and their word counts."""
    countries = _arabic_countries()
    longest = max(countries.values())
    found = []
    index = 0
    while index < len(tokens):
        match = None
        for taken, first in _unclitic(tokens[index][2]):
            for words in range(min(longest, len(tokens) - index), 0, -1):
                phrase = (first, *(token[2] for token in tokens[index + 1 : index + words]))
                if phrase in countries:
                    match = (taken, words)
                    break
            if match:
                break
        if match is None:
            index += 1
            continue
        taken, words = match
        start, _ = normalised.original_span(tokens[index][0] + taken, tokens[index][1])
        _, end = normalised.original_span(tokens[index + words - 1][0], tokens[index + words - 1][1])
        found.append((start, end, words))
        index += words
    return found


@lru_cache(maxsize=65536)
def _word_skeleton(word: str) -> str:
    return romanisation_key(word)


def _same_word(word: str) -> str:
    return word


def _known_name_spans(
    tokens: list[tuple[int, int, str]],
    normalised: Any,
    names: frozenset[str],
    word_key: Any,
    joined: Any,
) -> list[tuple[int, int, int]]:
    """Runs of two or three Arabic words whose keys (``word_key`` per word, space-joined) are
    one of ``names``; the first word may carry a proclitic (ودونالد ترامب، لقاسم سليماني)."""
    if not names:
        return []
    found = []
    index = 0
    while index < len(tokens):
        match = None
        for taken, first in _unclitic(tokens[index][2]):
            key = word_key(first)
            for words in range(2, _MAX_CROSS_SCRIPT_WORDS + 1):
                last = index + words - 1
                if last >= len(tokens) or not joined(last - 1, last):
                    break
                key += " " + word_key(tokens[last][2])
                if key in names:
                    match = (taken, words)
            if match:
                break
        if match is None:
            index += 1
            continue
        taken, words = match
        # A skeleton has no waw, so "وفلاديمير" matches whole: its و is the conjunction when a
        # name of 4+ letters remains (وليد stays).
        first_word = tokens[index][2]
        if (
            word_key is _word_skeleton
            and not taken
            and first_word.startswith("و")
            and len(first_word) > _AR_MIN_ALONE
        ):
            taken = 1
        start, _ = normalised.original_span(tokens[index][0] + taken, tokens[index][1])
        _, end = normalised.original_span(tokens[index + words - 1][0], tokens[index + words - 1][1])
        found.append((start, end, words))
        index += words
    return found


def _name_like(word: str) -> bool:
    """Not ending as feminine nouns and adjectives (…ة, folded …ه), sound plurals (…ات، …ون)
    or plural verbs (…وا) do: "منظمات إنسانية", "سكان فروا" follow verbs of saying too."""
    return not word.endswith(_AR_NOT_NAME_ENDINGS)


def _surname_spans(
    tokens: list[tuple[int, int, str]], normalised: Any, surnames: set[str], lexicon: NameLexicon
) -> list[tuple[int, int, int]]:
    """A full name's last word standing alone in the same text ("روحاني" after "حسن روحاني")."""
    surnames = {
        name
        for name in surnames
        if len(name) >= _AR_MIN_ALONE and name not in lexicon.ar_stopwords and _name_like(name)
    }
    found = []
    for start, end, word in tokens:
        for taken, bare in _unclitic(word):
            if bare in surnames:
                original = normalised.original_span(start + taken, end)
                found.append((original[0], original[1], 1))
                break
    return found


def _nisba_adjective(word: str) -> bool:
    return word.startswith("ال") and (word.endswith("ي") or word.endswith("يه"))


def _cue_at(tokens: list[tuple[int, int, str]], index: int, lexicon: NameLexicon) -> tuple[str, ...] | None:
    """The longest cue starting at ``index`` (its first word may carry the proclitic و)."""
    by_first = _cues_by_first_word(lexicon.ar_cues)
    word = tokens[index][2]
    stripped = _strip_waw(word)
    cues = by_first.get(word, ()) + (by_first.get(stripped, ()) if stripped != word else ())
    for cue in sorted(cues, key=len, reverse=True):
        following = tuple(
            tokens[index + offset][2] for offset in range(1, len(cue)) if index + offset < len(tokens)
        )
        if following == cue[1:]:
            return cue
    return None


@lru_cache(maxsize=4)
def _cues_by_first_word(cues: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The cues by their first word, longest first (every word of a text is tried as a cue)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for cue in cues:
        by_first.setdefault(cue[0], []).append(cue)
    return {first: tuple(sorted(group, key=len, reverse=True)) for first, group in by_first.items()}


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
        elif span["shape"] == "person" and (span["cue"] or all(map(_name_like, span["name_key"].split()))):
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
            if text and not (field == "title" and language == "en" and _title_case(text)):
                texts[language].append((article_id, field, text))
    rows: list[dict[str, Any]] = []
    # English first: its multi-word names are what Arabic writings are matched to by key.
    for article_id, field, text in texts.get("en", []):
        claims = _Claims(claims_by_text.get((article_id, field), []))
        rows.extend(_finish(_english_spans(text, claims, lexicon), article_id, field, text, by_last))
    if names is None:
        # Arabic twice: the first reading finds the cued names the second looks for everywhere.
        first_reading = [
            span
            for article_id, field, text in texts.get("ar", [])
            for span in _arabic_spans(text, _Claims(claims_by_text.get((article_id, field), [])), lexicon)
        ]
        names = corpus_names([*rows, *first_reading])
    for article_id, field, text in texts.get("ar", []):
        claims = _Claims(claims_by_text.get((article_id, field), []))
        found = _arabic_spans(text, claims, lexicon, names.latin_keys, names.arabic_names)
        rows.extend(_finish(found, article_id, field, text, by_last))
    return pl.DataFrame(rows, schema=NAME_SPAN_SCHEMA) if rows else pl.DataFrame(schema=NAME_SPAN_SCHEMA)
