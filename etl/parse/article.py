"""parse_html: raw page bytes to a ParsedArticle, or a ParseFailure saying why not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from lxml import etree

from etl.parse.agreement import Ballots, agreed_paragraphs, words
from etl.parse.charset import UndecodableError, decode_html
from etl.parse.dates import PublicationDate, date_candidates, publication_date, today_utc
from etl.parse.dom import hidden_text, jsonld_blocks, parse_document, prune
from etl.parse.fields import FieldReader, read_field
from etl.parse.head import HeadFields, head_fields
from etl.parse.jsonld import article_object, jsonld_objects, text_value
from etl.parse.language import detected_language
from etl.parse.metadata import (
    authors,
    best_title,
    canonical_url,
    clean_text,
    domain_of,
    headline_texts,
    site_name,
)
from etl.parse.publisher import attribution_line_publisher, original_publisher
from etl.parse.records import ParsedArticle, ParseFailure
from etl.parse.sniff import binary_reason
from etl.parse.voters import SECOND_OPINION, VotedPage

# Below this, the body is most likely a teaser or a script-rendered shell; JSON-LD
# articleBody, when longer, is the CMS's own copy of the text, and trafilatura is asked next
# (its longer text wins only when it is a whole article, MIN_ARTICLE_CHARS or more).
MIN_BODY_CHARS = 200
# Shorter than this is a stub or a teaser, not an article whose mentions should count.
MIN_ARTICLE_CHARS = 80
# No news article is two million characters long; such a "body" is a dump, a log or an attack,
# and counting mentions in it would swamp a week's numbers.
MAX_BODY_CHARS = 2_000_000

# The ballots and the page's JSON-LD article object in; the body's paragraphs and its
# body_source out.
BodyRule = Callable[[Ballots, dict[str, Any] | None], tuple[list[str], str]]


def parse_html(
    raw: bytes,
    *,
    url: str | None = None,
    http_charset: str | None = None,
    crawl_date: date | None = None,
    body_rule: BodyRule | None = None,
) -> ParsedArticle | ParseFailure:
    """Extract one article from raw HTML bytes; never raises. `body_rule` decides the body from
    the voters' ballots (`body_paragraphs` unless given: the benchmarks pass one voter alone)."""
    try:
        day = crawl_date or today_utc()
        return parse_document_bytes(raw, url, http_charset, day, body_rule or body_paragraphs)
    except UndecodableError as error:
        return ParseFailure(str(error))
    # A last resort for what no field reader owns (the DOM, the body): the stage quarantines
    # what it cannot read, and one odd page must not stop a partition. Field readers never
    # get here; their failures stay in their fields.
    except Exception as error:
        return ParseFailure(f"parser error: {type(error).__name__}: {error}")


def body_paragraphs(ballots: Ballots, article: dict[str, Any] | None) -> tuple[list[str], str]:
    """The article's paragraphs and how they were decided (`body_source`)."""
    paragraphs, source = agreed_paragraphs(ballots)
    if text_length(paragraphs) < MIN_BODY_CHARS and article:
        fallback = clean_text(text_value(article.get("articleBody"))) or ""
        jsonld_paragraphs = [p.strip() for p in fallback.split("\n") if p.strip()]
        if text_length(jsonld_paragraphs) > text_length(paragraphs):
            paragraphs, source = jsonld_paragraphs, "jsonld_article_body"
    if text_length(paragraphs) < MIN_BODY_CHARS:
        second_opinion = ballots.of(SECOND_OPINION)
        chars = text_length(second_opinion)
        if chars >= MIN_ARTICLE_CHARS and chars > text_length(paragraphs):
            paragraphs, source = second_opinion, "trafilatura"
    return paragraphs, source


def text_length(paragraphs: list[str]) -> int:
    return sum(len(paragraph) for paragraph in paragraphs)


def parse_document_bytes(
    raw: bytes, url: str | None, http_charset: str | None, crawl_day: date, body_rule: BodyRule
) -> ParsedArticle | ParseFailure:
    if not raw.strip():
        return ParseFailure("empty document")
    binary = binary_reason(raw)
    if binary:
        return ParseFailure(binary)
    text, charset = decode_html(raw, http_charset)
    if not text.strip():
        return ParseFailure("empty document")
    root = parse_document(text)
    if root is None:
        return ParseFailure("no HTML elements in document")

    fields = FieldReader()
    head = fields.read("head", lambda: head_fields(text)) or HeadFields(None, None, None)
    article = fields.read("jsonld", lambda: article_object(jsonld_objects(jsonld_blocks(root))))
    canonical = fields.read("canonical_url", lambda: canonical_url(head, article, url))
    domain = fields.read("domain", lambda: domain_of(canonical or url))
    headlines = fields.read("headline", lambda: headline_texts(root)) or []
    site = fields.read("site_name", lambda: site_name(head, article, headlines))
    title = fields.read("title", lambda: best_title(head, article, headlines, site, domain))
    published = article_date(article, head, root, url, text, crawl_day)

    hidden = hidden_text(root)
    prune(root)
    headline_words = {" ".join(words(line)) for line in (title, *headlines) if line}
    ballots = Ballots(VotedPage(text, root, title), headline_words, hidden)
    paragraphs, body_source = body_rule(ballots, article)
    if not paragraphs:
        return ParseFailure("no article text")
    publisher = fields.read("original_publisher", lambda: original_publisher(paragraphs, article, site))
    if paragraphs and attribution_line_publisher(paragraphs[0]):
        paragraphs = paragraphs[1:]
    body = "\n\n".join(paragraphs)
    if not body:
        return ParseFailure("no article text")
    if len(body) < MIN_ARTICLE_CHARS:
        return ParseFailure(f"article text too short ({len(body)} characters)")
    if len(body) > MAX_BODY_CHARS:
        return ParseFailure(f"article text longer than {MAX_BODY_CHARS} characters ({len(body)})")

    return ParsedArticle(
        url=url or canonical,
        canonical_url=canonical,
        site_name=site,
        domain=domain,
        original_publisher=publisher,
        title=title,
        published_at=published.value,
        published_at_source=published.source,
        published_at_note=published.note,
        language=fields.read("language", lambda: detected_language(body, head.lang)),
        authors=fields.read("authors", lambda: authors(head, article)) or (),
        body=body,
        body_source=body_source,
        charset=charset,
        field_notes=tuple(fields.notes),
    )


def article_date(
    article: dict[str, Any] | None,
    head: HeadFields,
    root: etree._Element,
    url: str | None,
    html: str,
    crawl_day: date,
) -> PublicationDate:
    """The publication date; a failure to read it leaves it empty with the reason as its note."""
    published, reason = read_field(
        lambda: publication_date(date_candidates(article, head, root, url, html, crawl_day), crawl_day)
    )
    return published or PublicationDate(None, "none", f"date reading failed: {reason}")
