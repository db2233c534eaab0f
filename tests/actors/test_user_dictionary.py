"""The analyst's own dictionary folder: `newsetl actors init|check`, the refusal of an invalid
dictionary (each case names file, entry and problem), and the JSON Schema editors use."""

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from etl.actors import DictionaryError, load_dictionary, load_dictionary_dir
from etl.actors.dictionary import ACTOR_TYPES
from etl.actors.dictionary_files import (
    ACTOR_KEYS,
    ALIAS_ITEM_KEYS,
    BUNDLED_DIR,
    HOLDER_KEYS,
    NAME_CONTEXT_KEYS,
    ROLE_KEYS,
)
from etl.actors.user_dictionary import (
    FILE_SCHEMAS,
    DictionaryFolderError,
    check_dictionary,
    refusal,
    start_dictionary,
)
from etl.settings import DICTIONARY_ENV, PROJECT_ROOT

SCHEMA_HEADER = "# yaml-language-server: $schema="


@pytest.fixture(scope="module")
def bundled_files() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in BUNDLED_DIR.iterdir()}


@pytest.fixture
def own(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    start_dictionary(folder)
    return folder


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DictionaryError) as raised:
        load_dictionary_dir(folder)
    return raised.value.problems


def test_init_writes_a_copy_that_loads_as_the_bundled_one(own: Path, bundled_files) -> None:
    assert sorted(path.name for path in own.iterdir()) == ["actors.yaml", "name_context.yaml", "roles.yaml"]
    for path in own.iterdir():
        first, rest = path.read_text(encoding="utf-8").split("\n", 1)
        assert first == SCHEMA_HEADER + FILE_SCHEMAS[path.name].as_uri()
        assert rest.encode() == bundled_files[path.name]
    copy, bundled = load_dictionary_dir(own), load_dictionary()
    assert copy.version != bundled.version  # the header line is content
    assert copy.dim_actor.drop("dictionary_version").equals(bundled.dim_actor.drop("dictionary_version"))
    assert copy.actor_aliases.equals(bundled.actor_aliases)
    assert copy.roles.equals(bundled.roles)
    assert copy.name_context == bundled.name_context


def test_init_refuses_a_folder_with_content_and_the_installed_package(own: Path, bundled_files) -> None:
    with pytest.raises(DictionaryFolderError, match="is not empty"):
        start_dictionary(own)
    with pytest.raises(DictionaryFolderError, match="inside the installed package"):
        start_dictionary(BUNDLED_DIR)
    with pytest.raises(DictionaryFolderError, match="inside the installed package"):
        start_dictionary(PROJECT_ROOT / "etl" / "actors" / "mine")
    assert not (PROJECT_ROOT / "etl" / "actors" / "mine").exists()
    assert {path.name: path.read_bytes() for path in BUNDLED_DIR.iterdir()} == bundled_files


def test_name_context_is_optional_and_falls_back_to_the_bundled_one(own: Path) -> None:
    (own / "name_context.yaml").unlink()
    summary = check_dictionary(own)
    assert not summary.own_name_context
    assert load_dictionary_dir(own).name_context == load_dictionary().name_context


def test_check_prints_counts_and_lists_every_problem(own: Path) -> None:
    summary = check_dictionary(own)
    assert summary.actors == 238 and summary.own_name_context
    assert summary.actor_types["person"] == 121
    assert summary.roles == 15 and summary.role_holders == 41
    _edit(own, "actors.yaml", "  type: state\n", "  type: nation\n")
    _edit(own, "roles.yaml", "from: 2017-01-01}", "from: 2017-13-01}")
    completed = subprocess.run(
        [sys.executable, "-m", "etl.cli", "actors", "check", str(own)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert f"{own}/actors.yaml: actor syria: unknown type 'nation'" in completed.stderr
    assert f"{own}/roles.yaml: role head-russian-delegation-astana" in completed.stderr
    assert "'2017-13-01' is not a day of the calendar" in completed.stderr


INVALID_CASES = {
    "yaml error": (
        [("actors.yaml", "- actor_id: russia\n", "- actor_id: russia\n  aliases: [unclosed\n")],
        "actors.yaml: not valid YAML: line",
    ),
    "unknown key": (
        [("actors.yaml", "  name_en: Russia\n", "  name_en: Russia\n  nickname: Rus\n")],
        "actors.yaml: actor russia: unknown key 'nickname'",
    ),
    "unknown alias key": (
        [("actors.yaml", "{alias: US, common_word: true}", "{alias: US, common_words: true}")],
        "actors.yaml: actor united-states en strong 'US': unknown key 'common_words'",
    ),
    "duplicated actor id": (
        [("actors.yaml", "- actor_id: russia\n", "- actor_id: syria\n")],
        "actors.yaml: actor syria: duplicate actor_id",
    ),
    "alias shared without a rule": (
        [
            ("actors.yaml", "[Syria, Syrian Arab Republic]}", "[Syria], weak: [Damascus]}"),
            ("actors.yaml", "[Russia, Russian Federation]}", "[Russia], weak: [Damascus]}"),
        ],
        "actors.yaml: alias 'damascus' is on syria, russia without a disambiguation rule",
    ),
    "role holder naming no actor": (
        [("roles.yaml", "{actor_id: alexander-lavrentiev,", "{actor_id: alexander-lavrentyev,")],
        "roles.yaml: role head-russian-delegation-astana: holder 'alexander-lavrentyev' is not in the actor",
    ),
    "overlapping holders": (
        [
            (
                "roles.yaml",
                "{actor_id: lakhdar-brahimi, from: 2012-09-01,",
                "{actor_id: lakhdar-brahimi, from: 2012-08-01,",
            )
        ],
        "roles.yaml: role un-envoy-for-syria: holders kofi-annan and lakhdar-brahimi overlap in time",
    ),
    "impossible date": (
        [
            (
                "roles.yaml",
                "{actor_id: geir-pedersen, from: 2019-01-07}",
                "{actor_id: geir-pedersen, from: 2024-02-30}",
            )
        ],
        "roles.yaml: role un-envoy-for-syria geir-pedersen from: '2024-02-30' is not a day of the calendar",
    ),
    "from after to": (
        [
            (
                "roles.yaml",
                "{actor_id: kofi-annan, from: 2012-02-23,",
                "{actor_id: kofi-annan, from: 2012-09-23,",
            )
        ],
        "roles.yaml: role un-envoy-for-syria: kofi-annan from 2012-09-23 is after to 2012-08-31",
    ),
}


@pytest.mark.parametrize("case", INVALID_CASES)
def test_each_invalid_dictionary_is_refused_naming_file_entry_and_problem(own: Path, case: str) -> None:
    edits, expected = INVALID_CASES[case]
    for name, old, new in edits:
        _edit(own, name, old, new)
    problems = _problems(own)
    assert any(problem.startswith(f"{own}/") and expected in problem for problem in problems), problems
    message = refusal(DictionaryError(problems))
    assert message.startswith("invalid actor dictionary: ")
    assert len(message.splitlines()) <= 5


def test_a_refusal_shows_three_problems_and_points_at_the_rest() -> None:
    message = refusal(DictionaryError([f"actors.yaml: actor a{n}: duplicate actor_id" for n in range(7)]))
    assert message.splitlines() == [
        "invalid actor dictionary: actors.yaml: actor a0: duplicate actor_id",
        "  actors.yaml: actor a1: duplicate actor_id",
        "  actors.yaml: actor a2: duplicate actor_id",
        "  ... and 4 more (`newsetl actors check` lists them all)",
    ]


def _without_actor(folder: Path, actor_id: str) -> None:
    """The actor's entry and the role holders that name it, gone (as an analyst would do it)."""
    actors = yaml.safe_load((folder / "actors.yaml").read_text(encoding="utf-8"))
    kept = [actor for actor in actors if actor["actor_id"] != actor_id]
    assert len(kept) == len(actors) - 1
    (folder / "actors.yaml").write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), "utf-8")
    roles = yaml.safe_load((folder / "roles.yaml").read_text(encoding="utf-8"))
    for role in roles:
        role["holders"] = [holder for holder in role.get("holders") or [] if holder["actor_id"] != actor_id]
    (folder / "roles.yaml").write_text(yaml.safe_dump(roles, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize(
    "actor_id",
    [
        # The only holder of a role: the role stays, with no holder.
        "alexander-lavrentiev",
        # One of four holders of a role.
        "staffan-de-mistura",
        # The `default` of an alias it shares with others (الأسد): the others keep prior_mention.
        "bashar-al-assad",
        # Holds two spells of one role.
        "mevlut-cavusoglu",
    ],
)
def test_removing_an_actor_with_its_role_holders_leaves_a_valid_dictionary(own: Path, actor_id: str) -> None:
    _without_actor(own, actor_id)
    dictionary = load_dictionary_dir(own)
    assert actor_id not in set(dictionary.dim_actor["actor_id"])
    assert all(
        holder.actor_id != actor_id for holders in dictionary.role_holders.values() for holder in holders
    )


def _schema_validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads(FILE_SCHEMAS[name].read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema)


def _as_editor_reads(path: Path) -> object:
    """The YAML as a YAML language server sees it: dates are strings."""
    from etl.actors.dictionary_files import _TextDateLoader

    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TextDateLoader)


@pytest.mark.parametrize("name", sorted(FILE_SCHEMAS))
def test_the_bundled_files_validate_against_their_json_schema(name: str) -> None:
    errors = list(_schema_validator(name).iter_errors(_as_editor_reads(BUNDLED_DIR / name)))
    assert not errors, [error.message for error in errors[:5]]


def test_the_json_schema_knows_the_keys_and_types_the_loader_knows() -> None:
    actors = json.loads(FILE_SCHEMAS["actors.yaml"].read_text(encoding="utf-8"))
    actor = actors["$defs"]["actor"]
    assert set(actor["properties"]) == ACTOR_KEYS
    assert set(actor["properties"]["type"]["enum"]) == ACTOR_TYPES
    assert set(actors["$defs"]["alias"]["oneOf"][1]["properties"]) == ALIAS_ITEM_KEYS
    role = json.loads(FILE_SCHEMAS["roles.yaml"].read_text(encoding="utf-8"))["items"]
    assert set(role["properties"]) == ROLE_KEYS
    assert set(role["properties"]["holders"]["items"]["properties"]) == HOLDER_KEYS
    context = json.loads(FILE_SCHEMAS["name_context.yaml"].read_text(encoding="utf-8"))
    assert set(context["properties"]) == NAME_CONTEXT_KEYS


def test_the_json_schema_flags_what_an_editor_should_underline(own: Path) -> None:
    _edit(own, "actors.yaml", "  name_en: Russia\n", "  name_en: Russia\n  nickname: Rus\n")
    _edit(own, "actors.yaml", "  type: state\n", "  type: nation\n")
    errors = list(_schema_validator("actors.yaml").iter_errors(_as_editor_reads(own / "actors.yaml")))
    messages = " | ".join(error.message for error in errors)
    assert "'nickname' was unexpected" in messages
    assert "'nation' is not one of" in messages


def test_mentions_command_uses_the_dictionary_folder_of_the_setting(own: Path, tmp_path: Path) -> None:
    page = PROJECT_ROOT / "sample_corpus/landing/2017-07-07/furat-astana-5-ends-no-deal.html"

    def mentioned(folder: Path) -> set[str]:
        completed = subprocess.run(
            [sys.executable, "-m", "etl.cli", "mentions", str(page)],
            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
            env={**os.environ, DICTIONARY_ENV: str(folder)},
        )  # fmt: skip
        assert completed.returncode == 0, completed.stderr
        return {json.loads(line)["actor_id"] for line in completed.stdout.splitlines()}

    full = mentioned(own)
    assert "staffan-de-mistura" in full
    _without_actor(own, "staffan-de-mistura")
    assert mentioned(own) == full - {"staffan-de-mistura"}
