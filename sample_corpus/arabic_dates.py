"""Arabic date strings as Levantine and Egyptian sites print them."""

import datetime as dt

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
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
_ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def levantine(day: dt.date) -> str:
    """'4 تموز 2017'"""
    return f"{day.day} {LEVANTINE_MONTHS[day.month - 1]} {day.year}"


def levantine_weekday(day: dt.date) -> str:
    """'الثلاثاء 4 تموز/يوليو 2017'"""
    months = f"{LEVANTINE_MONTHS[day.month - 1]}/{EGYPTIAN_MONTHS[day.month - 1]}"
    return f"{WEEKDAYS[day.weekday()]} {day.day} {months} {day.year}"


def egyptian_indic(day: dt.date) -> str:
    """'٤ يوليو ٢٠١٧'"""
    return f"{day.day} {EGYPTIAN_MONTHS[day.month - 1]} {day.year}".translate(_ARABIC_INDIC_DIGITS)


def weekday_egyptian(day: dt.date) -> str:
    """'الثلاثاء، 4 يوليو 2017' as WordPress themes print the post date."""
    return f"{WEEKDAYS[day.weekday()]}، {day.day} {EGYPTIAN_MONTHS[day.month - 1]} {day.year}"


DATE_STYLES = {
    "levantine": levantine,
    "levantine_weekday": levantine_weekday,
    "egyptian_indic": egyptian_indic,
}
