"""Arabic-script date strings: Egyptian/Gulf (يناير…), Levantine (كانون الثاني…) and Maghrebi
(جانفي…) Arabic month names, the Gregorian month names of Urdu (جنوری…) and Persian (ژانویه…),
Arabic-Indic and Persian digits."""

from __future__ import annotations

import re
from datetime import date

from etl.arabic_text import fold_arabic

WRITTEN_MONTH_NAMES: dict[str, int] = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "ماي": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "اغسطس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "نونبر": 11,
    "ديسمبر": 12,
    "دجنبر": 12,
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
    "جانفي": 1,
    "فيفري": 2,
    "افريل": 4,
    "جوان": 6,
    "جويليه": 7,
    "اوت": 8,
    "غشت": 8,
    "يوليوز": 7,
    "شتنبر": 9,
    # Urdu
    "جنوری": 1,
    "فروری": 2,
    "مارچ": 3,
    "اپریل": 4,
    "مئی": 5,
    "جون": 6,
    "جولائی": 7,
    "اگست": 8,
    "ستمبر": 9,
    "اکتوبر": 10,
    "نومبر": 11,
    "دسمبر": 12,
    # Persian (Gregorian calendar)
    "ژانویه": 1,
    "فوریه": 2,
    "آوریل": 4,
    "مه": 5,
    "ژوئن": 6,
    "ژوئیه": 7,
    "سپتامبر": 9,
    "اکتبر": 10,
    "نوامبر": 11,
    "دسامبر": 12,
}


# Matched against folded text (hamza forms, alef maqsura and ta marbuta are written
# inconsistently in month names), so the names are folded the same way.
MONTH_NAMES = {fold_arabic(name): month for name, month in WRITTEN_MONTH_NAMES.items()}
MONTH_ALTERNATION = "|".join(sorted((re.escape(name) for name in MONTH_NAMES), key=len, reverse=True))
# "4 يوليو 2017", "الثلاثاء 4 تموز/يوليو 2017", "4 أيار (مايو) 2017"
DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?({MONTH_ALTERNATION})"
    rf"(?:\s*[/(]\s*(?:{MONTH_ALTERNATION})\s*\)?)?\s*[,،]?\s*(?:عام|سنه)?\s*(\d{{4}})(?!\d)"
)
# "يوليو 4، 2017"
MONTH_DAY_YEAR = re.compile(rf"({MONTH_ALTERNATION})\s+(\d{{1,2}})\s*[,،]?\s*(\d{{4}})(?!\d)")


def arabic_dates(text: str) -> list[tuple[int, date]]:
    """Every valid Arabic-month date in the text, with its character offset, in order."""
    folded = fold_arabic(text)
    found: list[tuple[int, date]] = []
    for match in DAY_MONTH_YEAR.finditer(folded):
        day, month, year = int(match[1]), MONTH_NAMES[match[2]], int(match[3])
        found.extend(valid(match.start(), year, month, day))
    for match in MONTH_DAY_YEAR.finditer(folded):
        month, day, year = MONTH_NAMES[match[1]], int(match[2]), int(match[3])
        found.extend(valid(match.start(), year, month, day))
    return sorted(found, key=lambda item: item[0])


def valid(offset: int, year: int, month: int, day: int) -> list[tuple[int, date]]:
    try:
        return [(offset, date(year, month, day))]
    except ValueError:
        return []
