"""The matcher that derives expected actor sets: clitics, adjectives, role phrases and traps."""

import pytest

from sample_corpus.actor_forms import find_actors, fold_arabic


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        ("التقى بوتين وأردوغان في سوتشي", {"vladimir-putin", "recep-tayyip-erdogan"}),
        ("لا ثقة بالأسد", {"bashar-al-assad"}),
        ("التابعة لإيران", {"iran"}),
        ("رسالة للأمم المتحدة", {"united-nations"}),
        ("الغارات الروسية والميليشيات الإيرانية", set()),
        ("Russian jets and Iranian militias", set()),
        ("وزارة الخارجية الكازاخستانية", set()),
        ("Russia's plan and Iran's role", {"russia", "iran"}),
    ],
)
def test_clitics_and_adjectives(text: str, actors: set[str]) -> None:
    assert find_actors(text) == actors


def test_longest_form_wins_without_overlap() -> None:
    assert find_actors("قوات سوريا الديمقراطية") == {"sdf"}
    assert find_actors("نظام الأسد") == {"syrian-government"}
    assert find_actors("Syrian government forces") == {"syrian-government"}


def test_role_phrases_resolve_to_their_2017_holder() -> None:
    assert find_actors("قال رئيس الوفد الروسي") == {"alexander-lavrentiev"}
    assert find_actors("the Turkish Foreign Minister said") == {"mevlut-cavusoglu"}
    assert find_actors("أعلن الرئيس الأمريكي") == {"donald-trump"}


def test_acronyms_are_case_sensitive() -> None:
    assert find_actors("the UN said") == {"united-nations"}
    assert find_actors("run it un-done") == set()


def test_phrases_marked_as_not_actors_are_skipped() -> None:
    text = "كان الأسد العجوز في قفصه، والمحاكم تحكم وفق الشرع"
    assert find_actors(text) == {"bashar-al-assad", "ahmed-al-sharaa"}
    assert find_actors(text, ("الأسد العجوز", "وفق الشرع")) == set()


def test_folding_removes_diacritics_and_unifies_letters() -> None:
    assert fold_arabic("إِيرَان") == "ايران"
    assert fold_arabic("سورية") == "سوريه"
    assert find_actors("سوريّة") == {"syria"}
