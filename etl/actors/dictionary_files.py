"""The files of an actor dictionary folder, read so that a broken file is a problem to report,
never an exception: YAML syntax, the wrong kind of document, keys the format does not have.

A folder holds `actors.yaml` and `roles.yaml`, and may hold `name_context.yaml`; without it the
bundled one applies (its words are English grammar, not a topic, so most dictionaries share it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BUNDLED_DIR = Path(__file__).parent / "data"
ACTORS_FILE = "actors.yaml"
ROLES_FILE = "roles.yaml"
NAME_CONTEXT_FILE = "name_context.yaml"
BUNDLED_NAME_CONTEXT = BUNDLED_DIR / NAME_CONTEXT_FILE

ACTOR_KEYS = frozenset(
    {
        "actor_id",
        "wikidata_qid",
        "type",
        "country",
        "name_ar",
        "name_en",
        "valid_from",
        "valid_to",
        "aliases",
        "longer_names",
    }
)
ALIAS_FLAGS = ("given_name", "surname", "common_word")
ALIAS_ITEM_KEYS = frozenset({"alias", "disambiguation", "country_licence", *ALIAS_FLAGS})
ROLE_KEYS = frozenset({"role_id", "phrases", "holders"})
HOLDER_KEYS = frozenset({"actor_id", "from", "to"})
NAME_CONTEXT_KEYS = frozenset({"titles", "not_names"})
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


class _TextDateLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: PyYAML turns `2024-02-30` into an exception from
    `datetime.date`, not a parse error; read as text, the loader names the entry instead."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class DictionaryFiles:
    """The three files one dictionary is made of."""

    actors: Path
    roles: Path
    name_context: Path

    @classmethod
    def beside(cls, actors: Path, roles: Path) -> DictionaryFiles:
        return cls(Path(actors), Path(roles), name_context_path(Path(actors)))

    @classmethod
    def in_folder(cls, folder: Path) -> DictionaryFiles:
        return cls.beside(Path(folder) / ACTORS_FILE, Path(folder) / ROLES_FILE)

    def paths(self) -> tuple[Path, Path, Path]:
        return self.actors, self.roles, self.name_context


def name_context_path(actors_path: Path) -> Path:
    """The folder's own name_context.yaml, else the bundled one."""
    own = Path(actors_path).parent / NAME_CONTEXT_FILE
    return own if own.is_file() else BUNDLED_NAME_CONTEXT


def read_document(path: Path, kind: type, problems: list[str]) -> Any:
    """The YAML document at `path` if it is a `kind` (list or dict); an empty one otherwise,
    with the reason in `problems`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append("no such file")
        return kind()
    except (OSError, UnicodeDecodeError) as problem:
        problems.append(f"unreadable: {problem}")
        return kind()
    try:
        document = yaml.load(text, Loader=_TextDateLoader)
    except yaml.YAMLError as problem:
        problems.append(f"not valid YAML: {_yaml_problem(problem)}")
        return kind()
    if document is None:
        return kind()
    if not isinstance(document, kind):
        problems.append(
            f"must be a YAML {'list' if kind is list else 'mapping'}, not a {type(document).__name__}"
        )
        return kind()
    return document


def _yaml_problem(problem: yaml.YAMLError) -> str:
    mark = getattr(problem, "problem_mark", None)
    what = getattr(problem, "problem", None) or str(problem).splitlines()[0]
    return f"line {mark.line + 1} column {mark.column + 1}: {what}" if mark else what


def mappings(entries: list[Any], noun: str, problems: list[str]) -> Iterable[tuple[int, dict[str, Any]]]:
    """(position, entry) for each entry that is a mapping; a problem for each that is not."""
    for position, entry in enumerate(entries):
        if isinstance(entry, dict):
            yield position, entry
        else:
            problems.append(f"{noun} #{position}: must be a mapping of keys, not {entry!r}")


def unknown_keys(entry: dict[str, Any], allowed: frozenset[str], where: str, problems: list[str]) -> None:
    for key in entry:
        if key not in allowed:
            problems.append(f"{where}: unknown key {key!r} (known: {', '.join(sorted(allowed))})")
