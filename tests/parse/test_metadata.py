"""Title without the site name, site name, original publisher, authors, canonical URL."""

from __future__ import annotations

import pytest

from etl.parse.publisher import lead_in_publisher

from .support import article_page, parsed


def test_title_suffix_site_name_is_removed(parse_fixture) -> None:
    article = parse_fixture("aggregator_wordpress.html")

    assert article.title == "انطلاق الجولة الخامسة من أستانا بغياب رئيس وفد المعارضة"
    assert article.site_name == "It's Over 9000!"


def test_title_prefix_site_name_is_removed() -> None:
    page = (
        "<html><head><title>Levant Daily | Ceasefire holds in Idlib</title>"
        '<meta property="og:site_name" content="Levant Daily"></head><body>'
        "<p>The ceasefire announced last week held across Idlib province on Sunday,"
        " monitors said, with no air strikes reported for a third day.</p></body></html>"
    )

    article = parsed(page)

    assert article.title == "Ceasefire holds in Idlib"
    assert article.site_name == "Levant Daily"


def test_headline_equal_to_a_title_part_is_preferred(parse_fixture) -> None:
    assert parse_fixture("wire_english.html").title == ("Syrian army advances near Deraa as talks stall")


def test_site_name_from_open_graph_and_json_ld(parse_fixture) -> None:
    assert parse_fixture("jsonld_arabic.html").site_name == "شبكة الشام الإخبارية"
    assert parse_fixture("english_jsonld_cookie.html").site_name == "The Gulf Ledger"


@pytest.mark.parametrize(
    ("lead", "publisher"),
    [
        ("بلدي نيوز - (متابعات)", "بلدي نيوز"),
        ("دمشق (رويترز) - قالت مصادر إن المحادثات ستستأنف الأسبوع المقبل في جنيف", "رويترز"),
        ("LONDON (Reuters) - Oil prices rose on Tuesday after the talks stalled again.", "Reuters"),
        ("دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة أن فصائل مسلحة سيطرت على مستودعات", "CNN"),
    ],
)
def test_lead_in_attributions(lead: str, publisher: str) -> None:
    assert lead_in_publisher([lead, "The article continues here."]) == publisher


def test_source_line_names_the_original_publisher() -> None:
    paragraphs = ["نص الخبر الكامل عن المفاوضات في أستانا.", "المصدر: وكالة الأناضول"]

    assert lead_in_publisher(paragraphs) == "وكالة الأناضول"


def test_plain_first_paragraph_names_no_publisher() -> None:
    assert lead_in_publisher(["The talks resumed on Tuesday - officials said."]) is None


def test_wire_story_publisher_and_json_ld_source_organization(parse_fixture) -> None:
    assert parse_fixture("wire_english.html").original_publisher == "Reuters"
    assert parse_fixture("jsonld_arabic.html").original_publisher == "وكالة الأناضول"


def test_publisher_that_is_the_site_itself_is_not_an_original_publisher(parse_fixture) -> None:
    assert parse_fixture("english_jsonld_cookie.html").original_publisher is None


def test_authors_from_json_ld_and_meta(parse_fixture) -> None:
    assert parse_fixture("jsonld_arabic.html").authors == ("أحمد الحلبي", "سارة يوسف")
    assert parse_fixture("wire_english.html").authors == ("Tom Perry", "Laila Bassam")


def test_canonical_url_is_resolved_against_the_page_url(parse_fixture) -> None:
    article = parse_fixture("english_jsonld_cookie.html", url="https://www.gulfledger.example/x?utm=1")

    assert article.canonical_url == "https://www.gulfledger.example/politics/qatar-donors-conference"
    assert article.url == "https://www.gulfledger.example/x?utm=1"
    assert article.domain == "gulfledger.example"


def test_url_falls_back_to_the_canonical_url(parse_fixture) -> None:
    article = parse_fixture("jsonld_arabic.html")

    assert article.url == "https://sham.example/news/2019/idlib-talks"
    assert article.domain == "sham.example"


def test_page_without_site_name_or_publisher() -> None:
    article = parsed(article_page(""))

    assert (article.site_name, article.original_publisher, article.authors) == (None, None, ())


def test_agency_in_parentheses_opening_the_story() -> None:
    assert lead_in_publisher(["(رويترز) اتفقت الدول الثلاث على إقامة أربع مناطق."]) == "رويترز"


def test_generic_agencies_credit_names_no_publisher() -> None:
    assert lead_in_publisher(["نص الخبر عن حزب الله.", "المصدر: وكالات"]) is None
