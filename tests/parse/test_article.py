"""parse_html as a whole: the record it returns, the failures it reports, and that it never
raises, whatever the bytes."""

from __future__ import annotations

import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.parse import PARSER_VERSION, ParsedArticle, ParseFailure, parse_html


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty document"),
        (b"   \n\t  ", "empty document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary content (PNG signature)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "binary content (PDF signature)"),
        (b"PK\x03\x04\x14\x00\x00\x00", "binary content (ZIP signature)"),
        (b"\x1f\x8b\x08\x00" + zlib.compress(b"<html></html>"), "binary content (GZIP signature)"),
        (b"<html>" + b"\x00" * 500 + b"</html>", "binary content (500 NUL bytes"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
    ],
)
def test_unusable_input_is_a_parse_failure_with_a_reason(raw: bytes, reason: str) -> None:
    result = parse_html(raw)

    assert isinstance(result, ParseFailure)
    assert result.reason.startswith(reason)


def test_full_record_of_a_json_ld_news_page(parse_fixture) -> None:
    article = parse_fixture("jsonld_arabic.html")

    assert article.title == "روسيا وتركيا تبحثان الوضع في إدلب"
    assert article.language == "ar"
    assert article.charset == "utf-8"
    assert article.body.count("\n\n") == 3
    assert "أخبار متعلقة" not in article.body
    assert "اقرأ أيضا" not in article.body
    assert "إيران تعلن" not in article.body


def test_parser_version_names_the_stage() -> None:
    assert PARSER_VERSION.startswith("parse-")


@settings(max_examples=60, deadline=None, database=None)
@given(st.binary(max_size=2000))
def test_never_raises_on_arbitrary_bytes(raw: bytes) -> None:
    assert isinstance(parse_html(raw), ParsedArticle | ParseFailure)


@settings(max_examples=40, deadline=None, database=None)
@given(st.text(alphabet=st.sampled_from("<>/=\"' apbdivhtmlscript\n&#;ال"), max_size=400))
def test_never_raises_on_tag_soup(markup: str) -> None:
    assert isinstance(parse_html(markup.encode("utf-8")), ParsedArticle | ParseFailure)


PARAGRAPH = "The delegations met in Astana on Tuesday to discuss the ceasefire in Syria again."


def test_text_nested_deeper_than_libxml2_reads_is_still_extracted() -> None:
    page = "<html><body>" + "<div>" * 5000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 5000 + "</body>"

    result = parse_html(page.encode("utf-8"))

    assert isinstance(result, ParsedArticle)
    assert result.body == PARAGRAPH


def test_entities_declared_in_the_page_are_never_expanded() -> None:
    page = (
        b'<!DOCTYPE html [<!ENTITY leak SYSTEM "file:///etc/passwd">]><html><body><p>'
        + PARAGRAPH.encode()
        + b"</p><p>&leak;</p></body></html>"
    )

    result = parse_html(page)

    assert isinstance(result, ParsedArticle)
    assert "root:" not in result.body
    assert result.body.startswith(PARAGRAPH)


def test_a_failing_second_opinion_keeps_the_pages_own_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_extract(*args: object, **kwargs: object) -> str:
        raise ValueError("lxml refused the page")

    monkeypatch.setattr("etl.parse.library_body.trafilatura.extract", broken_extract)
    result = parse_html(b"<html><body><p>Short teaser about Astana.</p></body></html>")

    assert isinstance(result, ParseFailure)
    assert result.reason.startswith("article text too short")
