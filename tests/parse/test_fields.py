"""A field's failure stays in its field: placeholder and impossible dates are passed over for the
next candidate, and pathological titles, authors, URLs and languages leave that one field empty
with a reason, never quarantine the article."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.parse import ParsedArticle, parse_html
from etl.parse.article_frame import ARTICLE_SCHEMA, _article_row
from etl.parse.fields import MAX_REASON_CHARS, FieldReader, read_field

from .support import ARTICLE_PARAGRAPHS, CRAWL_DAY, article_page, parsed

# (value a page writes, what the note must say): year 1 and 9999 overflowed the time-zone
# arithmetic and quarantined the whole article before the fix.
IMPOSSIBLE_DATES = {
    "year one": ("0001-01-01T00:00:00Z", "0001-01-01 rejected: a placeholder"),
    "epoch zero": ("1970-01-01T00:00:00+00:00", "1970-01-01 rejected: a placeholder"),
    "year 9999": ("9999-12-31T23:59:59Z", "9999-12-31 rejected: a placeholder"),
    "before 1990": ("1989-11-09T18:00:00Z", "1989-11-09 rejected: before 1990"),
    "two days after the crawl": ("2026-11-30T08:00:00Z", "more than a day after the crawl day 2026-11-28"),
}


def jsonld(value: object) -> str:
    block = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", **value})  # type: ignore[dict-item]
    return f'<script type="application/ld+json">{block}</script>'


def published_meta(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


@pytest.mark.parametrize("case", IMPOSSIBLE_DATES)
def test_impossible_jsonld_date_gives_way_to_the_meta_date(case: str) -> None:
    value, reason = IMPOSSIBLE_DATES[case]
    head = jsonld({"datePublished": value}) + published_meta("2019-04-12T09:30:00+02:00")

    article = parsed(article_page("", head=head))

    assert article.published_at == datetime(2019, 4, 12, tzinfo=UTC)
    assert article.published_at_source == "meta"
    assert article.published_at_note is not None
    assert article.published_at_note.startswith("jsonld date") and reason in article.published_at_note


@pytest.mark.parametrize("case", IMPOSSIBLE_DATES)
def test_impossible_meta_date_gives_way_to_the_time_element(case: str) -> None:
    value, reason = IMPOSSIBLE_DATES[case]
    time = '<p class="posted"><time datetime="2019-04-12">April 12, 2019</time></p>'

    article = parsed(article_page(time, head=published_meta(value)))

    assert article.published_at == datetime(2019, 4, 12, tzinfo=UTC)
    assert article.published_at_source == "time"
    assert article.published_at_note is not None
    assert article.published_at_note.startswith("meta date") and reason in article.published_at_note


@pytest.mark.parametrize("source", ["jsonld", "meta"])
@pytest.mark.parametrize("case", IMPOSSIBLE_DATES)
def test_impossible_date_alone_leaves_the_date_empty_with_the_reason(case: str, source: str) -> None:
    value, reason = IMPOSSIBLE_DATES[case]
    head = jsonld({"datePublished": value}) if source == "jsonld" else published_meta(value)

    article = parsed(article_page("", head=head))

    assert article.published_at is None
    assert article.published_at_source == "none"
    assert article.published_at_note is not None and reason in article.published_at_note
    assert article.body.startswith(ARTICLE_PARAGRAPHS[0])


def test_a_placeholder_in_every_source_with_a_valid_url_date() -> None:
    head = jsonld(
        {"datePublished": "0001-01-01T00:00:00Z", "dateCreated": "9999-12-31T23:59:59Z"}
    ) + published_meta("0001-01-01T00:00:00Z")

    article = parsed(article_page("", head=head), url="https://news.example/2019/04/12/talks-resume")

    assert (article.published_at, article.published_at_source) == (datetime(2019, 4, 12, tzinfo=UTC), "url")
    assert article.published_at_note == "jsonld date 0001-01-01 rejected: a placeholder, not a date"


def pathological_page(head: str, *, lang: str = "en") -> str:
    return article_page("", head=head).replace("<html>", f'<html lang="{lang}">', 1)


def test_malformed_canonical_urls_leave_the_canonical_url_empty_with_the_reason() -> None:
    head = '<link rel="canonical" href="http://[::1"><meta property="og:url" content="http://x:99999/story">'

    article = parsed(pathological_page(head), url="https://news.example/story")

    assert article.canonical_url is None
    assert article.domain == "news.example"
    assert [note.field for note in article.field_notes] == ["canonical_url"]
    assert "Invalid IPv6 URL" in article.field_notes[0].reason
    assert article.field_notes[0].reason.startswith("ValueError: malformed URL 'http://[::1'")


def test_a_malformed_canonical_url_is_passed_over_for_the_next_one() -> None:
    head = '<link rel="canonical" href="http://x:99999/story"><meta property="og:url" content="/2019/story">'

    article = parsed(pathological_page(head), url="https://news.example/story")

    assert article.canonical_url == "https://news.example/2019/story"
    assert article.field_notes == ()


def test_a_malformed_page_url_leaves_only_the_url_fields_empty() -> None:
    head = jsonld({"headline": "Talks resume", "author": {"name": "Jane Doe"}})

    article = parsed(pathological_page(head), url="http://[::1/2019/04/12/story")

    assert (article.canonical_url, article.domain) == (None, None)
    assert [note.field for note in article.field_notes] == ["domain"]
    assert "Invalid IPv6 URL" in article.field_notes[0].reason
    assert (article.title, article.authors) == ("Test headline", ("Jane Doe",))


def test_pathological_jsonld_values_cost_only_their_own_fields() -> None:
    head = jsonld(
        {
            "@type": ["NewsArticle", 7, {"@id": "x"}, None],
            "headline": {"name": [{"@value": 12}, "ignored"]},
            "author": [{"name": {"name": {"name": ["Jane \udc00Doe"]}}}, 42, None, [["John Roe"]]],
            "publisher": [[], {"name": 1e308}],
            "datePublished": ["0001-01-01T00:00:00Z", "2019-04-12"],
            "url": "http://[::1",
            "mainEntityOfPage": {"@id": ["http://x:99999"]},
        }
    )
    head += '<meta property="og:title" content="Talks resume in Astana - Example News">'

    article = parsed(pathological_page(head, lang="\U0001f4a5-??_x"), url="https://news.example/a")

    assert article.title == "Test headline"
    assert article.authors == ("Jane \ufffdDoe", "John Roe")
    assert article.language == "en"
    assert article.published_at is None and "a placeholder" in (article.published_at_note or "")
    assert [note.field for note in article.field_notes] == ["canonical_url"]
    # Every text field can be stored: a lone surrogate used to fail the whole frame.
    pl.DataFrame([_article_row(ROW, article)], schema=ARTICLE_SCHEMA)


ROW = {"batch_id": "2026-11-28", "source_path": "a.html", "input_id": "0" * 64}


def test_a_field_reader_that_raises_leaves_its_field_empty_with_the_reason() -> None:
    fields = FieldReader()

    title = fields.read("title", lambda: {"headline": "x"}["name"])
    site = fields.read("site_name", lambda: "Example News")

    assert (title, site) == (None, "Example News")
    assert [(note.field, note.reason) for note in fields.notes] == [("title", "KeyError: 'name'")]
    value, reason = read_field(lambda: date.fromisoformat("x" * 1000))
    assert value is None and reason is not None
    assert reason.startswith("ValueError: Invalid isoformat string: 'xxx") and len(reason) == MAX_REASON_CHARS


JSON_KEYS = st.sampled_from(["name", "@value", "@id", "@type", "url"]) | st.text(max_size=5)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(JSON_KEYS, children),
    max_leaves=12,
)
JSONLD_FIELDS = ("@type", "headline", "author", "publisher", "datePublished", "url", "mainEntityOfPage")
# Lone surrogates cannot be written to a page's bytes at all (`.encode()` fails before parsing).
ATTRIBUTE = st.text(alphabet=st.characters(exclude_characters='"&<', exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.fixed_dictionaries({}, optional=dict.fromkeys(JSONLD_FIELDS, JSON_VALUES)),
    canonical=ATTRIBUTE,
    published=ATTRIBUTE,
    lang=ATTRIBUTE,
    url=st.none() | ATTRIBUTE,
)
def test_no_field_value_quarantines_an_article(
    values: dict[str, object], canonical: str, published: str, lang: str, url: str | None
) -> None:
    block = json.dumps({"@type": "NewsArticle", **values})
    head = (
        f'<script type="application/ld+json">{block}</script>'
        f'<link rel="canonical" href="{canonical}">{published_meta(published)}'
    )

    outcome = parse_html(pathological_page(head, lang=lang).encode(), url=url, crawl_date=CRAWL_DAY)

    assert isinstance(outcome, ParsedArticle), outcome
    assert outcome.body.startswith(ARTICLE_PARAGRAPHS[0])
    pl.DataFrame([_article_row(ROW, outcome)], schema=ARTICLE_SCHEMA)
