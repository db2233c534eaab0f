"""The typed records the parse stage returns: one article, or the reason there is none."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

# 1.3.0: the body is decided by agreement between extractors (`etl/parse/agreement.py`); 1.4.0:
# plain prose stands alone; 1.5.0: the arbiter reads our pruned tree; 1.6.0: plain prose stands
# alone only under a root that is not split and holds most of the page's prose, and paragraphs
# beside the article need both other voters.
PARSER_VERSION = "parse-1.6.0"


@dataclass(frozen=True, slots=True)
class FieldNote:
    """Why a field of the article is empty: the field, and the error its reader met."""

    field: str
    reason: str


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    url: str | None
    canonical_url: str | None
    site_name: str | None
    domain: str | None
    original_publisher: str | None
    title: str | None
    published_at: datetime | None
    published_at_source: str
    published_at_note: str | None
    language: str | None
    authors: tuple[str, ...]
    body: str
    # How the body was decided (`etl/parse/agreement.py`): prose (our block scorer's body is plain
    # prose under an unsplit root holding most of the page's prose, so no other voter is asked;
    # from parse-1.4.0), agreement (our block scorer, and resiliparse holds the same text), vote
    # (trafilatura asked where they disagreed, two of three voters holding each paragraph, or
    # where our paragraphs beside the article need all three), own (our block scorer, another voter
    # abstaining), jsonld_article_body (the CMS's own copy, when the page shows less) or
    # trafilatura (when the vote found no article text). Rows parsed before parse-1.3.0 say
    # page_blocks.
    body_source: str
    charset: str
    # One note per field whose reader failed (the date's failures are in published_at_note).
    field_notes: tuple[FieldNote, ...] = ()


def article_fields(article: ParsedArticle) -> dict[str, object]:
    """The article's fields as plain values (lists and dicts, no tuples or records): the one
    shape the article frame and the CLI's JSON lines take them in."""
    fields = asdict(article)
    return {**fields, "authors": list(article.authors), "field_notes": list(fields["field_notes"])}


@dataclass(frozen=True, slots=True)
class ParseFailure:
    reason: str
    stage: str = "parse"
