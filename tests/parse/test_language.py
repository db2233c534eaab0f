"""Language comes from the body text; a wrong CMS lang attribute does not decide it."""

from __future__ import annotations

from etl.parse.language import detected_language


def test_arabic_body_under_an_english_lang_attribute(parse_fixture) -> None:
    article = parse_fixture("aggregator_wordpress.html")

    assert article.language == "ar"


def test_english_body_under_an_arabic_lang_attribute(parse_fixture) -> None:
    assert parse_fixture("english_jsonld_cookie.html").language == "en"


def test_too_little_text_falls_back_to_the_lang_hint() -> None:
    assert detected_language("نعم", "ar-SY") == "ar"
    assert detected_language("", None) is None
