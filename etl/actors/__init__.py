"""Actor dictionary and Arabic-aware actor-mention matching (no Dagster here)."""

from etl.actors.cache import current_dictionary
from etl.actors.dictionary import (
    DEFAULT_ACTORS_PATH,
    DEFAULT_ROLES_PATH,
    ActorDictionary,
    DictionaryError,
    dictionary_dir_version,
    dictionary_version,
    load_dictionary,
    load_dictionary_dir,
)
from etl.actors.matching import EXTRACTOR_VERSION, MATCHER_INPUT_SCHEMA, MENTION_SCHEMA, find_mentions

__all__ = [
    "DEFAULT_ACTORS_PATH",
    "DEFAULT_ROLES_PATH",
    "EXTRACTOR_VERSION",
    "MATCHER_INPUT_SCHEMA",
    "MENTION_SCHEMA",
    "ActorDictionary",
    "DictionaryError",
    "current_dictionary",
    "dictionary_dir_version",
    "dictionary_version",
    "find_mentions",
    "load_dictionary",
    "load_dictionary_dir",
]
