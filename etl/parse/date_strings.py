"""Read one date out of a machine value (ISO 8601, RFC 2822) or out of visible text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from etl.arabic_text import fold_arabic
from etl.parse.arabic_dates import arabic_dates
from etl.parse.jalali_dates import gregorian_day, is_solar_hijri_year, month_name_dates

ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
NUMERIC_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
COMPACT_YMD = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4,6})?$")
# "2025-12-19T02:41:41+00:00", "2025-12-19 02:41Z": a moment written in UTC, not local time.
UTC_STAMP = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*"
    r"(?:Z|UTC|GMT|[+-]00:?00)(?![\d:])",
    re.IGNORECASE,
)
# Time zones in use run from UTC-12 to UTC+14.
WESTMOST_OFFSET = timedelta(hours=-12)
EASTMOST_OFFSET = timedelta(hours=14)
ENGLISH_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_WORD = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
ENGLISH_MDY = re.compile(rf"\b{MONTH_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
# The day may carry the German ordinal dot: "24. April 2020", "1. November 2021" (the months
# German writes as English does are read here, not with the other European names).
ENGLISH_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?{MONTH_WORD},?\s+(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# Day-first dates with the month's name in the other languages of European news: "14. Februar
# 2012", "23 mai 2019", "3 de mayo de 2022", "15 августа 2016". English names are read above.
EUROPEAN_MONTHS: dict[str, int] = {
    **dict.fromkeys(("januar", "jänner", "janvier", "enero", "gennaio", "janeiro", "januari"), 1),
    **dict.fromkeys(("februar", "feber", "février", "fevrier", "febrero", "febbraio", "fevereiro"), 2),
    **dict.fromkeys(("märz", "maerz", "mars", "marzo", "março", "maart"), 3),
    **dict.fromkeys(("avril", "abril", "aprile"), 4),
    **dict.fromkeys(("mai", "mayo", "maggio", "maio", "mei"), 5),
    **dict.fromkeys(("juni", "juin", "junio", "giugno", "junho"), 6),
    **dict.fromkeys(("juli", "juillet", "julio", "luglio", "julho"), 7),
    **dict.fromkeys(("august", "août", "aout", "agosto", "augustus"), 8),
    **dict.fromkeys(("septembre", "septiembre", "settembre", "setembro"), 9),
    **dict.fromkeys(("oktober", "octobre", "octubre", "ottobre", "outubro"), 10),
    **dict.fromkeys(("novembre", "noviembre", "novembro"), 11),
    **dict.fromkeys(("dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"), 12),
    **dict.fromkeys(("января", "январь"), 1),
    **dict.fromkeys(("февраля", "февраль"), 2),
    **dict.fromkeys(("марта", "март"), 3),
    **dict.fromkeys(("апреля", "апрель"), 4),
    **dict.fromkeys(("мая", "май"), 5),
    **dict.fromkeys(("июня", "июнь"), 6),
    **dict.fromkeys(("июля", "июль"), 7),
    **dict.fromkeys(("августа", "август"), 8),
    **dict.fromkeys(("сентября", "сентябрь"), 9),
    **dict.fromkeys(("октября", "октябрь"), 10),
    **dict.fromkeys(("ноября", "ноябрь"), 11),
    **dict.fromkeys(("декабря", "декабрь"), 12),
}
EUROPEAN_MONTH_WORD = "|".join(sorted(EUROPEAN_MONTHS, key=len, reverse=True))
EUROPEAN_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})\.?\s+(?:de\s+)?({EUROPEAN_MONTH_WORD})\.?,?\s+(?:de\s+)?(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# Every form read here has a four-digit year, so text without four digits in a row has no
# date; most texts asked (short byline and label nodes) have none, and this one search is
# cheaper than trying each form.
FOUR_DIGITS = re.compile(r"\d{4}")


def machine_datetime(value: str) -> datetime | None:
    """The publisher's calendar day of a structured value (JSON-LD, meta, time@datetime).

    The day is read in the value's own time zone and returned as midnight UTC: the
    warehouse counts per day and week, and converting "00:30+03:00" to UTC would move a
    story to the day before the one its publisher printed. The WCXB dev references agree: of
    the 14 pages whose publication value has a time and an offset that put its local and UTC
    days apart, 11 date the page on the local day and 3 on the UTC day.
    """
    value = value.strip()
    match = ISO_DATE.search(value)
    if match:
        return utc_midnight(int(match[1]), int(match[2]), int(match[3]))
    compact = COMPACT_YMD.match(value)
    if compact:
        return utc_midnight(int(compact[1]), int(compact[2]), int(compact[3]))
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return utc_midnight(parsed.year, parsed.month, parsed.day)
    return text_datetime(value)


def publisher_days(value: str) -> frozenset[date]:
    """Every calendar day the publisher may have printed for a structured value.

    A moment written in UTC ("…T02:41:41+00:00") has been converted from the publisher's
    clock, whose zone the value no longer says: any day that some zone between UTC-12 and
    UTC+14 gives that moment is possible. Any other value names its one day.
    """
    stamp = UTC_STAMP.search(value)
    if stamp:
        try:
            moment = datetime(int(stamp[1]), int(stamp[2]), int(stamp[3]), int(stamp[4]), int(stamp[5]))
        except ValueError:
            return frozenset()
        try:
            first, last = (moment + WESTMOST_OFFSET).date(), (moment + EASTMOST_OFFSET).date()
        except OverflowError:
            # Year 1 or 9999, the placeholders a CMS writes for a missing date: no zone moves
            # them, and the date rules reject the day itself.
            return frozenset({moment.date()})
        return frozenset(first + timedelta(days=n) for n in range((last - first).days + 1))
    parsed = machine_datetime(value)
    return frozenset({parsed.date()}) if parsed else frozenset()


def stated_moment(value: str) -> datetime | None:
    """The instant a structured value states with its UTC offset ("2019-10-19T00:04:00+02:00",
    "Sat, 19 Oct 2019 00:04:00 +0200"), aware; None without a time and an offset."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return moment if moment is not None and moment.utcoffset() is not None else None


def ambiguous_numeric(text: str, offset: int) -> bool:
    """Whether the date at offset is a numeric date that reads both day-first and month-first
    ("08/01/2025"): such a date cannot contradict another source."""
    match = NUMERIC_DMY.match(fold_arabic(text), offset)
    return match is not None and int(match[1]) <= 12 and int(match[2]) <= 12 and match[1] != match[2]


def utc_midnight(year: int, month: int, day: int) -> datetime | None:
    """The day at midnight UTC, or None when there is no such day. A year of the Solar Hijri
    calendar ("1403/09/12" on a Persian page) is converted to its Gregorian day."""
    if is_solar_hijri_year(year):
        converted = gregorian_day(year, month, day)
        return as_datetime(converted) if converted else None
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def text_dates(text: str) -> list[tuple[int, datetime]]:
    """Every date written in the text (Arabic, Persian or English words, numeric forms), in
    order; Persian-calendar dates as their Gregorian day."""
    folded = fold_arabic(text)
    if FOUR_DIGITS.search(folded) is None:
        return []
    found = [(offset, day) for offset, day in arabic_dates(folded)]
    found.extend(month_name_dates(folded))
    for match in ISO_DATE.finditer(folded):
        found.append((match.start(), utc_midnight(int(match[1]), int(match[2]), int(match[3]))))
    for match in ENGLISH_MDY.finditer(folded):
        found.append((match.start(), month_word_date(match[3], match[1], match[2])))
    for match in ENGLISH_DMY.finditer(folded):
        found.append((match.start(), month_word_date(match[3], match[2], match[1])))
    for match in EUROPEAN_DMY.finditer(folded):
        month = EUROPEAN_MONTHS[match[2].lower()]
        found.append((match.start(), utc_midnight(int(match[3]), month, int(match[1]))))
    for match in NUMERIC_YMD.finditer(folded):
        found.append((match.start(), utc_midnight(int(match[1]), int(match[2]), int(match[3]))))
    for match in NUMERIC_DMY.finditer(folded):
        found.append((match.start(), numeric_day_first(match)))
    return sorted(
        ((offset, as_datetime(value)) for offset, value in found if value is not None),
        key=lambda item: item[0],
    )


def as_datetime(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def month_word_date(year: str, month_word: str, day: str) -> datetime | None:
    return utc_midnight(int(year), ENGLISH_MONTHS[month_word.lower()[:3]], int(day))


def numeric_day_first(match: re.Match[str]) -> datetime | None:
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    # Day-first is the convention of Arabic and most non-US sites; a second number above 12
    # can only be a day, which marks the US order.
    if second > 12 >= first:
        return utc_midnight(year, first, second)
    return utc_midnight(year, second, first)


def text_datetime(text: str) -> datetime | None:
    found = text_dates(text)
    return found[0][1] if found else None
