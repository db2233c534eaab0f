"""Schema.org JSON-LD blocks: find the object that describes the article itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "liveblogposting",
        "posting",
        "socialmediaposting",
        "report",
        "webpage",
        "howto",
        "recipe",
        "medicalwebpage",
        "aboutpage",
        "qapage",
        "itempage",
        "creativework",
    }
)
# Several CMSs emit raw control characters inside JSON strings; JSON forbids them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f]")
# A "\ud83d" escape without its pair (an emoji cut in two by a length limit) decodes to a lone
# surrogate, which no UTF-8 column can store; it is read as U+FFFD, as a decoder reads bad bytes.
SURROGATE_ESCAPE = re.compile(
    r"(\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)


def jsonld_objects(blocks: Iterable[str]) -> list[dict[str, Any]]:
    """Every JSON object in the blocks, with @graph and list nesting flattened."""
    objects: list[dict[str, Any]] = []
    for block in blocks:
        text = block.strip().removeprefix("<!--").removesuffix("-->").strip()
        if not text:
            continue
        try:
            data = json.loads(unpaired_surrogates_replaced(CONTROL_CHARACTERS.sub(" ", text)))
        # Nesting deeper than Python's stack makes a block as unreadable as invalid JSON.
        except (ValueError, RecursionError):
            continue
        objects.extend(flattened(data))
    return objects


def unpaired_surrogates_replaced(text: str) -> str:
    return SURROGATE_ESCAPE.sub(lambda match: match[1] or "\\ufffd", text)


def flattened(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from flattened(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from flattened(graph)


def type_names(obj: dict[str, Any]) -> set[str]:
    kinds = obj.get("@type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list):
        return set()
    return {kind.lower().rsplit("/", 1)[-1] for kind in kinds if isinstance(kind, str)}


def article_object(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The object most likely to be the page's article: article types first, then WebPage."""
    ranked: list[tuple[int, int, dict[str, Any]]] = []
    for position, obj in enumerate(objects):
        kinds = type_names(obj)
        if not kinds & ARTICLE_TYPES:
            continue
        is_page = kinds <= {"webpage", "creativework", "aboutpage", "qapage", "itempage", "medicalwebpage"}
        has_date = "datePublished" in obj
        rank = (0 if is_page else 2) + (1 if has_date else 0)
        ranked.append((-rank, position, obj))
    return min(ranked, key=lambda item: item[:2])[2] if ranked else None


def text_value(value: Any) -> str | None:
    """A plain string out of a JSON-LD value that may be a string, object or list."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return text_value(value.get("name") or value.get("@value"))
    if isinstance(value, list) and value:
        return text_value(value[0])
    return None


def names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [name for item in value for name in names(item)]
    name = text_value(value)
    return [name] if name else []
