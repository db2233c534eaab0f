"""English names in a text: runs of capitalised words, with a title cue before them and
Mikheev's document-level check of sentence-initial words (see etl/actors/name_spans.py)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from etl.actors.name_lexicon import (
    Claims,
    NameLexicon,
    latin_name_key,
    surname_of,
    word_key,
)
from etl.actors.normalise import normalise_alias

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
_DEMONYM_SUFFIXES = ("ian", "ish", "ese", "ean", "an", "i")
_ADJECTIVE_SUFFIXES = ("ian", "ians", "ish", "ese", "ean", "ic", "ist", "ists", "ican", "icans")
_TITLE_OWNERS = frozenset({"U.S.", "US", "UN", "U.N.", "EU", "UK", "NATO"})
_MAX_ACRONYM = 6
_MAX_NAME_WORDS = 5
_TITLE_CASE_SHARE = 0.8
# A line of at most this many words, all capitalised and without a full stop, is a heading.
_HEADING_WORDS = 3


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
    return short or title_case(line)


def title_case(text: str) -> bool:
    words = [w for w in _LATIN_WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= _TITLE_CASE_SHARE * len(words)


def english_spans(text: str, claims: Claims, lexicon: NameLexicon) -> list[dict[str, Any]]:
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
    return following is not None and word_key(following.group()) in lexicon.en_generic


def _english_name(
    text: str,
    run: list[tuple[int, int, str]],
    claims: Claims,
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
        key = word_key(first)
        # Mikheev: capitals at a sentence start say nothing, unless the document also writes the
        # word capitalised inside a sentence and never in lower case. A name that only opens
        # sentences loses its first word here and meets its full name again as a surname.
        titled = key in lexicon.en_titles or (
            len(run) > 1 and _demonym(first) and word_key(run[1][2]) in lexicon.en_titles
        )
        if not titled and (
            first.lower() in lower_words or key in lexicon.en_generic or first not in mid_capitals
        ):
            run = run[1:]
    cue: list[str] = []
    while run and (
        word_key(run[0][2]) in lexicon.en_titles
        or (len(run) > 1 and _demonym(run[0][2]) and word_key(run[1][2]) in lexicon.en_titles)
    ):
        cue.append(run[0][2])
        run = run[1:]
    while run and word_key(run[0][2]) in lexicon.en_generic:
        run = run[1:]
    while run and word_key(run[-1][2]) in lexicon.en_generic:
        run = run[:-1]
    if not run or len(run) > _MAX_NAME_WORDS:
        return []
    start, end = run[0][0], run[-1][1]
    surface = text[start:end]
    contraction = _CONTRACTION.search(surface)
    if contraction:
        surface, end = surface[: contraction.start()], start + contraction.start()
    if len(surface) < 2 or (contraction and " " not in surface and word_key(surface) in lexicon.en_generic):
        return []
    key = latin_name_key(surface)
    if not key or key in lexicon.en_agencies or normalise_alias(surface) in lexicon.en_agencies:
        return []
    words = surface.split()
    last = word_key(words[-1])
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
