"""One normalisation for aliases and article text, with a compact map back to original offsets.

Folds what writers vary without changing meaning: the Arabic folds of etl/arabic_text.py
(marks, tatweel, letter variants, digits, presentation forms), Latin case and Latin diacritics,
hyphens and whitespace (to one space each, so "al-Assad" == "al Assad").
Most characters map one to one; only dropped marks and expanded ligatures shift offsets, and
those are rare, so the map stores one breakpoint per shift instead of one entry per character.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

import polars as pl

from etl.arabic_text import ARABIC_FOLDS, DROPPED_MARKS, PRESENTATION_FORMS

_LATIN_COMBINING = [chr(c) for c in range(0x0300, 0x0370)]
DROPPED_CHARACTERS = DROPPED_MARKS | frozenset(_LATIN_COMBINING)
_HYPHENS_AND_SPACES = "-‐‑‒–—\t\n\r\u00a0\u2009\u200a\u202f\u3000\v\f"
_QUOTES = {"’": "'", "‘": "'", "ʼ": "'", "`": "'"}


def _latin_fold(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    if ch == "İ" or ch == "ı":
        return "i"
    return base.lower() if base.isascii() else ch.lower()


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {ord(ch): "" for ch in _LATIN_COMBINING}
    for source, target in {**ARABIC_FOLDS, **PRESENTATION_FORMS, **_QUOTES}.items():
        table[ord(source)] = target
    for ch in _HYPHENS_AND_SPACES:
        table[ord(ch)] = " "
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    for code in range(0x00C0, 0x0250):
        ch = chr(code)
        if ch.isalpha():
            folded = _latin_fold(ch)
            if len(folded) == 1 and folded != ch:
                table[code] = folded
    return table


TRANSLATION_TABLE = _build_table()
_TABLE_SOURCES = [chr(code) for code in TRANSLATION_TABLE]
_TABLE_TARGETS = list(TRANSLATION_TABLE.values())
_OFFSET_SHIFTERS = re.compile(
    "[" + "".join(re.escape(chr(c)) for c, t in TRANSLATION_TABLE.items() if len(t) != 1) + "]"
)


def fold_texts(texts: pl.Series) -> pl.Series:
    """The same table as fold, over a whole column at once (Aho-Corasick in Rust).

    str.translate costs a dict lookup per character; on article bodies that alone would use
    the whole speed budget, while building the Rust automaton costs a few ms once per column.
    """
    return texts.str.replace_many(_TABLE_SOURCES, _TABLE_TARGETS)


def offset_shifter_flags(texts: pl.Series) -> pl.Series:
    """Whether each text holds a character that is dropped or expanded (else offsets are 1:1)."""
    return texts.str.contains(_OFFSET_SHIFTERS.pattern)


def fold(text: str) -> str:
    """Apply the character table to one short string (aliases, cue words, single texts)."""
    return text.translate(TRANSLATION_TABLE)


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A normalised string and the breakpoints that map its indices back to the original.

    For a normalised index ``n``, the original index is ``n + shifts[k]`` where ``k`` is the last
    breakpoint with ``breakpoints[k] <= n``. Empty breakpoints mean the map is the identity.
    """

    original: str
    text: str
    breakpoints: tuple[int, ...]
    shifts: tuple[int, ...]

    def original_index(self, index: int) -> int:
        if not self.breakpoints:
            return index
        position = bisect_right(self.breakpoints, index) - 1
        return index + (self.shifts[position] if position >= 0 else 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised half-open span to the original, keeping trailing marks on the word."""
        original_start = self.original_index(start)
        original_end = self.original_index(end - 1) + 1
        while original_end < len(self.original) and self.original[original_end] in DROPPED_CHARACTERS:
            original_end += 1
        return original_start, original_end


def normalise_alias(alias: str) -> str:
    """The key an alias is matched under: the text normalisation plus trimmed, single spaces."""
    return " ".join(fold(alias).split())


def normalise_text(text: str, folded: str | None = None, has_shifters: bool = True) -> NormalisedText:
    """Normalise one text.

    Pass ``folded`` and ``has_shifters`` when fold_texts and offset_shifter_flags already ran
    over a whole column, so the per-text work is only the (rare) breakpoints.
    """
    normalised = fold(text) if folded is None else folded
    shifters = list(_OFFSET_SHIFTERS.finditer(text)) if has_shifters else []
    if not shifters:
        return NormalisedText(text, normalised, (), ())
    breakpoints: list[int] = []
    shifts: list[int] = []
    shift = 0

    def record(at: int, value: int) -> None:
        if breakpoints and breakpoints[-1] == at:
            shifts[-1] = value
        else:
            breakpoints.append(at)
            shifts.append(value)

    for match in shifters:
        original_position = match.start()
        replacement_length = len(TRANSLATION_TABLE[ord(match.group())])
        normalised_position = original_position - shift
        if replacement_length == 0:
            shift += 1
            record(normalised_position, shift)
            continue
        for offset in range(1, replacement_length):
            record(normalised_position + offset, shift - offset)
        shift -= replacement_length - 1
        record(normalised_position + replacement_length, shift)
    return NormalisedText(text, normalised, tuple(breakpoints), tuple(shifts))
