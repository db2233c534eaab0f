"""Read one date out of a machine value (ISO 8601, RFC 2822) or out of visible text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from etl.parse.arabic_dates import arabic_dates, normalized_arabic

ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?!\d)")
NUMERIC_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")
COMPACT_YMD = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4,6})?$")
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
ENGLISH_DMY = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_WORD},?\s+(\d{{4}})(?!\d)",
    re.IGNORECASE,
)


def machine_datetime(value: str) -> datetime | None:
    """The publisher's calendar day of a structured value (JSON-LD, meta, time@datetime).

    The day is read in the value's own time zone and returned as midnight UTC: the
    warehouse counts per day and week, and converting "00:30+03:00" to UTC would move a
    story to the day before the one its publisher printed.
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


def utc_midnight(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def text_dates(text: str) -> list[tuple[int, datetime]]:
    """Every date written in the text (Arabic or English words, numeric forms), in order."""
    folded = normalized_arabic(text)
    found = [(offset, day) for offset, day in arabic_dates(folded)]
    for match in ISO_DATE.finditer(folded):
        found.append((match.start(), utc_midnight(int(match[1]), int(match[2]), int(match[3]))))
    for match in ENGLISH_MDY.finditer(folded):
        found.append((match.start(), month_word_date(match[3], match[1], match[2])))
    for match in ENGLISH_DMY.finditer(folded):
        found.append((match.start(), month_word_date(match[3], match[2], match[1])))
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
