"""Title without the site name, site name, canonical URL and domain, authors."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from etl.parse.dom import element_text
from etl.parse.head import HeadFields
from etl.parse.jsonld import names, text_value

TITLE_SEPARATORS = re.compile(r"\s+[-|–—:·•»«/]\s+|\s+::\s+|\s*\|\s*")
MAX_SITE_NAME_WORDS = 6
AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|،|\sو\s)\s*")
AUTHOR_PREFIX = re.compile(r"^(?:by|written by|posted by|بقلم|كتب|كتبت|إعداد)\s*:?\s*", re.I)
MAX_AUTHOR_LENGTH = 80


def clean_text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


MAX_HEADLINES = 5


def headline_texts(root: etree._Element) -> list[str]:
    """Texts of the first <h1> elements: pages often spend one on the logo."""
    texts = []
    for headline in root.iter("h1"):
        text = clean_text(element_text(headline))
        if text:
            texts.append(text)
        if len(texts) == MAX_HEADLINES:
            break
    return texts


def comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def title_parts(title: str) -> list[str]:
    return [part.strip() for part in TITLE_SEPARATORS.split(title) if part.strip()]


def site_name_from_title(title: str | None, headlines: list[str]) -> str | None:
    """The short suffix or prefix around a headline in <title>: "Headline - Site"."""
    if not title:
        return None
    parts = title_parts(title)
    if len(parts) < 2:
        return None
    known = {comparable(headline) for headline in headlines}
    if comparable(parts[0]) in known and len(parts[-1].split()) <= MAX_SITE_NAME_WORDS:
        return parts[-1]
    if comparable(parts[-1]) in known and len(parts[0].split()) <= MAX_SITE_NAME_WORDS:
        return parts[0]
    return None


def without_site_name(title: str, site_name: str | None, domain: str | None) -> str:
    """Strip a separator-delimited site name from either end of a title."""
    parts = title_parts(title)
    if len(parts) < 2:
        return title
    markers = {comparable(name) for name in (site_name, domain) if name}
    if domain:
        markers.add(comparable(domain.split(".")[0]))
    markers.discard("")
    for index in (-1, 0):
        part = comparable(parts[index])
        if part and any(part == m or (len(m) > 3 and (m in part or part in m)) for m in markers):
            return strip_part(title, parts[index], at_end=index == -1)
    return title


def strip_part(title: str, part: str, *, at_end: bool) -> str:
    if at_end:
        cut = title.rfind(part)
        remainder = title[:cut]
    else:
        remainder = title[title.find(part) + len(part) :]
    return strip_separators(remainder)


def strip_separators(text: str) -> str:
    return re.sub(r"^[\s\-|–—:·•»«/]+|[\s\-|–—:·•»«/]+$", "", text)


def best_title(
    head: HeadFields,
    article: dict[str, Any] | None,
    headlines: list[str],
    site_name: str | None,
    domain: str | None,
) -> str | None:
    """JSON-LD headline, og:title, <title>: the first present, site name removed.

    An <h1> equal to one of these or to a separator-delimited part of one wins, because the
    h1 is what the reader sees as the headline and is never decorated with the site name.
    """
    candidates = [
        clean_text(text_value(article.get("headline"))) if article else None,
        clean_text(head.first("og:title", "twitter:title")),
        clean_text(head.title),
    ]
    present = [c for c in candidates if c]
    known = {comparable(part) for c in present for part in [c, *title_parts(c)]}
    for headline in headlines:
        if comparable(headline) in known:
            return headline
    for candidate in present:
        return without_site_name(candidate, site_name, domain) or candidate
    return headlines[0] if headlines else None


def canonical_url(head: HeadFields, article: dict[str, Any] | None, url: str | None) -> str | None:
    """The first candidate that is a well-formed web URL, made absolute against the page URL.

    A malformed candidate ("http://[::1", a port above 65535) is passed over for the next one;
    when none is usable, the first one's fault is raised so that the field's note says why it
    is empty. A candidate in another scheme (an app link) is not a fault, only not a web page.
    """
    candidates = [head.canonical, head.first("og:url")]
    if article:
        candidates.append(text_value(article.get("url")))
        entity = article.get("mainEntityOfPage")
        candidates.append(entity.get("@id") if isinstance(entity, dict) else entity)
    faults: list[ValueError] = []
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            try:
                absolute = web_url(candidate.strip(), url)
            except ValueError as fault:
                faults.append(fault)
                continue
            if absolute:
                return absolute
    if faults:
        raise faults[0]
    return None


def web_url(candidate: str, base: str | None) -> str | None:
    """The candidate as an absolute http(s) URL; None in another scheme; ValueError if malformed."""
    try:
        absolute = candidate if urlsplit(candidate).scheme else urljoin(base or "", candidate)
        parts = urlsplit(absolute)
        # Reading the port is what checks it: urlsplit itself accepts "host:99999".
        port = parts.port
    except ValueError as fault:
        raise ValueError(f"malformed URL {candidate[:100]!r}: {fault}") from fault
    if parts.scheme not in {"http", "https"}:
        return None
    if not parts.hostname or any(character.isspace() for character in parts.netloc):
        raise ValueError(f"malformed URL {candidate[:100]!r}: no valid host")
    if port == 0:
        raise ValueError(f"malformed URL {candidate[:100]!r}: port 0")
    return absolute


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def site_name(head: HeadFields, article: dict[str, Any] | None, headlines: list[str]) -> str | None:
    from_meta = clean_text(head.first("og:site_name", "application-name", "twitter:site"))
    if from_meta and not from_meta.startswith("@"):
        return from_meta
    if article:
        publisher = clean_text(text_value(article.get("publisher")))
        if publisher:
            return publisher
    og_title = clean_text(head.first("og:title"))
    references = [*headlines, og_title] if og_title else headlines
    return site_name_from_title(head.title, references) or from_meta


def authors(head: HeadFields, article: dict[str, Any] | None) -> tuple[str, ...]:
    raw: list[str] = names(article.get("author")) if article else []
    if not raw:
        raw = [
            value
            for key in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
            for value in head.meta.get(key, [])
        ]
    found: list[str] = []
    for value in raw:
        if value.startswith(("http://", "https://")):
            continue
        for name in AUTHOR_SPLIT.split(AUTHOR_PREFIX.sub("", value.strip())):
            name = clean_text(name)
            if name and len(name) <= MAX_AUTHOR_LENGTH and name not in found:
                found.append(name)
    return tuple(found)
