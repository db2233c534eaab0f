"""Solar Hijri (Jalali, Persian calendar) dates, converted to the Gregorian day.

Iranian and Afghan news print their dates in this calendar ("۱۲ آذر ۱۴۰۳", "۱۴۰۳/۰۹/۱۲").
No calendar library is among the project's dependencies (`jdatetime`, `persiantools` and
`convertdate` are not installed, and the lock file is not ours to change), so the conversion is
the well-known arithmetic one: a year is 365 days, plus one in the leap years of the 33-year
cycle, counted from a Nowruz whose Gregorian day is known. The cycle rule is the usual
approximation of the official (astronomical) calendar and agrees with it over the years that
news is dated in; the tests check it against known pairs.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

# 1 Farvardin 1403 AP fell on 20 March 2024.
ANCHOR_YEAR = 1403
ANCHOR_NOWRUZ = date(2024, 3, 20)
# The years a numeric date is read as Solar Hijri: read as lunar Hijri (the other calendar with
# four-digit years starting 13 or 14, printed on Arabic pages) every year up to 1410 falls
# before 1990, the earliest publication the date rules accept, so there is no ambiguity.
FIRST_YEAR = 1300
LAST_YEAR = 1410
# Month names as `etl.arabic_text.fold_arabic` folds them (آ → ا): آبان, آذر.
MONTH_NAMES: dict[str, int] = {
    "فروردین": 1,
    "اردیبهشت": 2,
    "خرداد": 3,
    "تیر": 4,
    "مرداد": 5,
    "امرداد": 5,
    "شهریور": 6,
    "مهر": 7,
    "ابان": 8,
    "اذر": 9,
    "دی": 10,
    "بهمن": 11,
    "اسفند": 12,
}
# Pages typed on Arabic keyboards write the Persian yeh (ی) as the Arabic one (ي): "تير", "دي".
MONTH_NAMES.update({name.replace("ی", "ي"): month for name, month in list(MONTH_NAMES.items())})
MONTH_ALTERNATION = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
# "۱۲ آذر ۱۴۰۳", "سه‌شنبه ۱۲ آذر ماه ۱۴۰۳": the digits already folded to ASCII.
DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:ام\s+)?({MONTH_ALTERNATION})(?:\s*ماه)?\s*[,،]?\s*(\d{{4}})(?!\d)"
)


def is_leap(year: int) -> bool:
    """The 33-year cycle's leap years (1399, 1403, 1408, …)."""
    return (25 * year + 11) % 33 < 8


@functools.lru_cache(maxsize=256)
def nowruz(year: int) -> date:
    """The Gregorian day of 1 Farvardin of the year."""
    if year >= ANCHOR_YEAR:
        days = sum(365 + is_leap(y) for y in range(ANCHOR_YEAR, year))
    else:
        days = -sum(365 + is_leap(y) for y in range(year, ANCHOR_YEAR))
    return ANCHOR_NOWRUZ + timedelta(days=days)


def month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def gregorian_day(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Solar Hijri date, or None when no such date exists."""
    if not 1 <= month <= 12 or not 1 <= day <= month_length(year, month):
        return None
    days_before_month = (month - 1) * 31 if month <= 7 else 186 + (month - 7) * 30
    return nowruz(year) + timedelta(days=days_before_month + day - 1)


def is_solar_hijri_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def month_name_dates(folded: str) -> list[tuple[int, date]]:
    """Every valid date written with a Persian month name in already folded text, with its
    offset. The names are Persian words, so the calendar is never in doubt."""
    found: list[tuple[int, date]] = []
    for match in DAY_MONTH_YEAR.finditer(folded):
        year = int(match[3])
        if not is_solar_hijri_year(year):
            continue
        converted = gregorian_day(year, MONTH_NAMES[match[2]], int(match[1]))
        if converted is not None:
            found.append((match.start(), converted))
    return found
