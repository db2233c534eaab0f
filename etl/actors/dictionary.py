"""The actor dictionary: YAML data in the repo, validated, turned into dim_actor and an automaton.

actors.yaml holds one entry per actor with aliases per language marked strong or weak; roles.yaml
maps role phrases to holders by date range; name_context.yaml lists the capitalised words that
do not make an alias part of a longer name (titles, headline words); a folder without its own
uses the bundled one. An alias may sit on
several actors only when every one of those entries says how to choose between them:
``prior_mention`` (the candidate named by a strong alias most recently before it) or, on at
most one actor, ``default`` (the candidate taken when none was named and a title cue licenses
the alias).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import ahocorasick
import polars as pl

from etl.actors.dictionary_files import (
    ACTOR_KEYS,
    ALIAS_FLAGS,
    ALIAS_ITEM_KEYS,
    BUNDLED_DIR,
    BUNDLED_NAME_CONTEXT,
    HOLDER_KEYS,
    LANGUAGE_CODE,
    NAME_CONTEXT_KEYS,
    ROLE_KEYS,
    DictionaryFiles,
    mappings,
    read_document,
    unknown_keys,
)
from etl.actors.normalise import normalise_alias

DATA_DIR = BUNDLED_DIR
DEFAULT_ACTORS_PATH = DATA_DIR / "actors.yaml"
DEFAULT_ROLES_PATH = DATA_DIR / "roles.yaml"
NAME_CONTEXT_PATH = BUNDLED_NAME_CONTEXT

ACTOR_TYPES = frozenset(
    {
        "person",
        "state",
        "government_body",
        "armed_group",
        "political_organisation",
        "international_organisation",
        "non_governmental_organisation",
    }
)
STRENGTHS = ("strong", "weak")
DISAMBIGUATION_RULES = frozenset({"prior_mention", "default"})
# The strength of a longer name kept only to hide the alias inside it ("U.S. Bank").
LONGER_NAME = "longer_name"
ARTICLE = "ال"

DIM_ACTOR_SCHEMA = {
    "actor_id": pl.Utf8,
    "wikidata_qid": pl.Utf8,
    "actor_type": pl.Utf8,
    "country": pl.Utf8,
    "name_ar": pl.Utf8,
    "name_en": pl.Utf8,
    "valid_from": pl.Date,
    "valid_to": pl.Date,
    "dictionary_version": pl.Utf8,
}
ACTOR_ALIAS_SCHEMA = {
    "actor_id": pl.Utf8,
    "language": pl.Utf8,
    "alias": pl.Utf8,
    "alias_normalised": pl.Utf8,
    "strength": pl.Utf8,
    "disambiguation": pl.Utf8,
    "country_licence": pl.Utf8,
}
ROLE_SCHEMA = {
    "role_id": pl.Utf8,
    "language": pl.Utf8,
    "phrase": pl.Utf8,
    "actor_id": pl.Utf8,
    "valid_from": pl.Date,
    "valid_to": pl.Date,
}


class DictionaryError(ValueError):
    """The dictionary data is inconsistent; the message lists every problem found, each as
    "<file>: <entry>: <problem>"."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} dictionary problem(s):\n" + "\n".join(f"- {p}" for p in problems))


@dataclass(frozen=True, slots=True)
class RoleHolder:
    actor_id: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def holds_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """What one automaton key stands for.

    ``default_actor`` is the shared alias's fallback actor; ``country_licence`` (a country code)
    lets an earlier strong mention of any actor of that country license the weak alias.
    ``contracted`` keys are the لل form (ل+ال) of an alias that starts with the article, so
    they are only valid right after a ل proclitic. ``case_rule`` guards Latin aliases against
    common words: "acronym" needs an upper-case surface (US vs "us"), "proper" rejects an
    all-lower-case one ("trump card"). ``given_name``/``surname``: the alias is also the first/
    last word of other people's or bodies' names, so a capitalised name word after/before it
    means someone else ("Jordan Munoz", "Michael Jordan"); ``common_word``: an acronym that is
    also a word, ambiguous in all-caps text ("CONTACT US"). ``own_words``: the words of the
    actor's own aliases, which may stand before its surname ("Hafez" is not one of Bashar's).
    A ``longer_name`` entry names no actor: it only hides the alias inside it ("U.S. Bank").
    """

    actor_ids: tuple[str, ...]
    default_actor: str | None
    country_licence: str | None
    alias: str
    strength: str
    role_id: str | None
    arabic: bool
    contracted: bool
    case_rule: str | None
    given_name: bool = False
    surname: bool = False
    common_word: bool = False
    own_words: frozenset[str] = frozenset()

    @property
    def longer_name(self) -> bool:
        return self.strength == LONGER_NAME


@dataclass(frozen=True, slots=True)
class NameContext:
    """Capitalised words (normalised) that do not make a neighbouring alias part of a longer
    name: titles before or after it, and headline, function and calendar words."""

    titles: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class AliasItem:
    alias: str
    disambiguation: str | None = None
    country_licence: bool = False
    flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ActorDictionary:
    version: str
    dim_actor: pl.DataFrame
    actor_aliases: pl.DataFrame
    roles: pl.DataFrame
    automaton: Any
    role_holders: dict[str, tuple[RoleHolder, ...]]
    actor_types: dict[str, str]
    actor_countries: dict[str, str | None]
    actor_names: dict[str, str]
    name_context: NameContext = NameContext()

    def role_holder(self, role_id: str, day: dt.date | None) -> str | None:
        if day is None:
            return None
        for holder in self.role_holders[role_id]:
            if holder.holds_on(day):
                return holder.actor_id
        return None


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff"


def _case_rule(alias: str) -> str | None:
    letters = [c for c in alias if c.isalpha()]
    if not letters or not all(c.isascii() for c in letters):
        return None
    if all(c.isupper() for c in letters) and len(letters) <= 5:
        return "acronym"
    if any(c.isupper() for c in letters):
        return "proper"
    return None


def _parse_date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        shaped = len(text) == 10 and text[4] == text[7] == "-"
        problems.append(
            f"{where}: {value!r} is {'not a day of the calendar' if shaped else 'not an ISO date'}"
        )
        return None


def _alias_items(value: Any, where: str, problems: list[str]) -> Iterable[AliasItem]:
    if not isinstance(value, list):
        problems.append(f"{where}: must be a list of aliases, not {value!r}")
        return
    for item in value:
        if isinstance(item, dict):
            unknown_keys(item, ALIAS_ITEM_KEYS, f"{where} {item.get('alias')!r}", problems)
            yield AliasItem(
                str(item.get("alias") or ""),
                item.get("disambiguation"),
                bool(item.get("country_licence")),
                frozenset(flag for flag in ALIAS_FLAGS if item.get(flag)),
            )
        else:
            yield AliasItem(str(item or ""))


def _words(normalised: str) -> frozenset[str]:
    return frozenset(normalised.replace(".", " ").split())


def _is_single_latin_word(alias: str) -> bool:
    return _case_rule(alias) is not None and " " not in alias.strip()


def _contains_words(longer: str, alias: str) -> bool:
    """Whether the normalised alias occurs in the normalised longer name on word boundaries."""
    return f" {alias} " in f" {longer} "


def _collect_actors(
    actors: list[dict[str, Any]], problems: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    actor_rows: list[dict[str, Any]] = []
    alias_rows: list[dict[str, Any]] = []
    longer_rows: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for position, actor in mappings(actors, "actor", problems):
        actor_id = actor.get("actor_id")
        where = f"actor {actor_id or f'#{position}'}"
        unknown_keys(actor, ACTOR_KEYS, where, problems)
        if not actor_id:
            problems.append(f"{where}: missing actor_id")
            continue
        if actor_id in seen_ids:
            problems.append(f"{where}: duplicate actor_id (another entry above has it)")
        seen_ids.add(actor_id)
        if actor.get("type") not in ACTOR_TYPES:
            problems.append(f"{where}: unknown type {actor.get('type')!r}")
        for name_field in ("name_ar", "name_en"):
            if not actor.get(name_field):
                problems.append(f"{where}: missing {name_field}")
        valid_from = _parse_date(actor.get("valid_from"), f"{where} valid_from", problems)
        valid_to = _parse_date(actor.get("valid_to"), f"{where} valid_to", problems)
        if valid_from and valid_to and valid_from > valid_to:
            problems.append(f"{where}: valid_from {valid_from} is after valid_to {valid_to}")
        actor_rows.append(
            {
                "actor_id": actor_id,
                "wikidata_qid": actor.get("wikidata_qid"),
                "actor_type": actor.get("type"),
                "country": actor.get("country"),
                "name_ar": actor.get("name_ar"),
                "name_en": actor.get("name_en"),
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
        )
        alias_count = 0
        for language, strength, items in _aliases_by_strength(actor.get("aliases"), where, problems):
            for item in _alias_items(items, f"{where} {language} {strength}", problems):
                normalised = normalise_alias(item.alias)
                if not normalised:
                    problems.append(f"{where}: empty {language} {strength} alias")
                    continue
                if item.disambiguation is not None and item.disambiguation not in DISAMBIGUATION_RULES:
                    problems.append(f"{where}: unknown disambiguation {item.disambiguation!r}")
                flags = set(item.flags)
                # A one-word Latin name of a person is a surname (or a given name that is
                # also someone's surname): "Lara Trump" and "Hunter Biden" are others.
                if actor.get("type") == "person" and _is_single_latin_word(item.alias):
                    flags.add("surname")
                alias_count += 1
                alias_rows.append(
                    {
                        "actor_id": actor_id,
                        "language": language,
                        "alias": item.alias,
                        "alias_normalised": normalised,
                        "strength": strength,
                        "disambiguation": item.disambiguation,
                        "country_licence": actor.get("country") if item.country_licence else None,
                        "flags": frozenset(flags),
                    }
                )
        if alias_count == 0:
            problems.append(f"{where}: no aliases")
        own_aliases = [row["alias_normalised"] for row in alias_rows if row["actor_id"] == actor_id]
        longer_names = actor.get("longer_names") or []
        if not isinstance(longer_names, list):
            problems.append(f"{where}: longer_names must be a list, not {longer_names!r}")
            longer_names = []
        for longer in longer_names:
            normalised = normalise_alias(str(longer or ""))
            if not any(_contains_words(normalised, alias) for alias in own_aliases):
                problems.append(f"{where}: longer name {longer!r} contains none of its aliases")
                continue
            longer_rows.append({"actor_id": actor_id, "name": str(longer), "normalised": normalised})
    return actor_rows, alias_rows, longer_rows


def _aliases_by_strength(aliases: Any, where: str, problems: list[str]) -> Iterable[tuple[str, str, Any]]:
    """(language, strength, items) of an actor's `aliases: {language: {strong|weak: [...]}}`."""
    if aliases is None:
        return
    if not isinstance(aliases, dict):
        problems.append(f"{where}: aliases must be a mapping of languages, not {aliases!r}")
        return
    for language, by_strength in aliases.items():
        if not LANGUAGE_CODE.fullmatch(str(language)):
            problems.append(f"{where}: unknown key {language!r} in aliases (a language code: ar, en, ...)")
            continue
        if not isinstance(by_strength, dict):
            problems.append(f"{where}: aliases of {language} must be a mapping of strong/weak lists")
            continue
        for strength, items in by_strength.items():
            if strength not in STRENGTHS:
                problems.append(f"{where}: unknown alias strength {strength!r}")
                continue
            yield language, strength, items


def _collect_roles(
    roles: list[dict[str, Any]], actor_ids: set[str], problems: list[str]
) -> tuple[list[dict[str, Any]], dict[str, tuple[RoleHolder, ...]]]:
    role_rows: list[dict[str, Any]] = []
    holders_by_role: dict[str, tuple[RoleHolder, ...]] = {}
    for position, role in mappings(roles, "role", problems):
        role_id = role.get("role_id")
        where = f"role {role_id or f'#{position}'}"
        unknown_keys(role, ROLE_KEYS, where, problems)
        if not role_id:
            problems.append(f"{where}: missing role_id")
            continue
        if role_id in holders_by_role:
            problems.append(f"{where}: duplicate role_id")
        holders: list[RoleHolder] = []
        listed = role.get("holders") or []
        if not isinstance(listed, list):
            problems.append(f"{where}: holders must be a list, not {listed!r}")
            listed = []
        for _, holder in mappings(listed, f"{where} holder", problems):
            holder_id = holder.get("actor_id")
            unknown_keys(holder, HOLDER_KEYS, f"{where} holder {holder_id}", problems)
            if holder_id not in actor_ids:
                problems.append(f"{where}: holder {holder_id!r} is not in the actor dictionary")
            start = _parse_date(holder.get("from"), f"{where} {holder_id} from", problems)
            end = _parse_date(holder.get("to"), f"{where} {holder_id} to", problems)
            if start and end and start > end:
                problems.append(f"{where}: {holder_id} from {start} is after to {end}")
            holders.append(RoleHolder(holder_id, start, end))
        ordered = sorted(holders, key=lambda h: h.valid_from or dt.date.min)
        for earlier, later in pairwise(ordered):
            if earlier.valid_to is None or (
                later.valid_from is not None and later.valid_from <= earlier.valid_to
            ):
                problems.append(f"{where}: holders {earlier.actor_id} and {later.actor_id} overlap in time")
        holders_by_role[role_id] = tuple(ordered)
        phrase_count = 0
        phrases_by_language = role.get("phrases") or {}
        if not isinstance(phrases_by_language, dict):
            problems.append(f"{where}: phrases must be a mapping of languages to lists")
            phrases_by_language = {}
        for language, phrases in phrases_by_language.items():
            if not isinstance(phrases, list):
                problems.append(f"{where}: {language} phrases must be a list, not {phrases!r}")
                continue
            for phrase in phrases:
                if not normalise_alias(str(phrase or "")):
                    problems.append(f"{where}: empty {language} phrase")
                    continue
                phrase_count += 1
                for holder in ordered:
                    role_rows.append(
                        {
                            "role_id": role_id,
                            "language": language,
                            "phrase": phrase,
                            "actor_id": holder.actor_id,
                            "valid_from": holder.valid_from,
                            "valid_to": holder.valid_to,
                        }
                    )
        if phrase_count == 0:
            problems.append(f"{where}: no phrases")
    return role_rows, holders_by_role


def _own_words(alias_rows: list[dict[str, Any]]) -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {}
    for row in alias_rows:
        if _case_rule(row["alias"]) is not None:
            words.setdefault(row["actor_id"], set()).update(_words(row["alias_normalised"]))
    return {actor_id: frozenset(found) for actor_id, found in words.items()}


def _alias_entries(
    alias_rows: list[dict[str, Any]],
    role_rows: list[dict[str, Any]],
    longer_rows: list[dict[str, Any]],
    problems: list[str],
    role_problems: list[str],
) -> dict[str, AliasEntry]:
    """The automaton's entries; a conflict between aliases or longer names is a problem of the
    actors file (`problems`), one between a role phrase and anything else of the roles file."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for row in alias_rows:
        by_key.setdefault(row["alias_normalised"], []).append(row)
    own_words = _own_words(alias_rows)
    entries: dict[str, AliasEntry] = {}
    for key, rows in by_key.items():
        actor_ids = tuple(dict.fromkeys(row["actor_id"] for row in rows))
        strength = "strong" if any(row["strength"] == "strong" for row in rows) else "weak"
        if len(actor_ids) > 1 and any(row["disambiguation"] is None for row in rows):
            problems.append(f"alias {key!r} is on {', '.join(actor_ids)} without a disambiguation rule")
        elif len(actor_ids) > 1 and strength == "strong":
            problems.append(f"shared alias {key!r} must be weak on every actor")
        defaults = [row["actor_id"] for row in rows if row["disambiguation"] == "default"]
        if len(defaults) > 1:
            problems.append(f"alias {key!r} has more than one default actor: {defaults}")
        default_actor = defaults[0] if defaults else (actor_ids[0] if len(actor_ids) == 1 else None)
        alias = rows[0]["alias"]
        flags = frozenset().union(*(row["flags"] for row in rows))
        entries[key] = AliasEntry(
            actor_ids,
            default_actor,
            next((row["country_licence"] for row in rows if row["country_licence"]), None),
            alias,
            strength,
            None,
            _is_arabic(alias[0]),
            False,
            _case_rule(alias),
            given_name="given_name" in flags,
            surname="surname" in flags,
            common_word="common_word" in flags,
            own_words=frozenset().union(*(own_words.get(actor_id, frozenset()) for actor_id in actor_ids)),
        )
    for row in longer_rows:
        if row["normalised"] in entries:
            problems.append(f"longer name {row['name']!r} of {row['actor_id']} is also an alias")
            continue
        entries[row["normalised"]] = AliasEntry(
            (), None, None, row["name"], LONGER_NAME, None, False, False, _case_rule(row["name"])
        )
    for row in role_rows:
        key = normalise_alias(row["phrase"])
        existing = entries.get(key)
        if existing is not None and existing.role_id != row["role_id"]:
            role_problems.append(
                f"role {row['role_id']}: phrase {row['phrase']!r} is also an alias or another role"
            )
            continue
        phrase = row["phrase"]
        entries[key] = AliasEntry(
            (), None, None, phrase, "role", row["role_id"], _is_arabic(phrase[0]), False, None
        )
    return entries


def _build_automaton(entries: dict[str, AliasEntry]) -> Any:
    keyed: dict[str, list[AliasEntry]] = {key: [entry] for key, entry in entries.items()}
    for key, entry in entries.items():
        if entry.arabic and key.startswith(ARTICLE) and len(key) > len(ARTICLE) + 1:
            contracted = "ل" + key[len(ARTICLE) :]
            keyed.setdefault(contracted, []).append(replace(entry, contracted=True, case_rule=None))
    automaton = ahocorasick.Automaton()
    for key, key_entries in keyed.items():
        automaton.add_word(key, (len(key), tuple(key_entries)))
    automaton.make_automaton()
    return automaton


def dictionary_version(actors_path: Path = DEFAULT_ACTORS_PATH, roles_path: Path = DEFAULT_ROLES_PATH) -> str:
    """The content hash of the dictionary files, without compiling them (cheap: a code version
    computed when Dagster loads the definitions). The name-context words are hashed in too:
    they decide which matches count, as aliases do."""
    return _content_version(*DictionaryFiles.beside(Path(actors_path), Path(roles_path)).paths())


def dictionary_dir_version(folder: Path) -> str | None:
    """The version of the dictionary in `folder`, None when a file cannot be read (the load
    then says why)."""
    try:
        return _content_version(*DictionaryFiles.in_folder(folder).paths())
    except OSError:
        return None


def _content_version(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_name_context(path: Path | None = None, problems: list[str] | None = None) -> NameContext:
    found: list[str] = [] if problems is None else problems
    data = read_document(path or NAME_CONTEXT_PATH, dict, found)
    unknown_keys(data, NAME_CONTEXT_KEYS, "name context", found)
    words: dict[str, frozenset[str]] = {}
    for key in NAME_CONTEXT_KEYS:
        listed = data.get(key) or []
        if not isinstance(listed, list):
            found.append(f"name context: {key} must be a list of words, not {listed!r}")
            listed = []
        words[key] = frozenset(normalise_alias(str(word)) for word in listed)
    if problems is None and found:
        raise DictionaryError([f"{path or NAME_CONTEXT_PATH}: {problem}" for problem in found])
    return NameContext(titles=words["titles"], not_names=words["not_names"])


def load_dictionary(
    actors_path: Path = DEFAULT_ACTORS_PATH, roles_path: Path = DEFAULT_ROLES_PATH
) -> ActorDictionary:
    """Read, validate and compile the dictionary, with the name_context.yaml beside actors.yaml
    or else the bundled one; raise DictionaryError listing every problem, each prefixed with the
    file it is in."""
    files = DictionaryFiles.beside(Path(actors_path), Path(roles_path))
    actor_problems: list[str] = []
    role_problems: list[str] = []
    context_problems: list[str] = []
    actor_rows, alias_rows, longer_rows = _collect_actors(
        read_document(files.actors, list, actor_problems), actor_problems
    )
    actor_ids = {row["actor_id"] for row in actor_rows}
    role_rows, holders = _collect_roles(
        read_document(files.roles, list, role_problems), actor_ids, role_problems
    )
    entries = _alias_entries(alias_rows, role_rows, longer_rows, actor_problems, role_problems)
    name_context = load_name_context(files.name_context, context_problems)
    problems = [
        f"{path}: {problem}"
        for path, found in zip(files.paths(), (actor_problems, role_problems, context_problems), strict=True)
        for problem in found
    ]
    if problems:
        raise DictionaryError(problems)
    version = _content_version(*files.paths())
    dim_actor = pl.DataFrame(
        [{**row, "dictionary_version": version} for row in actor_rows], schema=DIM_ACTOR_SCHEMA
    )
    return ActorDictionary(
        version=version,
        dim_actor=dim_actor,
        actor_aliases=pl.DataFrame(
            [{name: row[name] for name in ACTOR_ALIAS_SCHEMA} for row in alias_rows],
            schema=ACTOR_ALIAS_SCHEMA,
        ),
        roles=pl.DataFrame(role_rows, schema=ROLE_SCHEMA),
        automaton=_build_automaton(entries),
        role_holders=holders,
        actor_types={row["actor_id"]: row["actor_type"] for row in actor_rows},
        actor_countries={row["actor_id"]: row["country"] for row in actor_rows},
        actor_names={row["actor_id"]: row["name_en"] for row in actor_rows},
        name_context=name_context,
    )


def load_dictionary_dir(folder: Path) -> ActorDictionary:
    """The dictionary of a folder: its actors.yaml and roles.yaml, and its name_context.yaml or
    else the bundled one; validated as `load_dictionary` validates."""
    if not Path(folder).is_dir():
        raise DictionaryError([f"{folder}: no such dictionary folder"])
    files = DictionaryFiles.in_folder(Path(folder))
    return load_dictionary(files.actors, files.roles)
