"""Publication date: each source, its trust order, the Arabic month series and digits,
English formats, and rejection of impossible dates with a note."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import etree

from etl.parse.arabic_dates import arabic_dates
from etl.parse.date_strings import machine_datetime, publisher_days, text_dates
from etl.parse.dates import visible_text
from sample_corpus.arabic_dates import EGYPTIAN_MONTHS, LEVANTINE_MONTHS

from .support import article_page, parsed


def day(result_page: str, url: str | None = None) -> tuple[date | None, str, str | None]:
    article = parsed(result_page, url=url)
    published = article.published_at.date() if article.published_at else None
    return published, article.published_at_source, article.published_at_note


def test_jsonld_date_published_wins_over_a_later_date_modified(parse_fixture) -> None:
    article = parse_fixture("jsonld_arabic.html")

    assert article.published_at == datetime(2019, 5, 14, tzinfo=UTC)
    assert article.published_at_source == "jsonld"


def test_meta_published_time_not_modified_time(parse_fixture) -> None:
    article = parse_fixture("aggregator_wordpress.html")

    assert article.published_at == datetime(2017, 7, 4, tzinfo=UTC)
    assert article.published_at_source == "meta"


def test_time_element_datetime(parse_fixture) -> None:
    article = parse_fixture("wire_english.html")

    assert article.published_at == datetime(2018, 6, 27, tzinfo=UTC)
    assert article.published_at_source == "time"


def test_time_element_of_an_update_is_skipped() -> None:
    page = article_page(
        '<p class="updated"><time datetime="2020-02-02">Feb 2</time></p>'
        '<p class="posted"><time datetime="2020-01-15">Jan 15</time></p>'
    )

    assert day(page) == (date(2020, 1, 15), "time", None)


def test_date_in_the_url_path() -> None:
    url = "https://news.example/2013/middle_east/8/3/syria.clashes/index.html"

    assert day(article_page(""), url=url) == (date(2013, 8, 3), "url", None)


def test_visible_levantine_date_in_a_windows_1256_page(parse_fixture) -> None:
    article = parse_fixture("arabic_visible_date.html", encoding="cp1256")

    assert article.published_at == datetime(2018, 2, 25, tzinfo=UTC)
    assert article.published_at_source == "text"


def test_today_widget_and_update_dates_are_not_the_publication_date(parse_fixture) -> None:
    article = parse_fixture("arabic_visible_date.html", encoding="cp1256")

    assert article.published_at.date() not in {date(2026, 11, 28), date(2018, 2, 27)}


def test_page_without_any_date() -> None:
    assert day(article_page("")) == (None, "none", None)


def test_future_date_is_rejected_with_a_reason_and_the_next_source_used() -> None:
    head = '<meta property="article:published_time" content="2031-01-01T10:00:00Z">'
    url = "https://news.example/2019/04/12/story"

    published, source, note = day(article_page("", head=head), url=url)

    assert (published, source) == (date(2019, 4, 12), "url")
    assert note is not None
    assert "2031-01-01" in note and "after the crawl day" in note


def test_date_before_1990_is_rejected_with_a_reason() -> None:
    head = '<meta property="article:published_time" content="1979-03-26">'

    published, source, note = day(article_page("", head=head))

    assert (published, source) == (None, "none")
    assert note is not None and "before 1990" in note


def test_crawl_date_decides_what_is_in_the_future() -> None:
    head = '<meta property="article:published_time" content="2024-06-01">'
    page = article_page("", head=head)

    early = parsed(page, crawl_date=date(2024, 5, 30))
    # A publisher east of the crawler may already be on the next day.
    day_before = parsed(page, crawl_date=date(2024, 5, 31))

    assert early.published_at is None and early.published_at_note is not None
    assert day_before.published_at == datetime(2024, 6, 1, tzinfo=UTC)


@pytest.mark.parametrize("month", range(1, 13))
def test_egyptian_month_names(month: int) -> None:
    found = arabic_dates(f"القاهرة في 4 {EGYPTIAN_MONTHS[month - 1]} 2017 - أعلنت الوزارة")

    assert [value for _, value in found] == [date(2017, month, 4)]


@pytest.mark.parametrize("month", range(1, 13))
def test_levantine_month_names(month: int) -> None:
    found = arabic_dates(f"دمشق، الثلاثاء 4 {LEVANTINE_MONTHS[month - 1]} 2017")

    assert [value for _, value in found] == [date(2017, month, 4)]


def test_arabic_indic_digits_and_paired_month_names() -> None:
    assert [v for _, v in arabic_dates("الثلاثاء ٤ تموز/يوليو ٢٠١٧")] == [date(2017, 7, 4)]
    assert [v for _, v in arabic_dates("٢٨ آب (أغسطس) ٢٠١٣")] == [date(2013, 8, 28)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published July 4, 2017", date(2017, 7, 4)),
        ("4 July 2017", date(2017, 7, 4)),
        ("Sept. 4th, 2017 at 10:00", date(2017, 9, 4)),
        ("2017-07-04 10:00", date(2017, 7, 4)),
        ("04/07/2017", date(2017, 7, 4)),
        ("07/24/2017", date(2017, 7, 24)),
        ("14. Februar 2012", date(2012, 2, 14)),
        ("Mise en ligne 23 mai 2019", date(2019, 5, 23)),
        ("3 de mayo de 2022", date(2022, 5, 3)),
        ("15 августа 2016, 13:43", date(2016, 8, 15)),
        ("۱۵ ژوئن ۲۰۲۴", date(2024, 6, 15)),
        ("آوریل 3, 2023", date(2023, 4, 3)),
        ("12 جولائی 2025", date(2025, 7, 12)),
        ("اپریل 9، 2024", date(2024, 4, 9)),
    ],
)
def test_english_and_numeric_formats(text: str, expected: date) -> None:
    assert text_dates(text)[0][1].date() == expected


def test_machine_values_keep_the_publishers_calendar_day() -> None:
    assert machine_datetime("2020-12-01T00:30:00+03:00") == datetime(2020, 12, 1, tzinfo=UTC)
    assert machine_datetime("Tue, 04 Jul 2017 10:00:00 GMT") == datetime(2017, 7, 4, tzinfo=UTC)
    assert machine_datetime("20170704") == datetime(2017, 7, 4, tzinfo=UTC)


def byline_page(byline: str, *, head: str = "", standfirst: str = "") -> str:
    """A headline, an optional standfirst and a byline block, then the story."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Talks resume</title>{head}
</head><body><main><article><h1>Talks resume</h1>{standfirst}
<div class="byline">{byline}</div>
<p>The first paragraph of the article reports that negotiators met in Astana on Tuesday.</p>
<p>The second paragraph adds that the delegations discussed de-escalation zones at length.</p>
<p>The third paragraph closes the story with the schedule of the next round of the talks.</p>
</article></main></body></html>"""


def jsonld_published(value: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Talks resume", '
        f'"datePublished": "{value}", "dateModified": "{value}"}}</script>'
    )


def test_byline_date_before_the_structured_date_is_the_publication() -> None:
    page = byline_page(
        "<span>By Dana Reyes</span> <span>March 3, 2024</span>",
        head=jsonld_published("2025-06-24T10:00:00Z"),
    )

    assert day(page) == (date(2024, 3, 3), "text", None)


def test_byline_date_after_the_structured_date_is_not_taken() -> None:
    page = byline_page(
        "<span>By Dana Reyes</span> <span>Nov 25, 2025</span>", head=jsonld_published("2024-08-29")
    )

    assert day(page) == (date(2024, 8, 29), "jsonld", None)


def test_byline_day_that_a_time_zone_explains_keeps_the_structured_day() -> None:
    page = byline_page("<span>July 4, 2025</span>", head=jsonld_published("2025-07-05T00:04:00Z"))

    assert day(page) == (date(2025, 7, 5), "jsonld", None)


def test_earlier_date_in_a_standfirst_sentence_is_not_a_byline() -> None:
    standfirst = (
        "<p>Negotiations that first opened on February 24, 2022 in the capital resumed this week "
        "with both delegations present.</p>"
    )
    page = byline_page(
        "<span>By Dana Reyes</span>", head=jsonld_published("2025-06-24"), standfirst=standfirst
    )

    assert day(page) == (date(2025, 6, 24), "jsonld", None)


def test_byline_date_that_reads_two_ways_does_not_contradict() -> None:
    page = byline_page("<span>8/1/2025</span>", head=jsonld_published("2025-08-01"))

    assert day(page) == (date(2025, 8, 1), "jsonld", None)


def test_update_labelled_byline_date_is_not_the_publication() -> None:
    page = byline_page("<span>Updated</span> <span>May 2, 2023</span>", head=jsonld_published("2024-01-10"))

    assert day(page) == (date(2024, 1, 10), "jsonld", None)


def test_utc_value_takes_the_day_of_the_url() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41+00:00">'
    url = "https://blog.example/2025/12/18/late-evening-post/"

    assert day(article_page("", head=head), url=url) == (date(2025, 12, 18), "meta", None)


def test_value_with_its_own_offset_keeps_its_day_against_the_url() -> None:
    head = '<meta property="article:published_time" content="2025-12-19T02:41:41-05:00">'
    url = "https://blog.example/2025/12/18/late-evening-post/"

    assert day(article_page("", head=head), url=url) == (date(2025, 12, 19), "meta", None)


def test_publisher_days_of_a_utc_moment_span_the_time_zones() -> None:
    assert publisher_days("2025-12-19T02:41:41Z") == {date(2025, 12, 18), date(2025, 12, 19)}
    assert publisher_days("2025-12-19T11:00:00+00:00") == {
        date(2025, 12, 18),
        date(2025, 12, 19),
        date(2025, 12, 20),
    }
    assert publisher_days("2025-12-19T02:41:41-05:00") == {date(2025, 12, 19)}
    assert publisher_days("2025-12-19") == {date(2025, 12, 19)}


def test_label_and_date_in_adjacent_elements_without_whitespace() -> None:
    page = article_page('<div class="post-meta"><div>Published</div><div>October 14, 2025</div></div>')

    assert day(page) == (date(2025, 10, 14), "text", None)


def test_year_followed_by_a_number_in_the_next_element() -> None:
    page = article_page('<div class="post-info"><p>Dec 17, 2025</p><p>6 min read</p></div>')

    assert day(page) == (date(2025, 12, 17), "text", None)


def test_script_inside_a_date_element_is_not_read() -> None:
    page = article_page(
        '<div class="article-meta"><script>var data = {"initialPublishDate": "2020-01-01"};</script>'
        "<span>May 5, 2024</span></div>"
    )

    assert day(page) == (date(2024, 5, 5), "text", None)


def test_todays_date_widget_inside_a_date_block_is_skipped() -> None:
    widget = '<div id="block-date"><p id="todays-date">Friday, December 19, 2025</p></div>'
    page = f"""<html><head><title>Taxes</title></head><body>{widget}<main><article>
<h1>Tax basics</h1><p>By the editors 12.12.2025</p>
<p>The first paragraph of the guide explains how the progressive tax system works in practice.</p>
<p>The second paragraph explains the difference between marginal and effective tax rates.</p>
</article></main></body></html>"""

    assert day(page) == (date(2025, 12, 12), "text", None)


def test_originally_published_date_comes_before_other_visible_dates() -> None:
    page = article_page(
        '<p class="meta-date">30 Sep 2022, 11:07am</p>'
        '<p class="publish-date-note">This article was originally published on 26 Sep 2019</p>'
    )

    assert day(page) == (date(2019, 9, 26), "text", None)


def test_update_label_far_from_its_date_in_the_markup_still_marks_it() -> None:
    indent = "\n" + " " * 40
    page = byline_page(
        f"<span>Page updated:{indent}</span><span>{indent}May 2, 2023{indent}</span>",
        head=jsonld_published("2024-01-10"),
    )

    assert day(page) == (date(2024, 1, 10), "jsonld", None)


def test_date_in_the_headline_is_not_a_byline() -> None:
    page = f"""<html><head><title>Anniversary</title>{jsonld_published("2024-01-10")}</head><body>
<article><h1>Three years after January 6, 2021</h1><div class="byline">By Dana Reyes</div>
<p>The first paragraph of the article reports that negotiators met in Astana on Tuesday.</p>
<p>The second paragraph adds that the delegations discussed de-escalation zones at length.</p>
</article></body></html>"""

    assert day(page) == (date(2024, 1, 10), "jsonld", None)


def test_date_after_a_publication_label_far_from_the_headline() -> None:
    filler = "".join(
        f"<p>Paragraph {n} of a long report on the talks, with enough words to read.</p>" for n in range(20)
    )
    page = (
        f"<html><body><article><h1>Headline</h1>{filler}"
        '<div class="infobox"><h5>Datum: </h5>03.11.2021</div></article></body></html>'
    )

    assert day(page) == (date(2021, 11, 3), "text", None)


def test_unlabelled_date_far_from_the_headline_is_not_taken() -> None:
    filler = "".join(
        f"<p>Paragraph {n} of a long report on the talks, with enough words to read.</p>" for n in range(20)
    )
    page = f"<html><body><article><h1>Headline</h1>{filler}<p>03.11.2021</p></article></body></html>"

    assert day(page) == (None, "none", None)


def test_utc_value_takes_the_day_another_value_gives_the_same_moment_in_local_time() -> None:
    """JSON-LD in UTC, the <meta> in the publisher's offset: the same instant, two days."""
    head = jsonld_published("2019-10-18T22:04:00Z") + (
        '<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">'
    )

    assert day(article_page("", head=head)) == (date(2019, 10, 19), "jsonld", None)


def test_utc_value_keeps_its_day_when_the_local_value_is_another_moment() -> None:
    head = jsonld_published("2019-10-18T22:04:00Z") + (
        '<meta name="date" content="Sat, 19 Oct 2019 09:30:00 +0200">'
    )

    assert day(article_page("", head=head)) == (date(2019, 10, 18), "jsonld", None)


def test_modification_time_next_to_the_headline_is_not_the_byline() -> None:
    """A post scheduled for the morning, last saved the day before: the saved day is shown in an
    element marked as the modification time and must not pass for an earlier byline."""
    byline = (
        '<time class="updated" datetime="2022-12-29T15:36:19+01:00" itemprop="dateModified">'
        "29. Dezember 2022</time>"
        '<time class="entry-date published" datetime="2022-12-30T07:00:40+01:00" '
        'itemprop="datePublished">30. Dezember 2022</time>'
    )
    page = byline_page(byline, head=jsonld_published("2022-12-30T07:00:40+01:00"))

    assert day(page) == (date(2022, 12, 30), "jsonld", None)


def test_earlier_date_in_a_sentence_cut_by_bold_text_is_not_a_byline() -> None:
    standfirst = (
        "<p>Am Sonntag, 5. November 2023, kurz nach 21.25 Uhr, wurde der <strong>Kantonspolizei "
        "Bern</strong> ein Verkehrsunfall auf der A6 bei Studen gemeldet.</p>"
    )
    page = byline_page("<span>06.11.2023 | 14:10</span>", head=jsonld_published("2023-11-06T13:10:22.000Z"))
    page = page.replace('<div class="byline">', f'{standfirst}<div class="byline">')

    assert day(page) == (date(2023, 11, 6), "jsonld", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24. April 2020 | Pressemitteilungen", date(2020, 4, 24)),
        ("Hamburg, 2. November 2021", date(2021, 11, 2)),
        ("Benni 10. September 2017", date(2017, 9, 10)),
    ],
)
def test_german_day_dot_before_a_month_written_as_in_english(text: str, expected: date) -> None:
    assert [found.date() for _, found in text_dates(text)] == [expected]


def test_german_press_release_dated_only_in_its_text() -> None:
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Eliasson gestaltet Titelseite</title>"
        "</head><body><main><h1>Olafur Eliasson gestaltet Titelseite für die deutschen Zeitungen</h1>"
        '<div class="date">24. April 2020 | Pressemitteilungen</div>'
        "<p>Der Künstler Olafur Eliasson gestaltet die Titelseite für die deutschen Zeitungen, die am "
        "kommenden Samstag mit einer gemeinsamen Aktion erscheinen.</p>"
        "<p>Die Zeitungsverleger wollen mit der Aktion auf die Bedeutung des Journalismus in der "
        "Krise aufmerksam machen.</p></main></body></html>"
    )

    assert day(page) == (date(2020, 4, 24), "text", None)


def test_visible_text_keeps_tails_and_skips_only_text_directly_in_hidden_elements() -> None:
    keep_comments = etree.HTMLParser(remove_comments=False)
    root = etree.fromstring(
        "<html><body><div id='d'>Published<!-- a comment -->on<script>var x;</script>"
        "<span>4 May</span>2024<noscript><p>Enable scripts</p>no script</noscript>"
        "<template>never</template>end</div></body></html>",
        keep_comments,
    )

    assert visible_text(root.find(".//div")) == "Published on 4 May 2024 Enable scripts end"


@pytest.mark.parametrize("text", ["Updated 5 minutes ago", "Issue 12, page 3", ""])
def test_text_without_a_four_digit_year_has_no_dates(text: str) -> None:
    assert text_dates(text) == []
