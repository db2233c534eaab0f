"""The Arabic-script character tables: what every stage folds so that spellings of one word meet.

Writers vary Arabic without changing the word: harakat and Quranic marks, tatweel, invisible
joiners and direction marks, the hamza forms of alef, alef maqsura for yeh, ta marbuta for heh,
the Persian/Urdu yeh and keheh for the Arabic yeh and kaf, Arabic-Indic and Persian digits, and
the presentation forms (contextual letter shapes and ligatures) of old encodings. The tables are
held here once; each stage takes the same folds and differs only in what it does around them:

- parse reads dates in `fold_arabic(text)` (month names are folded by the same function);
- actors adds Latin case, hyphens and quotes to these folds and keeps a map back to the original
  offsets (etl/actors/normalise.py), so every entry here maps one character to a string;
- dedupe applies NFKC first (which already undoes the presentation forms) and then
  `ARABIC_FOLDS` over a whole column in polars (etl/dedupe/text.py).
"""

from __future__ import annotations

import unicodedata

# Fathatan to wavy hamza below (shadda, sukun, hamza above and below, …) and superscript alef.
HARAKAT = (*map(chr, range(0x064B, 0x0660)), "\u0670")
# Honorific signs over names and the annotation marks of Quranic quotations.
QURANIC_MARKS = (*map(chr, range(0x0610, 0x061B)), *map(chr, range(0x06D6, 0x06EE)))
TATWEEL = "\u0640"
# Zero-width space and joiners, direction marks (the Arabic letter mark too), soft hyphen, BOM.
INVISIBLE_MARKS = ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff", "\u061c", "\u2060")
DROPPED_MARKS = frozenset((*HARAKAT, *QURANIC_MARKS, TATWEEL, *INVISIBLE_MARKS))

ALEF_FORMS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"}
LETTER_FOLDS = {
    **ALEF_FORMS,
    "ى": "ي",  # alef maqsura, written for a final yeh in Egypt
    "ة": "ه",  # ta marbuta, often typed as heh
    "ی": "ي",  # Persian/Urdu yeh, typed on Persian keyboards
    "ک": "ك",  # keheh, the Persian/Urdu kaf
}
DIGITS = {
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic ٠١٢…
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Persian ۰۱۲…
}
ARABIC_FOLDS: dict[str, str] = {**dict.fromkeys(DROPPED_MARKS, ""), **LETTER_FOLDS, **DIGITS}


def _presentation_forms() -> dict[str, str]:
    """Each Arabic presentation form (U+FB50–FDFF, U+FE70–FEFF) as the folded letters it shows."""
    forms: dict[str, str] = {}
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        form = chr(code)
        if form in ARABIC_FOLDS or unicodedata.category(form) == "Cn":
            continue
        letters = unicodedata.normalize("NFKC", form)
        if letters == form:
            continue
        # Isolated harakat forms decompose to a space plus the mark: the mark is what was meant.
        if letters.startswith(" ") and all(mark in DROPPED_MARKS for mark in letters[1:]):
            forms[form] = ""
            continue
        forms[form] = "".join(ARABIC_FOLDS.get(letter, letter) for letter in letters)
    return forms


PRESENTATION_FORMS = _presentation_forms()
_FOLD_TABLE = str.maketrans({**ARABIC_FOLDS, **PRESENTATION_FORMS})


def fold_arabic(text: str) -> str:
    """The text with every fold above applied (drops marks and expands ligatures, so the length
    may change: a reader that needs the original offsets uses etl/actors/normalise.py)."""
    return text.translate(_FOLD_TABLE)
