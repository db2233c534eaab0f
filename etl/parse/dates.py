"""The publication date: candidates from each source in order of trust, the first valid wins.

Order and why: JSON-LD `datePublished` and publication <meta> tags (then microdata and a
`datePublished`-style key in script-embedded page data, labelled jsonld) are written by the
CMS for machines and name publication explicitly, never modification; a <time> element
marked as the publication time, else the first one outside update, comment and related
blocks, is next; a full date in the URL path is set once at publication and never moves;
visible text (date-like elements, then the text around the headline, a date introduced as
the original publication first and update-labelled dates last) comes after because pages
also show "today", update and related-article dates; htmldate's own reading closes the list,
also labelled text.

Two cross-checks between sources. A structured value written in UTC takes the URL's day when
the two are one time zone apart, since the CMS dates the URL on the publisher's clock. And the
byline date, when it is earlier than a structured value and no time zone explains the gap,
comes first (labelled text): a page cannot have been published after the date it shows for
itself, so the structured value is a re-save or migration stamp (several CMSs fill
`datePublished` with the last save), and an earlier date can never be an update. A byline date
later than the structured one is not taken: on the WCXB dev pages that would fix 8 (mostly
modification dates shown as the byline) and break 9.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from htmldate import find_date
from lxml import etree

from etl.parse.date_strings import (
    ambiguous_numeric,
    machine_datetime,
    publisher_days,
    stated_moment,
    text_dates,
    utc_midnight,
)
from etl.parse.head import HeadFields

EARLIEST_PUBLICATION = date(1990, 1, 1)
# The first and last years a date type can hold, and the Unix epoch: what a CMS writes when
# the real value is missing ("0001-01-01T00:00:00Z", "9999-12-31", a zero timestamp).
PLACEHOLDER_YEARS = frozenset({1, 9999})
EPOCH_ZERO = date(1970, 1, 1)
# A publisher east of the crawler is already on the next day; the day after that is not news.
FUTURE_ALLOWANCE = timedelta(days=1)
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
    r"widget|recommend\w*|popular|ticker|menu|todays?|current|clock|weather|prayer|teaser|"
    r"cards?|listing|expir\w*)(?:$|[\s_-])"
)
CAMEL_CASE = re.compile(r"([a-z0-9])([A-Z])")
# The lookahead names every word's first letter (as PUBLICATION_LABEL below): most class names
# of a page are new to the cache in names_say_date, and this search over them was a third of
# reading the visible dates.
DATE_CONTAINER = re.compile(
    r"(?=[bcdimpt])(?:date|time|publish|posted|byline|dateline|timestamp|created|meta|info|details)",
    re.IGNORECASE,
)
MODIFICATION_MARK = re.compile(r"updat|modif", re.IGNORECASE)
PUBLICATION_MARK = re.compile(r"publish", re.IGNORECASE)
# "Updated …", "آخر تحديث …" right before a date mark it as a modification date.
UPDATE_PREFIX = re.compile(r"(?:updat|modif|edited|تحديث|تعديل|عدل)[^\d]{0,25}$", re.IGNORECASE)
# "Originally published …", "First posted …": the first publication of a re-dated page.
ORIGINAL_PREFIX = re.compile(
    r"(?:originally|first)\s+(?:published|posted|appeared)[^\d]{0,25}$", re.IGNORECASE
)
# Text nodes a reader sees: not the code or styles that pages embed among their elements.
# A label that says the date after it is the publication's, in the languages of the dev and
# held-out news: "Datum: 03.11.2021", "Published on 4 May 2024", "تاريخ النشر: …".
# The lookahead names every label's first letter: the engine then skips ahead to those letters
# instead of trying each alternative at every position of a page's text (3x faster, same matches).
PUBLICATION_LABEL = re.compile(
    r"(?=[dpveتنش])"
    r"(?:\bdatum|\bdate|\bpublished|\bposted|veröffentlicht|publié|publicado|pubblicato|erschienen|"
    r"تاريخ النشر|نشر في|نشر بتاريخ|تاریخ انتشار|تاریخ|شائع)"
    r"\s*(?:on|am|vom|le|el|il|den)?\s*:?\s*",
    re.IGNORECASE,
)
# How far after its label a date is read, and how far from the label's end it may start.
LABELLED_DATE_WINDOW = 60
LABEL_GAP = 3
NOT_SHOWN = frozenset({"script", "style", "noscript", "template"})
# Comments and processing instructions end a text node, and their tails are text.
WALK_EVENTS = ("start", "end", "comment", "pi")
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
# The headline, standfirst and byline: the page's own date, when it shows one, is here.
BYLINE_WINDOW = 600
# A byline date sits in a short text node of its own; a longer node is prose, and so is a
# node whose sentence runs on after the year ("Am Sonntag, 5. November 2023, kurz nach …", a
# sentence cut by a link or bold text).
BYLINE_NODE = 80
SENTENCE_AFTER_YEAR = re.compile(r"\d{4},\s+[^\W\d_A-ZÄÖÜÀ-Þ]")


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
    """The first candidate that can be a publication day; the first rejection is kept as a note."""
    note: str | None = None
    for candidate in candidates:
        reason = rejection(candidate.value.date(), crawl_day)
        if reason is None:
            return PublicationDate(candidate.value, candidate.source, note)
        note = note or f"{candidate.source} date {candidate.value.date()} rejected: {reason}"
    return PublicationDate(None, "none", note)


def rejection(day: date, crawl_day: date) -> str | None:
    """Why the day cannot be the publication day, or None when it can."""
    if day.year in PLACEHOLDER_YEARS or day == EPOCH_ZERO:
        return "a placeholder, not a date"
    if day < EARLIEST_PUBLICATION:
        return "before 1990"
    if day > crawl_day + FUTURE_ALLOWANCE:
        return f"more than a day after the crawl day {crawl_day}"
    return None


def date_candidates(
    article: dict[str, Any] | None,
    head: HeadFields,
    root: etree._Element,
    url: str | None,
    html: str,
    crawl_day: date,
) -> Iterator[DateCandidate]:
    """Candidates lazily, most trusted first, so later sources are read only when needed."""
    url_day = url_date(url)
    shown: list[date | None] = []
    for candidate, days in structured_dates(article, head, root, html, url_day):
        # A placeholder or impossible value says nothing about a re-save: it is rejected on its
        # own, and the next structured value is the one the byline is compared with.
        if rejection(candidate.value.date(), crawl_day) is not None:
            yield candidate
            continue
        if not shown:
            shown.append(byline_day(root))
        # A publication is never later than a date the page itself shows for the story, so a
        # structured value after the byline date is a re-save or a migration stamp; an update
        # is never earlier than the publication, so the byline date here is no update date.
        if shown[0] is not None and shown[0] < candidate.value.date() and shown[0] not in days:
            yield DateCandidate("text", midnight(shown[0]))
        yield candidate
    for candidate, _ in parsed("time", time_dates(root), url_day):
        yield candidate
    if url_day is not None:
        yield DateCandidate("url", midnight(url_day))
    yield from (DateCandidate("text", value) for value in visible_dates(root))
    yield from (DateCandidate("text", value) for value in labelled_dates(root))
    for candidate, _ in parsed("text", [library_date(html, url)], url_day):
        yield candidate


def structured_dates(
    article: dict[str, Any] | None,
    head: HeadFields,
    root: etree._Element,
    html: str,
    url_day: date | None,
) -> Iterator[tuple[DateCandidate, frozenset[date]]]:
    """JSON-LD, publication <meta>, microdata and page-data dates, each with the days its
    publisher may have printed for it."""
    article_values = [article.get("datePublished"), article.get("dateCreated")] if article is not None else []
    meta_values = [head.first(key) for key in PUBLICATION_META]
    local_days = publisher_local_days([*article_values, *meta_values])
    yield from parsed("jsonld", article_values, url_day, local_days)
    yield from parsed("meta", meta_values, url_day, local_days)
    yield from parsed("meta", microdata_dates(root), url_day)
    named = [
        values[0]
        for key, values in head.meta.items()
        if PUBLICATION_META_NAME.search(key) and not not_publication(key)
    ]
    yield from parsed("meta", named, url_day)
    embedded = EMBEDDED_DATE_PUBLISHED.search(html)
    if embedded:
        yield from parsed("jsonld", [embedded[1]], url_day)


def url_date(url: str | None) -> date | None:
    match = URL_DATE.search(url) if url else None
    if match is None:
        return None
    moment = utc_midnight(int(match[1]), int(match[2]), int(match[3]))
    return moment.date() if moment else None


def midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def publisher_local_days(values: Iterable[Any]) -> dict[datetime, date]:
    """The publisher's own day of each instant that a structured value states with a non-zero
    UTC offset: the same instant written elsewhere on the page in UTC belongs to that day
    ("2019-10-18T22:04:00Z" in JSON-LD, "Sat, 19 Oct 2019 00:04:00 +0200" in a <meta>)."""
    local_days: dict[datetime, date] = {}
    for value in values:
        moment = stated_moment(value) if isinstance(value, str) else None
        if moment is not None and moment.utcoffset():
            local_days[moment.astimezone(UTC)] = moment.date()
    return local_days


def parsed(
    source: str, values: Iterable[Any], url_day: date | None, local_days: dict[datetime, date] | None = None
) -> Iterator[tuple[DateCandidate, frozenset[date]]]:
    """Each value's day; a value written in UTC takes its publisher's day: the day another
    structured value gives the same instant in the publisher's offset, else the URL's day when
    that is one of the days its publisher may have printed (the CMS dates the URL on the
    publisher's clock)."""
    for value in values:
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value.strip():
            moment = machine_datetime(value)
            if moment is not None:
                days = publisher_days(value)
                instant = stated_moment(value) if local_days and len(days) > 1 else None
                if instant is not None and instant.astimezone(UTC) in local_days:
                    moment = midnight(local_days[instant.astimezone(UTC)])
                elif url_day is not None and url_day != moment.date() and url_day in days:
                    moment = midnight(url_day)
                yield DateCandidate(source, moment), days


def microdata_dates(root: etree._Element) -> Iterator[str]:
    for element in root.iterfind(".//*[@itemprop='datePublished']"):
        if element.tag == "time":
            continue
        yield element.get("content") or element.get("datetime") or visible_text(element)


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


# Pages repeat a few hundred class strings over thousands of elements: each is read once.
@functools.lru_cache(maxsize=8192)
def not_publication(names: str) -> bool:
    return NOT_PUBLICATION.search(CAMEL_CASE.sub(r"\1-\2", names).lower()) is not None


@functools.lru_cache(maxsize=8192)
def names_say_date(names: str) -> bool:
    return DATE_CONTAINER.search(names) is not None


def visible_dates(root: etree._Element) -> Iterator[datetime]:
    """Dates in date-like elements, then in the text around the headline; a date introduced
    as the original publication first, dates introduced as updates only when the page shows
    no other date."""
    named = [
        element
        for element in root.iter("span", "div", "p", "time", "small", "li", "strong", "em")
        if names_say_date(f"{element.get('class') or ''} {element.get('id') or ''}")
    ]
    hidden = [element for element in named if excluded(element)]
    # Whitespace folded, so that a label and its date are as close as they look on screen.
    texts = [" ".join(shown_text(element, hidden).split()) for element in named if element not in hidden]
    texts = [text for text in texts if len(text) <= TEXT_WINDOW]
    headline = first_headline(root)
    if headline is not None:
        around = " ".join(text_around(headline).split())
        for element in hidden:
            hidden_text = " ".join(visible_text(element).split())
            if hidden_text and text_dates(hidden_text):
                around = around.replace(hidden_text, " ")
        texts.append(around)
    originals: list[datetime] = []
    others: list[datetime] = []
    updates: list[datetime] = []
    for text in texts:
        for offset, moment in text_dates(text):
            before = text[max(0, offset - 40) : offset]
            if ORIGINAL_PREFIX.search(before):
                originals.append(moment)
            elif UPDATE_PREFIX.search(before):
                updates.append(moment)
            else:
                others.append(moment)
    yield from originals
    yield from others
    yield from updates


def labelled_dates(root: etree._Element) -> Iterator[datetime]:
    """Dates anywhere in the page's visible text that a publication label introduces; only the
    few characters after each label are read, since a whole page's text is long."""
    text = " ".join(visible_text(root).split())
    for label in PUBLICATION_LABEL.finditer(text):
        after = text[label.end() : label.end() + LABELLED_DATE_WINDOW]
        for offset, moment in text_dates(after):
            if offset <= LABEL_GAP:
                yield moment
            break


def shown_text(element: etree._Element, hidden: list[etree._Element]) -> str:
    """The element's visible text without that of excluded date elements inside it, such as a
    "today" widget inside a block whose name says date."""
    text = visible_text(element)
    for inner in hidden:
        if element in inner.iterancestors():
            text = text.replace(visible_text(inner), " ")
    return text


def visible_text(element: etree._Element) -> str:
    """Text nodes joined by spaces: separate nodes are separate words on screen
    ("Published" and "October 14, 2025" in two <div>s), whatever the markup's whitespace."""
    return " ".join(visible_text_nodes(element))


def visible_text_nodes(element: etree._Element) -> list[str]:
    """The element's text nodes in document order, less those directly inside a script, style,
    noscript or template element. A walk in Python: an XPath query for the same nodes cost
    twice as much, being set up anew for each of the many small date and byline elements."""
    nodes: list[str] = []
    for event, node in etree.iterwalk(element, events=WALK_EVENTS):
        if event == "start":
            if node.tag not in NOT_SHOWN and node.text is not None:
                nodes.append(node.text)
        # A node's tail belongs to its parent and follows the node's whole subtree.
        elif node is not element and node.tail is not None and parent_shown(node):
            nodes.append(node.tail)
    return nodes


def parent_shown(node: etree._Element) -> bool:
    parent = node.getparent()
    return parent is not None and parent.tag not in NOT_SHOWN


def byline_day(root: etree._Element) -> date | None:
    """The first date shown on its own after the headline (a byline or dateline; not a date in
    the headline or in a sentence of the standfirst, which name events) that is not introduced
    as an update and reads only one way."""
    headline = first_headline(root)
    if headline is None:
        return None
    text = ""
    for node in following_nodes(headline):
        if len(text) >= BYLINE_WINDOW:
            break
        node = " ".join(node.split())
        start = len(text) + 1
        text = f"{text} {node}"
        if len(node) > BYLINE_NODE or SENTENCE_AFTER_YEAR.search(node):
            continue
        for offset, moment in text_dates(text[start:]):
            before = text[max(0, start + offset - 40) : start + offset]
            if not UPDATE_PREFIX.search(before) and not ambiguous_numeric(text[start:], offset):
                return moment.date()
    return None


def first_headline(root: etree._Element) -> etree._Element | None:
    return next(root.iter("h1"), None)


def text_around(headline: etree._Element) -> str:
    """The text just before the headline (a kicker or dateline) and the text after it."""
    before = " ".join(preceding_text(headline)[-TEXT_BEFORE_HEADLINE:].split())
    return f"{before} {visible_text(headline)} {following_text(headline)}"


def preceding_text(headline: etree._Element) -> str:
    pieces: list[str] = []
    size = 0
    current: etree._Element | None = headline
    while current is not None and size < TEXT_BEFORE_HEADLINE:
        for sibling in current.itersiblings(preceding=True):
            if isinstance(sibling.tag, str) and sibling.tag not in {"script", "style"}:
                text = visible_text(sibling)
                pieces.insert(0, text)
                size += len(text)
                if size >= TEXT_BEFORE_HEADLINE:
                    break
        current = current.getparent()
    return " ".join(pieces)


def following_text(headline: etree._Element) -> str:
    """Up to TEXT_WINDOW characters of text after the headline, climbing out of its parents."""
    return " ".join(" ".join(following_nodes(headline))[:TEXT_WINDOW].split())


def following_nodes(headline: etree._Element) -> list[str]:
    """The visible text nodes after the headline, up to about TEXT_WINDOW characters."""
    nodes: list[str] = [headline.tail or ""]
    size = 0
    current: etree._Element | None = headline
    while current is not None and size < TEXT_WINDOW:
        for sibling in current.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag in {"script", "style"}:
                continue
            for text in text_nodes(sibling):
                nodes.append(text)
                size += len(text)
                if size >= TEXT_WINDOW:
                    return nodes
        current = current.getparent()
    return nodes


def text_nodes(element: etree._Element) -> Iterator[str]:
    """The visible text nodes inside the element, lazily: the sibling after a headline is
    often the whole article, of which only the start is read. The text of an element marked
    as the modification date is left out: next to the headline it would pass for the byline."""
    for node in element.iter():
        shown = isinstance(node.tag, str) and node.tag not in NOT_SHOWN
        if shown and node.text and not marks_modification(node):
            yield node.text
        if node is not element and node.tail:
            yield node.tail


def marks_modification(element: etree._Element) -> bool:
    """`itemprop="dateModified"` or a class such as "updated", unless the same element is also
    marked as the publication (WordPress writes "entry-date published updated")."""
    names = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('itemprop') or ''}"
    return MODIFICATION_MARK.search(names) is not None and PUBLICATION_MARK.search(names) is None


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
