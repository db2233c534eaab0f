"""Accept or reject an actor candidate by editing the analyst's own dictionary folder.

The YAML is edited round-trip (ruamel.yaml), so the folder's comments and order stay; the
edited files are validated by loading them with `load_dictionary` before they replace the old
ones, so a bad edit never lands. Rejections live in the folder too (`rejected.yaml`), where the
candidate finder reads them and keeps those names out.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from etl.actors.dictionary import DictionaryError, load_dictionary
from etl.actors.name_lexicon import name_lexicon
from etl.actors.normalise import normalise_alias
from etl.actors.places import place_named

ACTORS_FILE = "actors.yaml"
ROLES_FILE = "roles.yaml"
REJECTIONS_FILE = "rejected.yaml"
# The candidate finder's proposed types, as the dictionary's types.
ACTOR_TYPE_OF = {
    "person": "person",
    "organisation": "political_organisation",
    "state": "state",
    "unknown": "person",
}


class CurationError(ValueError):
    """The edit cannot be made; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class CandidateRecord:
    """What the curation needs of one candidate: its name, type and writings."""

    candidate_id: str
    name: str
    proposed_type: str
    # (surface, language, mentions), most used first.
    surfaces: tuple[tuple[str, str, int], ...]


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=2, offset=0)
    return yaml


def _read(path: Path) -> Any:
    if not path.exists():
        return CommentedSeq()
    return _yaml().load(path.read_text(encoding="utf-8")) or CommentedSeq()


def rejected_names(folder: Path) -> frozenset[str]:
    """The normalised names and writings rejected in this dictionary folder."""
    names: set[str] = set()
    for entry in _read(folder / REJECTIONS_FILE):
        names.update(
            normalise_alias(str(name)) for name in [entry.get("name"), *(entry.get("surfaces") or [])] if name
        )
    return frozenset(names)


def _flow(items: list[str]) -> CommentedSeq:
    sequence = CommentedSeq(items)
    sequence.fa.set_flow_style()
    return sequence


def candidate_aliases(candidate: CandidateRecord, taken: set[str]) -> dict[str, dict[str, list[str]]]:
    """Aliases per language and strength from the candidate's writings, strong unless one word
    alone may also be a common word (then weak, counted only when licensed): an Arabic word
    with the article (الشرع "the law", الأسد "the lion"), or an English word the candidate
    finder's lexicon lists as generic. Writings another actor already has are left out."""
    aliases: dict[str, dict[str, list[str]]] = {}
    seen: set[str] = set(taken)
    # Full names first: they are the strong aliases, and the surname of each follows.
    ordered = sorted(candidate.surfaces, key=lambda item: (-len(item[0].split()), -item[2]))
    writings = [(surface, language) for surface, language, _ in ordered]
    if candidate.proposed_type == "person":
        # The surname alone, as the dictionary keeps one for every person.
        for surface, language in list(writings):
            if len(surface.split()) > 1:
                writings.append((surface.split()[-1], language))
    for surface, language in writings:
        key = normalise_alias(surface)
        if not key or key in seen:
            continue
        seen.add(key)
        strength = "weak" if _common_word(surface, language) else "strong"
        aliases.setdefault(language, {}).setdefault(strength, []).append(surface)
    return aliases


def _common_word(surface: str, language: str) -> bool:
    place = place_named(surface)
    # A country's name is a name, article or not (الأردن).
    if len(surface.split()) > 1 or (place is not None and place.kind == "country"):
        return False
    if language == "ar":
        return normalise_alias(surface).startswith("ال")
    return normalise_alias(surface).rstrip(".") in name_lexicon().en_generic


def _taken_aliases(actors: list[Any]) -> set[str]:
    taken: set[str] = set()
    for actor in actors:
        for by_strength in (actor.get("aliases") or {}).values():
            for items in (by_strength or {}).values():
                for item in items or []:
                    taken.add(normalise_alias(str(item.get("alias") if isinstance(item, dict) else item)))
    return taken


def _save_validated(folder: Path, actors: Any, roles: Any) -> None:
    """Write both files beside the old ones, load them as the pipeline will, then swap them in."""
    staged = {ACTORS_FILE: actors, ROLES_FILE: roles}
    paths = {name: folder / f".{name}.new" for name in staged}
    try:
        for name, data in staged.items():
            with paths[name].open("w", encoding="utf-8") as handle:
                _yaml().dump(data, handle)
        try:
            load_dictionary(paths[ACTORS_FILE], paths[ROLES_FILE])
        except DictionaryError as problem:
            raise CurationError(
                f"the edited dictionary would be invalid: {'; '.join(problem.problems[:3])}"
            ) from None
        for name in staged:
            os.replace(paths[name], folder / name)
    finally:
        for path in paths.values():
            path.unlink(missing_ok=True)


def accept_candidate(
    folder: Path,
    candidate: CandidateRecord,
    actor_id: str | None = None,
    merge_into: str | None = None,
    role: str | None = None,
    role_from: dt.date | None = None,
) -> tuple[str, dict[str, dict[str, list[str]]]]:
    """Add the candidate as a new actor (or its writings to ``merge_into``), optionally as the
    holder of ``role`` from ``role_from`` (the previous open holder's term then ends the day
    before). Returns the actor id and the aliases added."""
    actors = _read(folder / ACTORS_FILE)
    roles = _read(folder / ROLES_FILE)
    ids = [entry.get("actor_id") for entry in actors]
    if merge_into is not None:
        if merge_into not in ids:
            raise CurationError(f"--merge-into {merge_into!r}: no such actor in {folder / ACTORS_FILE}")
        target = actors[ids.index(merge_into)]
        aliases = candidate_aliases(candidate, _taken_aliases(actors))
        _merge_aliases(target, aliases)
        new_id = merge_into
    else:
        new_id = actor_id or candidate.candidate_id
        if new_id in ids:
            raise CurationError(f"actor {new_id!r} already exists: pass --id SLUG, or --merge-into {new_id}")
        aliases = candidate_aliases(candidate, _taken_aliases(actors))
        if not aliases:
            raise CurationError(f"every writing of {candidate.candidate_id} is already another actor's alias")
        actors.append(_actor_entry(new_id, candidate, aliases))
    if role is not None:
        _add_holder(roles, role, new_id, role_from)
    _save_validated(folder, actors, roles)
    return new_id, aliases


def _actor_entry(
    actor_id: str, candidate: CandidateRecord, aliases: dict[str, dict[str, list[str]]]
) -> CommentedMap:
    by_length = sorted(candidate.surfaces, key=lambda item: (-len(item[0].split()), -item[2]))
    arabic = next((surface for surface, language, _ in by_length if language == "ar"), None)
    latin = next((surface for surface, language, _ in by_length if language != "ar"), None)
    entry = CommentedMap()
    entry["actor_id"] = actor_id
    entry["type"] = ACTOR_TYPE_OF.get(candidate.proposed_type, "person")
    entry["name_ar"] = arabic or candidate.name
    entry["name_en"] = latin or candidate.name
    entry["aliases"] = CommentedMap()
    _merge_aliases(entry, aliases)
    return entry


def _merge_aliases(actor: Any, aliases: dict[str, dict[str, list[str]]]) -> None:
    if actor.get("aliases") is None:
        actor["aliases"] = CommentedMap()
    for language, by_strength in aliases.items():
        if actor["aliases"].get(language) is None:
            by_language = CommentedMap()
            by_language.fa.set_flow_style()
            actor["aliases"][language] = by_language
        for strength, items in by_strength.items():
            existing = actor["aliases"][language].get(strength)
            if existing is None:
                actor["aliases"][language][strength] = _flow(items)
            else:
                existing.extend(items)


def _add_holder(roles: Any, role_id: str, actor_id: str, start: dt.date | None) -> None:
    if start is None:
        raise CurationError("--role needs --from DATE (the day the candidate took the role)")
    entry = next((role for role in roles if role.get("role_id") == role_id), None)
    if entry is None:
        raise CurationError(f"--role {role_id!r}: no such role in {ROLES_FILE}")
    for holder in entry.get("holders") or []:
        opened = holder.get("from")
        if holder.get("to") is None and (opened is None or _date(opened) < start):
            holder["to"] = start - dt.timedelta(days=1)
    holder = CommentedMap([("actor_id", actor_id), ("from", start)])
    holder.fa.set_flow_style()
    entry["holders"].append(holder)


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def reject_candidate(folder: Path, candidate: CandidateRecord, reason: str, today: dt.date) -> None:
    """Record the rejection (name, writings, reason, day) in the folder's rejected.yaml."""
    if not reason.strip():
        raise CurationError("--reason must say why")
    path = folder / REJECTIONS_FILE
    rejections = _read(path)
    entry = CommentedMap()
    entry["name"] = candidate.name
    entry["candidate_id"] = candidate.candidate_id
    entry["surfaces"] = _flow([surface for surface, _, _ in candidate.surfaces])
    entry["reason"] = reason.strip()
    entry["rejected_on"] = today
    rejections.append(entry)
    staged = folder / f".{REJECTIONS_FILE}.new"
    with staged.open("w", encoding="utf-8") as handle:
        if not path.exists():
            handle.write("# Names kept out of the actor candidates (newsetl actors reject).\n")
        _yaml().dump(rejections, handle)
    os.replace(staged, path)
