"""trafilatura's main text, the arbiter of `etl/parse/voters.py`: asked where our two fast
voters disagree, and where they found next to no text (under `MIN_BODY_CHARS`, see
`etl/parse/article.py`), so a page is quarantined as text-less only when it agrees.
"""

from __future__ import annotations

import trafilatura


def library_paragraphs(html: str) -> list[str]:
    """trafilatura's main text of a decoded page as paragraphs; empty when it finds none."""
    # fast=True skips its readability/jusText fallbacks; include_comments=False keeps readers'
    # comments out of the body, as our own extraction does.
    try:
        text = trafilatura.extract(html, fast=True, include_comments=False, include_tables=True)
    # A second opinion that fails is no opinion: the page keeps its own reason ("no article
    # text", "too short") instead of a parser error from a library it did not need.
    except Exception:
        return []
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]
