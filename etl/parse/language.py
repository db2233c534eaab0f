"""Language of the article from its text; the html lang attribute only breaks a tie."""

from __future__ import annotations

import py3langid

SAMPLE_CHARS = 600
MIN_TEXT_CHARS = 40


def detected_language(text: str, hint: str | None) -> str | None:
    """ISO 639-1 code of the text; too little text falls back to the page's lang hint."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    hint_code = hint.split("-")[0].split("_")[0].strip().lower()[:2] if hint else None
    if len(sample) < MIN_TEXT_CHARS:
        return hint_code or None
    code, _score = py3langid.classify(sample)
    return code
