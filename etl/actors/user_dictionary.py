"""The analyst's own dictionary: the folder `NEWSETL_DICTIONARY` names (else the bundled one),
a copy of the bundled dictionary to start from, and what a check of one says.

Nothing here writes into the installed package: `start_dictionary` refuses a folder inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from etl.actors.cache import current_dictionary
from etl.actors.dictionary import ActorDictionary, DictionaryError
from etl.actors.dictionary_files import (
    ACTORS_FILE,
    BUNDLED_DIR,
    NAME_CONTEXT_FILE,
    ROLES_FILE,
    DictionaryFiles,
)
from etl.settings import DICTIONARY_ENV, dictionary_dir

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SCHEMA_DIR = Path(__file__).parent / "schema"
# The JSON Schema each file of a dictionary folder is checked against by an editor (through
# the yaml-language-server comment `start_dictionary` writes on its first line).
FILE_SCHEMAS = {
    ACTORS_FILE: SCHEMA_DIR / "actors.schema.json",
    ROLES_FILE: SCHEMA_DIR / "roles.schema.json",
    NAME_CONTEXT_FILE: SCHEMA_DIR / "name_context.schema.json",
}
# A refusal shows this many problems; `newsetl actors check` lists all of them.
REFUSAL_PROBLEMS = 3


class DictionaryFolderError(ValueError):
    """A folder that cannot take a new dictionary; the message says why, in one line."""


def dictionary_in_use() -> ActorDictionary:
    """The compiled dictionary of `NEWSETL_DICTIONARY` (else the bundled one); DictionaryError
    if it is invalid."""
    folder = dictionary_dir()
    if not folder.is_dir():
        raise DictionaryError([f"{folder}: no such dictionary folder ({DICTIONARY_ENV})"])
    files = DictionaryFiles.in_folder(folder)
    return current_dictionary(files.actors, files.roles)


def is_bundled(folder: Path) -> bool:
    return Path(folder).resolve() == BUNDLED_DIR.resolve()


def refusal(invalid: DictionaryError) -> str:
    """The few lines that stop a command on an invalid dictionary: the first problems, each
    naming its file and entry, and where to see the rest."""
    shown = invalid.problems[:REFUSAL_PROBLEMS]
    lines = [f"invalid actor dictionary: {shown[0]}", *(f"  {problem}" for problem in shown[1:])]
    hidden = len(invalid.problems) - len(shown)
    if hidden:
        lines.append(f"  ... and {hidden} more (`newsetl actors check` lists them all)")
    return "\n".join(lines)


def start_dictionary(folder: Path) -> list[Path]:
    """Copy the bundled dictionary's files into `folder` (created if missing, refused if it
    holds anything or lies inside the installed package), each headed by the comment that points
    an editor at its JSON Schema; the files written."""
    folder = Path(folder)
    if folder.resolve().is_relative_to(PACKAGE_DIR):
        raise DictionaryFolderError(f"{folder} is inside the installed package; choose a folder of your own")
    if folder.exists() and not folder.is_dir():
        raise DictionaryFolderError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise DictionaryFolderError(f"{folder} is not empty; give a new or empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in FILE_SCHEMAS.items():
        target = folder / name
        header = f"# yaml-language-server: $schema={schema.as_uri()}\n"
        target.write_text(header + (BUNDLED_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
        written.append(target)
    return written


@dataclass(frozen=True, slots=True)
class DictionarySummary:
    """What a valid dictionary holds, in the numbers `newsetl actors check` prints."""

    folder: Path
    version: str
    actors: int
    actor_types: dict[str, int]
    aliases: dict[str, int]
    roles: int
    role_phrases: int
    role_holders: int
    own_name_context: bool

    def lines(self) -> list[str]:
        types = ", ".join(f"{kind} {count}" for kind, count in self.actor_types.items())
        aliases = ", ".join(f"{kind} {count}" for kind, count in self.aliases.items())
        context = "its own" if self.own_name_context else "the bundled one"
        return [
            f"{self.folder}: valid (version {self.version})",
            f"actors {self.actors} ({types})",
            f"aliases {sum(self.aliases.values())} ({aliases})",
            f"roles {self.roles} with {self.role_phrases} phrases and {self.role_holders} holders",
            f"name context: {context}",
        ]


def check_dictionary(folder: Path) -> DictionarySummary:
    """Load (and so validate) the dictionary in `folder`; DictionaryError if it is invalid."""
    if not Path(folder).is_dir():
        raise DictionaryError([f"{folder}: no such dictionary folder"])
    files = DictionaryFiles.in_folder(Path(folder))
    dictionary = current_dictionary(files.actors, files.roles)
    aliases = dictionary.actor_aliases.group_by("language", "strength").len().sort("language", "strength")
    roles = dictionary.roles
    return DictionarySummary(
        folder=Path(folder),
        version=dictionary.version,
        actors=dictionary.dim_actor.height,
        actor_types=dict(dictionary.dim_actor.group_by("actor_type").len().sort("actor_type").iter_rows()),
        aliases={f"{language} {strength}": count for language, strength, count in aliases.iter_rows()},
        roles=len(dictionary.role_holders),
        role_phrases=roles.select("role_id", "language", "phrase").unique().height,
        role_holders=sum(len(holders) for holders in dictionary.role_holders.values()),
        own_name_context=files.name_context.parent == Path(folder),
    )


def actor_names(dictionary: ActorDictionary) -> dict[str, str]:
    """Each actor's display name: English, else Arabic."""
    names = dictionary.dim_actor.select("actor_id", pl.coalesce("name_en", "name_ar"))
    return dict(names.iter_rows())
