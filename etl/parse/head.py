"""Read the document head with BeautifulSoup: <title>, <meta>, <link>, the html lang."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, SoupStrainer

HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
HEAD_LIMIT = 200_000
HEAD_TAGS = SoupStrainer(["html", "title", "meta", "link"])
# BeautifulSoup only sees the tags it reads: cutting inline scripts and styles out of the head
# first makes the soup several times faster to build.
HEAD_TAG_MARKUP = re.compile(
    r"<(?:html|meta|link)\b[^>]*>|<title\b[^>]*>.*?</title\s*>", re.IGNORECASE | re.DOTALL
)
# Only <html>, <title>, the <meta> tags the parse stage reads (titles, names, URLs, dates,
# authors) and the canonical <link>; icons, viewport, verification and preload tags are most of
# a head. Matched against the lowercased tag: an IGNORECASE alternation is several times slower,
# and so is one alternation that also tests the tag's start.
WANTED_START = ("<html", "<title")
WANTED_WORD = re.compile(
    r"canonical|title|site|url|date|publish|time|issued|created|author|creator|application-name"
)


@dataclass(frozen=True, slots=True)
class HeadFields:
    title: str | None
    lang: str | None
    canonical: str | None
    # meta name/property/itemprop (lowercased) → contents in document order
    meta: dict[str, list[str]] = field(default_factory=dict)

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return value.strip()
        return None


def head_fields(html: str) -> HeadFields:
    end = HEAD_END.search(html, 0, HEAD_LIMIT)
    head_html = html[: end.start()] if end else html[:HEAD_LIMIT]
    markup = "".join(tag for tag in HEAD_TAG_MARKUP.findall(head_html) if wanted(tag.lower()))
    soup = BeautifulSoup(markup, "lxml", parse_only=HEAD_TAGS)
    meta: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not isinstance(content, str):
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = tag.get(attribute)
            if isinstance(key, str) and key.strip():
                meta.setdefault(key.strip().lower(), []).append(content)
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if title_tag else None
    canonical = None
    for link in soup.find_all("link"):
        rel = link.get("rel") or []
        href = link.get("href")
        if "canonical" in [r.lower() for r in rel] and isinstance(href, str) and href.strip():
            canonical = href.strip()
            break
    html_tag = soup.find("html")
    lang = html_tag.get("lang") if html_tag else None
    return HeadFields(
        title=title or None,
        lang=lang if isinstance(lang, str) and lang.strip() else None,
        canonical=canonical,
        meta=meta,
    )


def wanted(lowered_tag: str) -> bool:
    return lowered_tag.startswith(WANTED_START) or WANTED_WORD.search(lowered_tag) is not None
