"""The publication date: candidates from each source in order of trust, the first valid wins.

Order and why: JSON-LD `datePublished` and publication <meta> tags (then microdata and a
`datePublished`-style key in script-embedded page data, labelled jsonld) are written by the
CMS for machines and name publication explicitly, never modification; a <time> element
marked as the publication time, else the first one outside update, comment and related
blocks, is next; a full date in the URL path is set once at publication and never moves;
visible text (date-like elements, then the text around the headline, update-labelled dates
last) comes after because pages also show "today", update and related-article dates;
htmldate's own reading closes the list, also labelled text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from htmldate import find_date
from lxml import etree

from etl.parse.date_strings import machine_datetime, text_dates
from etl.parse.dom import element_text
from etl.parse.head import HeadFields

EARLIEST_PUBLICATION = date(1990, 1, 1)
PUBLICATION_META = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "publishdate",
    "publish_date",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "published_time",
    "published-date",
    "published_date",
    "release_date",
    "pub_date",
    "original-publish-date",
    "citation_publication_date",
    "citation_date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "og:article:published_time",
    "bt:pubdate",
    "article_date_original",
    "datecreated",
    "content_publishing_date",
)
# "/2017/07/04/", "/2017-07-04-slug", and "/2013/middle_east/8/3/" (a section between).
URL_DATE = re.compile(
    r"/((?:19|20)\d{2})(?:/[a-z_-]{2,30})?[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])"
    r"(?=[/_.-]|$)"
)
NOT_PUBLICATION = re.compile(
    r"(?:^|[\s_-])(?:last-?)?(?:modif\w*|updat\w*|edited|comments?|related|sidebar|footer|"
    r"widget|recommend\w*|popular|ticker|menu|today|current|clock|weather|prayer|teaser|"
    r"cards?|listing|expir\w*)(?:$|[\s_-])"
)
CAMEL_CASE = re.compile(r"([a-z0-9])([A-Z])")
DATE_CONTAINER = re.compile(
    r"date|time|publish|posted|byline|dateline|timestamp|created|meta|info|details",
    re.IGNORECASE,
)
# "Updated …", "آخر تحديث …" right before a date mark it as a modification date.
UPDATE_PREFIX = re.compile(r"(?:updat|modif|edited|تحديث|تعديل|عدل)[^\d]{0,25}$", re.IGNORECASE)
# Script-embedded page data (Next.js, Nuxt, escaped JSON-LD) that JSON parsing never sees.
EMBEDDED_DATE_PUBLISHED = re.compile(
    r"(?:datePublished|publishDate|publishedAt|published_at|publicationDate|"
    r"first_publication_date|date_posted|publish_date|pubDate)\\*[\"']\s*:\s*\\*[\"']"
    r"(\d{4}-\d{2}-\d{2})"
)
# Any other <meta> whose name speaks of publication, e.g. "w-published-date", "published".
PUBLICATION_META_NAME = re.compile(r"publish|pubdate|issued", re.IGNORECASE)
ANCESTOR_LEVELS = 4
TEXT_WINDOW = 1000
TEXT_BEFORE_HEADLINE = 300


@dataclass(frozen=True, slots=True)
class DateCandidate:
    source: str
    value: datetime


@dataclass(frozen=True, slots=True)
class PublicationDate:
    value: datetime | None
    source: str
    note: str | None


def publication_date(candidates: Iterable[DateCandidate], crawl_day: date) -> PublicationDate:
    """The first candidate inside [1990, crawl day]; the first rejection is kept as a note."""
    note: str | None = None
    for candidate in candidates:
        day = candidate.value.date()
        if day > crawl_day:
            reason = f"{candidate.source} date {day} rejected: after the crawl day {crawl_day}"
        elif day < EARLIEST_PUBLICATION:
            reason = f"{candidate.source} date {day} rejected: before 1990"
        else:
            return PublicationDate(candidate.value, candidate.source, note)
        note = note or reason
    return PublicationDate(None, "none", note)


def date_candidates(
    article: dict[str, Any] | None,
    head: HeadFields,
    root: etree._Element,
    url: str | None,
    html: str,
) -> Iterator[DateCandidate]:
    """Candidates lazily, most trusted first, so later sources are read only when needed."""
    if article is not None:
        yield from parsed("jsonld", [article.get("datePublished"), article.get("dateCreated")])
    yield from parsed("meta", [head.first(key) for key in PUBLICATION_META])
    yield from parsed("meta", microdata_dates(root))
    yield from parsed(
        "meta",
        [
            values[0]
            for key, values in head.meta.items()
            if PUBLICATION_META_NAME.search(key) and not not_publication(key)
        ],
    )
    embedded = EMBEDDED_DATE_PUBLISHED.search(html)
    if embedded:
        yield from parsed("jsonld", [embedded[1]])
    yield from parsed("time", time_dates(root))
    if url:
        match = URL_DATE.search(url)
        if match:
            yield from parsed("url", ["-".join(match.groups())])
    yield from (DateCandidate("text", value) for value in visible_dates(root))
    yield from parsed("text", [library_date(html, url)])


def parsed(source: str, values: Iterable[Any]) -> Iterator[DateCandidate]:
    for value in values:
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value.strip():
            moment = machine_datetime(value)
            if moment is not None:
                yield DateCandidate(source, moment)


def microdata_dates(root: etree._Element) -> Iterator[str]:
    for element in root.iterfind(".//*[@itemprop='datePublished']"):
        if element.tag == "time":
            continue
        yield element.get("content") or element.get("datetime") or element_text(element)


def time_dates(root: etree._Element) -> Iterator[str]:
    times = [t for t in root.iter("time") if t.get("datetime") and not excluded(t)]
    marked = [
        t
        for t in times
        if t.get("pubdate") is not None
        or t.get("itemprop") == "datePublished"
        or "publish" in (t.get("class") or "").lower()
    ]
    for element in marked or times:
        yield element.get("datetime") or ""


def excluded(element: etree._Element) -> bool:
    current: etree._Element | None = element
    for _ in range(ANCESTOR_LEVELS):
        if current is None:
            return False
        names = f"{current.get('class') or ''} {current.get('id') or ''}"
        if current.tag in {"footer", "nav"} or not_publication(names):
            return True
        current = current.getparent()
    return False


def not_publication(names: str) -> bool:
    return NOT_PUBLICATION.search(CAMEL_CASE.sub(r"\1-\2", names).lower()) is not None


def visible_dates(root: etree._Element) -> Iterator[datetime]:
    """Dates in date-like elements, then in the text around the headline; dates introduced
    as updates only when the page shows no other date."""
    texts = [
        element_text(element)
        for element in root.iter("span", "div", "p", "time", "small", "li", "strong", "em")
        if DATE_CONTAINER.search(f"{element.get('class') or ''} {element.get('id') or ''}")
        and not excluded(element)
    ]
    texts = [text for text in texts if len(text) <= TEXT_WINDOW]
    headline = first_headline(root)
    if headline is not None:
        texts.append(text_around(headline))
    updates: list[datetime] = []
    for text in texts:
        for offset, moment in text_dates(text):
            if UPDATE_PREFIX.search(text[max(0, offset - 40) : offset]):
                updates.append(moment)
            else:
                yield moment
    yield from updates


def first_headline(root: etree._Element) -> etree._Element | None:
    return next(root.iter("h1"), None)


def text_around(headline: etree._Element) -> str:
    """The text just before the headline (a kicker or dateline) and the text after it."""
    before = " ".join(preceding_text(headline)[-TEXT_BEFORE_HEADLINE:].split())
    return f"{before} {element_text(headline)} {following_text(headline)}"


def preceding_text(headline: etree._Element) -> str:
    pieces: list[str] = []
    size = 0
    current: etree._Element | None = headline
    while current is not None and size < TEXT_BEFORE_HEADLINE:
        for sibling in current.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and sibling.tag not in {"script", "style"}:
                text = element_text(sibling)
                pieces.insert(0, text)
                size += len(text)
                if size >= TEXT_BEFORE_HEADLINE:
                    break
        current = current.getparent()
    return " ".join(pieces)


def following_text(headline: etree._Element) -> str:
    """Up to TEXT_WINDOW characters of text after the headline, climbing out of its parents."""
    pieces: list[str] = [headline.tail or ""]
    size = 0
    current: etree._Element | None = headline
    while current is not None and size < TEXT_WINDOW:
        for sibling in current.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in {"script", "style"}:
                continue
            text = element_text(sibling)
            pieces.append(text)
            size += len(text)
            if size >= TEXT_WINDOW:
                break
        current = current.getparent()
    return " ".join(" ".join(pieces)[:TEXT_WINDOW].split())


def library_date(html: str, url: str | None) -> str | None:
    """htmldate's reading of the page, last: on the WCXB dev pages where it and the rules
    above disagree the rules are right 18 times to its 2, but it finds dates on pages where
    the rules find none (it reads markup patterns the rules do not). Its extensive search
    stays off: there it found 5 more right dates and 7 wrong ones, and a wrong date moves a
    mention to the wrong week."""
    try:
        return find_date(
            html,
            url=url,
            original_date=True,
            extensive_search=False,
            min_date=EARLIEST_PUBLICATION.isoformat(),
        )
    except ValueError:
        # lxml inside htmldate refuses control characters that the page parser tolerated; the
        # page then simply has no date from this source.
        return None


def today_utc() -> date:
    return datetime.now(UTC).date()
