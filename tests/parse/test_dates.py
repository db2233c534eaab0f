"""Publication date: each source, its trust order, the Arabic month series and digits,
English formats, and rejection of impossible dates with a note."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from etl.parse.arabic_dates import arabic_dates
from etl.parse.date_strings import machine_datetime, text_dates

from .support import article_page, parsed

EGYPTIAN_MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
LEVANTINE_MONTHS = (
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
)


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

    early = parsed(page, crawl_date=date(2024, 5, 31))
    late = parsed(page, crawl_date=date(2024, 6, 1))

    assert early.published_at is None and early.published_at_note is not None
    assert late.published_at == datetime(2024, 6, 1, tzinfo=UTC)


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
    ],
)
def test_english_and_numeric_formats(text: str, expected: date) -> None:
    assert text_dates(text)[0][1].date() == expected


def test_machine_values_keep_the_publishers_calendar_day() -> None:
    assert machine_datetime("2020-12-01T00:30:00+03:00") == datetime(2020, 12, 1, tzinfo=UTC)
    assert machine_datetime("Tue, 04 Jul 2017 10:00:00 GMT") == datetime(2017, 7, 4, tzinfo=UTC)
    assert machine_datetime("20170704") == datetime(2017, 7, 4, tzinfo=UTC)
