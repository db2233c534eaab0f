"""A field's failure stays in its field: a reader that fails leaves its field empty and says why.

Titles, dates, authors, publishers, languages and URLs are read from values the page supplies
(JSON-LD, <meta>, attributes), and pages supply anything: year-1 dates, nested objects where a
name belongs, URLs with impossible ports. Such a value costs the article that one field; the
body, and the mentions counted in it, are still loaded. Only document-level reasons (binary,
empty, no article text, oversized) quarantine a page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from etl.parse.records import FieldNote

T = TypeVar("T")

# A reason is one line in a warehouse column, not a dump of the offending value.
MAX_REASON_CHARS = 300


def read_field(reader: Callable[[], T]) -> tuple[T | None, str | None]:
    """(the reader's value, None), or (None, why it failed)."""
    try:
        return reader(), None
    # Any error: a reader is a function of page-supplied values, and no value of one field may
    # cost the article its body.
    except Exception as error:
        return None, failure_reason(error)


def failure_reason(error: Exception) -> str:
    reason = " ".join(f"{type(error).__name__}: {error}".split())
    return reason if len(reason) <= MAX_REASON_CHARS else f"{reason[: MAX_REASON_CHARS - 1]}…"


class FieldReader:
    """Reads an article's fields and keeps the notes of those that failed, in reading order."""

    def __init__(self) -> None:
        self.notes: list[FieldNote] = []

    def read(self, field: str, reader: Callable[[], T]) -> T | None:
        value, reason = read_field(reader)
        if reason is not None:
            self.notes.append(FieldNote(field, reason))
        return value
