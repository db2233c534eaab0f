import re
from pathlib import Path

import polars as pl
import pytest

import etl.actors.dictionary as dictionary_module
from etl.actors import (
    DEFAULT_ACTORS_PATH,
    DEFAULT_ROLES_PATH,
    DictionaryError,
    dictionary_version,
    load_dictionary,
)

CORE_ACTORS_DOC = Path(__file__).parents[2] / "docs" / "core_actors.md"


def test_dictionary_covers_the_region_with_typed_actors(dictionary):
    dim_actor = dictionary.dim_actor
    assert dim_actor.height >= 150
    assert dim_actor["actor_id"].is_unique().all()
    assert dim_actor.schema == {
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
    types = set(dim_actor["actor_type"])
    assert {"person", "state", "armed_group", "government_body", "international_organisation"} <= types
    assert dim_actor.filter(pl.col("actor_id") == "syria")["wikidata_qid"][0] == "Q858"
    assert re.fullmatch(r"[0-9a-f]{16}", dictionary.version)
    assert set(dim_actor["dictionary_version"]) == {dictionary.version}


def test_every_core_actor_is_present_with_its_exact_id(dictionary):
    core_ids = re.findall(r"^\| ([a-z0-9-]+) \|", CORE_ACTORS_DOC.read_text(), re.MULTILINE)
    assert len(core_ids) >= 40
    missing = set(core_ids) - set(dictionary.dim_actor["actor_id"])
    assert not missing


def test_core_role_phrases_resolve_by_date(dictionary):
    import datetime as dt

    phrases = set(dictionary.roles["phrase"])
    for phrase in [
        "رئيس الوفد الروسي",
        "المبعوث الأممي إلى سوريا",
        "وزير الخارجية التركي",
        "الرئيس التركي",
        "وزير الخارجية الروسي",
        "الرئيس الأمريكي",
        "head of the Russian delegation",
        "UN envoy for Syria",
        "Turkish foreign minister",
        "Turkish president",
        "Russian foreign minister",
        "US president",
    ]:
        assert phrase in phrases
    assert dictionary.role_holder("turkish-foreign-minister", dt.date(2016, 1, 1)) == "mevlut-cavusoglu"
    assert dictionary.role_holder("turkish-foreign-minister", dt.date(2024, 1, 1)) == "hakan-fidan"
    assert dictionary.role_holder("un-envoy-for-syria", dt.date(2017, 7, 4)) == "staffan-de-mistura"
    assert dictionary.role_holder("us-president", dt.date(2022, 1, 1)) == "joe-biden"
    assert dictionary.role_holder("us-president", None) is None


def test_weak_aliases_are_marked_weak(dictionary):
    aliases = dictionary.actor_aliases
    weak = set(aliases.filter(pl.col("strength") == "weak")["alias"])
    assert {"الأسد", "الشرع", "Bashar", "بشار"} <= weak
    strong = set(aliases.filter(pl.col("strength") == "strong")["alias"])
    assert "Assad" in strong


def _write(tmp_path: Path, actors: str, roles: str) -> tuple[Path, Path]:
    actors_path = tmp_path / "actors.yaml"
    roles_path = tmp_path / "roles.yaml"
    actors_path.write_text(actors, encoding="utf-8")
    roles_path.write_text(roles, encoding="utf-8")
    return actors_path, roles_path


BROKEN_ACTORS = """
- actor_id: one
  type: person
  name_ar: واحد
  name_en: One
  valid_from: 2020-01-01
  valid_to: 2019-01-01
  aliases: {en: {strong: [Same Name]}}
- actor_id: two
  type: person
  name_ar: اثنان
  name_en: Two
  aliases: {en: {strong: [same-name]}}
- actor_id: three
  type: wizard
  name_ar: ثلاثة
  name_en: Three
  aliases: {en: {strong: ["   "]}}
"""

BROKEN_ROLES = """
- role_id: chief
  phrases: {en: [the chief]}
  holders:
    - {actor_id: one, from: 2010-01-01, to: 2015-01-01}
    - {actor_id: two, from: 2014-01-01}
    - {actor_id: ghost, from: 2021-01-01, to: 2020-01-01}
"""


def test_validation_lists_every_problem(tmp_path):
    with pytest.raises(DictionaryError) as raised:
        load_dictionary(*_write(tmp_path, BROKEN_ACTORS, BROKEN_ROLES))
    message = str(raised.value)
    assert "valid_from 2020-01-01 is after valid_to 2019-01-01" in message
    assert "'same name' is on one, two without a disambiguation rule" in message
    assert "unknown type 'wizard'" in message
    assert "empty en strong alias" in message
    assert "actor three: no aliases" in message
    assert "overlap in time" in message
    assert "'ghost' is not in the actor dictionary" in message
    assert "ghost from 2021-01-01 is after to 2020-01-01" in message
    assert len(raised.value.problems) == 9


def test_shared_alias_with_rules_is_accepted(tmp_path):
    actors = """
- actor_id: one
  type: person
  name_ar: واحد
  name_en: One
  aliases: {en: {strong: [One Hariri], weak: [{alias: Hariri, disambiguation: default}]}}
- actor_id: two
  type: person
  name_ar: اثنان
  name_en: Two
  aliases: {en: {strong: [Two Hariri], weak: [{alias: Hariri, disambiguation: prior_mention}]}}
"""
    loaded = load_dictionary(*_write(tmp_path, actors, "[]"))
    assert loaded.dim_actor.height == 2


def test_version_follows_the_content(tmp_path):
    actors_path, roles_path = _write(
        tmp_path,
        DEFAULT_ACTORS_PATH.read_text(encoding="utf-8"),
        DEFAULT_ROLES_PATH.read_text(encoding="utf-8"),
    )
    before = load_dictionary(actors_path, roles_path).version
    assert before == load_dictionary().version
    roles_path.write_text(roles_path.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    assert load_dictionary(actors_path, roles_path).version != before


def test_longer_name_flags_from_the_data_and_for_person_surnames(dictionary):
    jordan = dictionary.automaton.get("jordan")[1][0]
    assert jordan.given_name and jordan.surname
    trump = dictionary.automaton.get("trump")[1][0]
    assert trump.surname and not trump.given_name
    assert {"donald", "j", "trump"} <= trump.own_words
    bank = dictionary.automaton.get("u.s. bank")[1][0]
    assert bank.longer_name and bank.actor_ids == ()


def test_a_longer_name_must_contain_an_alias_and_differ_from_every_alias(tmp_path):
    actors = """
- actor_id: one
  type: state
  name_ar: واحد
  name_en: One
  aliases: {en: {strong: [Oneland, Twoland Bay]}}
  longer_names: [Oneland Bank, Threeland Bank, Twoland Bay]
"""
    with pytest.raises(DictionaryError) as raised:
        load_dictionary(*_write(tmp_path, actors, "[]"))
    actors_file = tmp_path / "actors.yaml"
    assert raised.value.problems == [
        f"{actors_file}: actor one: longer name 'Threeland Bank' contains none of its aliases",
        f"{actors_file}: longer name 'Twoland Bay' of one is also an alias",
    ]


def test_version_follows_the_name_context_words(tmp_path):
    actors_path, roles_path = _write(
        tmp_path,
        DEFAULT_ACTORS_PATH.read_text(encoding="utf-8"),
        DEFAULT_ROLES_PATH.read_text(encoding="utf-8"),
    )
    # Without a name_context.yaml of its own, the folder uses the bundled one.
    assert dictionary_version(actors_path, roles_path) == dictionary_version()
    context = tmp_path / "name_context.yaml"
    context.write_text(
        dictionary_module.NAME_CONTEXT_PATH.read_text(encoding="utf-8") + "  - Chef\n", encoding="utf-8"
    )
    assert dictionary_version(actors_path, roles_path) != dictionary_version()
    assert "chef" in load_dictionary(actors_path, roles_path).name_context.not_names
    assert "chef" not in load_dictionary().name_context.not_names
