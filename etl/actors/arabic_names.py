"""Arabic names in a text, which has no capitals: a title or role cue before a name, a verb of
saying on either side, nisba family names, the Arabic names of countries, and Arabic writings of
English names found in the same corpus (see etl/actors/name_spans.py)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from etl.actors.candidates import romanisation_key
from etl.actors.matching import ARABIC_PROCLITICS
from etl.actors.name_lexicon import (
    Claims,
    NameLexicon,
    arabic_name_key,
    surname_of,
)
from etl.actors.normalise import normalise_text
from etl.actors.places import arabic_country_names

_ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
_AR_MAX_SKIP = 4
_AR_ORGANISATION_WORDS = 4
# A cued name of one word ("الرئيس أردوغان", "الرئيس الشرع") needs this many letters.
_AR_MIN_ALONE = 4
_MAX_CROSS_SCRIPT_WORDS = 3
# The whole word first: "بريطانيا" is a country before "ريطانيا" is tried.
_AR_PROCLITIC_LETTERS = frozenset("وفبكل")
_AR_NOT_NAME_ENDINGS = ("ه", "ات", "ون", "وا")
_PROCLITICS_SHORTEST_FIRST = tuple(sorted(ARABIC_PROCLITICS, key=lambda prefix: (len(prefix), prefix)))


def _strip_waw(word: str) -> str:
    return word[1:] if word.startswith("و") and len(word) > 3 else word


def arabic_spans(
    text: str,
    claims: Claims,
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

    def country_at(index: int) -> tuple[int, int] | None:
        # The longest name first, so a name of two words is not read as a shorter one it starts with.
        for taken, first in _unclitic(tokens[index][2]):
            for words in range(min(longest, len(tokens) - index), 0, -1):
                if (first, *(token[2] for token in tokens[index + 1 : index + words])) in countries:
                    return taken, words
        return None

    return _scanned_spans(tokens, normalised, country_at)


def _scanned_spans(
    tokens: list[tuple[int, int, str]],
    normalised: Any,
    match_at: Callable[[int], tuple[int, int] | None],
) -> list[tuple[int, int, int]]:
    """Walk the tokens left to right; where `match_at` finds a run (proclitic letters taken off
    its first word, number of words), keep its original offsets and go on after it."""
    found = []
    index = 0
    while index < len(tokens):
        match = match_at(index)
        if match is None:
            index += 1
            continue
        taken, words = match
        found.append(_matched_span(tokens, normalised, index, taken, words))
        index += words
    return found


def _matched_span(
    tokens: list[tuple[int, int, str]], normalised: Any, index: int, taken: int, words: int
) -> tuple[int, int, int]:
    """The original offsets of `words` tokens from `index`, the first without its `taken`
    proclitic letters, and how many words they are."""
    start, _ = normalised.original_span(tokens[index][0] + taken, tokens[index][1])
    _, end = normalised.original_span(tokens[index + words - 1][0], tokens[index + words - 1][1])
    return start, end, words


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

    def name_at(index: int) -> tuple[int, int] | None:
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
            return None
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
        return taken, words

    return _scanned_spans(tokens, normalised, name_at)


def name_like(word: str) -> bool:
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
        if len(name) >= _AR_MIN_ALONE and name not in lexicon.ar_stopwords and name_like(name)
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
