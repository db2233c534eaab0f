"""parse_html: raw page bytes to a ParsedArticle, or a ParseFailure saying why not."""

from __future__ import annotations

from datetime import date

from etl.parse.body import article_body
from etl.parse.charset import UndecodableError, decode_html
from etl.parse.dates import date_candidates, publication_date, today_utc
from etl.parse.dom import jsonld_blocks, parse_document, prune
from etl.parse.head import head_fields
from etl.parse.jsonld import article_object, jsonld_objects, text_value
from etl.parse.language import detected_language
from etl.parse.library_body import library_paragraphs
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

# Below this, the body is most likely a teaser or a script-rendered shell; JSON-LD
# articleBody, when longer, is the CMS's own copy of the text, and trafilatura is asked next
# (its longer text wins only when it is a whole article, MIN_ARTICLE_CHARS or more).
MIN_BODY_CHARS = 200
# Shorter than this is a stub or a teaser, not an article whose mentions should count.
MIN_ARTICLE_CHARS = 80
# No news article is two million characters long; such a "body" is a dump, a log or an attack,
# and counting mentions in it would swamp a week's numbers.
MAX_BODY_CHARS = 2_000_000


def parse_html(
    raw: bytes,
    *,
    url: str | None = None,
    http_charset: str | None = None,
    crawl_date: date | None = None,
) -> ParsedArticle | ParseFailure:
    """Extract one article from raw HTML bytes; never raises."""
    try:
        return parse_document_bytes(raw, url, http_charset, crawl_date or today_utc())
    except UndecodableError as error:
        return ParseFailure(str(error))
    # The stage quarantines what it cannot read; one odd page must not stop a partition.
    except Exception as error:
        return ParseFailure(f"parser error: {type(error).__name__}: {error}")


def parse_document_bytes(
    raw: bytes, url: str | None, http_charset: str | None, crawl_day: date
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

    head = head_fields(text)
    article = article_object(jsonld_objects(jsonld_blocks(root)))
    canonical = canonical_url(head, article, url)
    domain = domain_of(canonical or url)
    headlines = headline_texts(root)
    site = site_name(head, article, headlines)
    title = best_title(head, article, headlines, site, domain)
    published = publication_date(date_candidates(article, head, root, url, text), crawl_day)

    prune(root)
    paragraphs, body_source = article_body(root, title), "page_blocks"
    if len("".join(paragraphs)) < MIN_BODY_CHARS and article:
        fallback = clean_text(text_value(article.get("articleBody")))
        if fallback and len(fallback) > len("".join(paragraphs)):
            paragraphs = [p.strip() for p in fallback.split("\n") if p.strip()]
            body_source = "jsonld_article_body"
    if len("".join(paragraphs)) < MIN_BODY_CHARS:
        second_opinion = library_paragraphs(text)
        second_chars = len("".join(second_opinion))
        if second_chars >= MIN_ARTICLE_CHARS and second_chars > len("".join(paragraphs)):
            paragraphs, body_source = second_opinion, "trafilatura"
    if not paragraphs:
        return ParseFailure("no article text")
    publisher = original_publisher(paragraphs, article, site)
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
        language=detected_language(body, head.lang),
        authors=authors(head, article),
        body=body,
        body_source=body_source,
        charset=charset,
    )
