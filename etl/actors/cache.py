"""One compiled actor dictionary per process, rebuilt only when the dictionary files change,
so a backfill of many partitions in one process does not pay for compiling it per partition."""

from pathlib import Path

from etl.actors.dictionary import (
    DEFAULT_ACTORS_PATH,
    DEFAULT_ROLES_PATH,
    ActorDictionary,
    load_dictionary,
)
from etl.actors.dictionary_files import DictionaryFiles

_compiled: dict[tuple[Path, Path], tuple[tuple[int, ...], ActorDictionary]] = {}


def _stamp(*paths: Path) -> tuple[int, ...]:
    return tuple(value for path in paths for value in (path.stat().st_mtime_ns, path.stat().st_size))


def current_dictionary(
    actors_path: Path = DEFAULT_ACTORS_PATH, roles_path: Path = DEFAULT_ROLES_PATH
) -> ActorDictionary:
    files = DictionaryFiles.beside(Path(actors_path), Path(roles_path))
    key = (files.actors, files.roles)
    try:
        stamp = _stamp(*files.paths())
    except OSError:
        # The load names the file that is missing or unreadable.
        return load_dictionary(*key)
    cached = _compiled.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, load_dictionary(*key))
        _compiled[key] = cached
    return cached[1]
