"""Helpers shared by the parse-stage tests: fixture bytes and a parse that must succeed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from etl.parse import ParsedArticle, parse_html

FIXTURES = Path(__file__).parent / "fixtures"
CRAWL_DAY = date(2026, 11, 28)


def fixture_bytes(name: str, encoding: str = "utf-8") -> bytes:
    return (FIXTURES / name).read_text(encoding="utf-8").encode(encoding)


def parsed(
    raw: bytes | str, *, url: str | None = None, crawl_date: date = CRAWL_DAY, http_charset: str | None = None
) -> ParsedArticle:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    result = parse_html(data, url=url, crawl_date=crawl_date, http_charset=http_charset)
    assert isinstance(result, ParsedArticle), result
    return result


def article_page(inner: str, *, head: str = "", title: str = "Test headline") -> str:
    """A page with three real paragraphs around an inserted block, for exclusion tests."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}
</head><body><main><article><h1>{title}</h1>
<p>The first paragraph of the article reports that negotiators met in Astana on Tuesday.</p>
<p>The second paragraph adds that the delegations discussed de-escalation zones at length.</p>
{inner}
<p>The third paragraph closes the story with the schedule of the next round of the talks.</p>
</article></main></body></html>"""


ARTICLE_PARAGRAPHS = (
    "The first paragraph of the article reports that negotiators met in Astana on Tuesday.",
    "The second paragraph adds that the delegations discussed de-escalation zones at length.",
    "The third paragraph closes the story with the schedule of the next round of the talks.",
)
