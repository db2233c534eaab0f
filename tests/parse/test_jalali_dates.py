"""Persian-calendar (Solar Hijri) dates: the arithmetic against known pairs, the forms Persian
news prints, and a page dated only in that calendar."""

from __future__ import annotations

from datetime import date

import pytest

from etl.parse.date_strings import machine_datetime, text_dates
from etl.parse.dates import rejection
from etl.parse.jalali_dates import gregorian_day, is_leap

from .support import parsed


@pytest.mark.parametrize(
    ("solar_hijri", "gregorian"),
    [
        ((1357, 11, 22), date(1979, 2, 11)),  # 22 Bahman 1357, the revolution's anniversary
        ((1370, 1, 1), date(1991, 3, 21)),
        ((1399, 1, 1), date(2020, 3, 20)),
        ((1399, 12, 30), date(2021, 3, 20)),  # last day of a leap year
        ((1402, 10, 11), date(2024, 1, 1)),
        ((1403, 1, 1), date(2024, 3, 20)),
        ((1403, 6, 31), date(2024, 9, 21)),
        ((1403, 7, 1), date(2024, 9, 22)),
        ((1403, 9, 12), date(2024, 12, 2)),
        ((1403, 12, 30), date(2025, 3, 20)),
        ((1404, 1, 1), date(2025, 3, 21)),
        ((1404, 9, 12), date(2025, 12, 3)),
    ],
)
def test_solar_hijri_days_convert_to_their_known_gregorian_days(
    solar_hijri: tuple[int, int, int], gregorian: date
) -> None:
    assert gregorian_day(*solar_hijri) == gregorian


def test_leap_years_follow_the_33_year_cycle_and_impossible_days_are_refused() -> None:
    assert [year for year in range(1395, 1410) if is_leap(year)] == [1395, 1399, 1403, 1408]
    assert gregorian_day(1404, 12, 30) is None  # 1404 is a common year: Esfand has 29 days
    assert gregorian_day(1403, 7, 31) is None  # the second half-year's months have 30 days
    assert gregorian_day(1403, 13, 1) is None


def test_persian_month_names_and_persian_digits_in_text() -> None:
    assert [d.date() for _, d in text_dates("سه‌شنبه ۱۲ آذر ۱۴۰۳ - ۱۰:۳۰")] == [date(2024, 12, 2)]
    assert [d.date() for _, d in text_dates("تهران - ۲۲ بهمن ماه ۱۴۰۲")] == [date(2024, 2, 11)]
    assert [d.date() for _, d in text_dates("۱ دی ۱۴۰۲")] == [date(2023, 12, 22)]
    assert [d.date() for _, d in text_dates("۱ دي ۱۴۰۲")] == [date(2023, 12, 22)]  # Arabic yeh


def test_numeric_solar_hijri_dates_in_text_and_machine_values() -> None:
    assert [d.date() for _, d in text_dates("تاریخ انتشار: ۱۴۰۳/۰۹/۱۲ - ۱۴:۲۵")] == [date(2024, 12, 2)]
    assert machine_datetime("1403-09-12T14:25:00+03:30").date() == date(2024, 12, 2)


def test_a_lunar_hijri_year_is_never_read_as_solar() -> None:
    """Arabic pages print lunar Hijri years (1446 AH began in July 2024): read as Persian
    calendar years they would be dates decades ahead, so they stay as written, and the date
    rules reject them as before 1990."""
    assert [d.date() for _, d in text_dates("1446/05/12")] == [date(1446, 5, 12)]
    assert rejection(date(1446, 5, 12), date(2024, 12, 5)) == "before 1990"


PERSIAN_PAGE = """<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<title>نشست وزیران خارجه در تهران برگزار شد</title></head><body><main><article>
<h1>نشست وزیران خارجه در تهران برگزار شد</h1>
<div class="item-date"><span>تاریخ انتشار:</span> <span>سه‌شنبه ۱۲ آذر ۱۴۰۳ - ۱۰:۳۰</span></div>
<p>وزیران خارجه کشورهای همسایه روز سه‌شنبه در تهران دیدار کردند و درباره گسترش همکاری‌های
اقتصادی و امنیتی منطقه گفت‌وگو کردند.</p>
<p>به گزارش خبرنگار ما، این نشست با حضور نمایندگان هفت کشور برگزار شد و قرار است دور بعدی
گفت‌وگوها ماه آینده در شهر دیگری از منطقه ادامه یابد.</p>
</article></main></body></html>"""


def test_a_persian_news_page_dated_only_in_its_calendar_gets_the_gregorian_day() -> None:
    article = parsed(PERSIAN_PAGE, crawl_date=date(2024, 12, 5))

    assert article.published_at is not None
    assert article.published_at.date() == date(2024, 12, 2)
    assert article.published_at_source == "text"
