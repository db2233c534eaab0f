"""Who published the story first: lead-in attributions, "Source:" lines, JSON-LD."""

from __future__ import annotations

import re
from typing import Any

from etl.parse.jsonld import text_value
from etl.parse.metadata import clean_text, comparable

# "بلدي نيوز - (متابعات)", "Baladi News - exclusive": a short line naming the outlet alone.
ATTRIBUTION_LINE = re.compile(
    r"^(?P<name>[^()\-–—:|]{2,40}?)\s*[-–—:|]+\s*\(?\s*(?P<kind>[^()]{1,20}?)\s*\)?\s*$"
)
ATTRIBUTION_KINDS = frozenset(
    {
        "متابعات",
        "خاص",
        "وكالات",
        "ترجمة",
        "تقرير",
        "حصري",
        "exclusive",
        "staff",
        "agencies",
        "special",
        "report",
        "wires",
    }
)
# "LONDON (Reuters) -", "دمشق، سوريا (CNN) --", "(رويترز) -": a dateline naming the agency.
DATELINE_AGENCY = re.compile(r"^[^()\n]{0,80}?\(\s*(?P<agency>[^()\d]{2,40}?)\s*\)\s*(?:[-–—]{1,2}|:)")
# "(رويترز) اتفقت الدول…", "(CNN)The talks…": an agency in parentheses opening the story.
OPENING_AGENCY = re.compile(r"^\(\s*(?P<agency>[^()\d]{2,40}?)\s*\)\s*(?:[-–—]{1,2}|:)?")
SOURCE_LINE = re.compile(
    r"^(?:المصدر|مصدر الخبر|source|sources)\s*[:：]\s*(?P<name>.{2,60}?)\s*\.?$", re.IGNORECASE
)
MAX_PUBLISHER_WORDS = 6
LEAD_PARAGRAPHS = 2


def attribution_line_publisher(paragraph: str) -> str | None:
    """The outlet named by a stand-alone lead-in attribution line, else None."""
    match = ATTRIBUTION_LINE.match(paragraph)
    if SOURCE_LINE.match(paragraph):
        return None
    if match and match["kind"].strip().casefold() in ATTRIBUTION_KINDS:
        return clean_text(match["name"])
    return None


def lead_in_publisher(paragraphs: list[str]) -> str | None:
    for paragraph in paragraphs[:LEAD_PARAGRAPHS]:
        name = attribution_line_publisher(paragraph)
        if name:
            return name
        dateline = DATELINE_AGENCY.match(paragraph) or OPENING_AGENCY.match(paragraph)
        if dateline and named_outlet(dateline["agency"]):
            return clean_text(dateline["agency"])
    for paragraph in reversed(paragraphs):
        source = SOURCE_LINE.match(paragraph)
        if source and named_outlet(source["name"]):
            return clean_text(source["name"])
    return None


def named_outlet(name: str) -> bool:
    """A short name of one outlet, not a generic "agencies" or "staff" credit."""
    return len(name.split()) <= MAX_PUBLISHER_WORDS and name.strip().casefold() not in ATTRIBUTION_KINDS


def original_publisher(
    paragraphs: list[str], article: dict[str, Any] | None, site_name: str | None
) -> str | None:
    """The lead-in or "Source:" attribution, else a JSON-LD source organisation or a
    publisher that differs from the site the page is on."""
    from_text = lead_in_publisher(paragraphs)
    if from_text:
        return from_text
    if not article:
        return None
    source = clean_text(text_value(article.get("sourceOrganization")))
    if source:
        return source
    publisher = clean_text(text_value(article.get("publisher")))
    if publisher and site_name and comparable(publisher) != comparable(site_name):
        return publisher
    return None
