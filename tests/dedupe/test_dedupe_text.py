from hypothesis import given
from hypothesis import strategies as st

from etl.dedupe import body_fingerprint
from etl.dedupe.text import normalise_body

PLAIN = "انطلقت اعمال الجوله الخامسه من اجتماعات استانا في 2017 الي جانب مبعوث الامم المتحده"
DECORATED = "انطَلَقَتْ أعمالُ الجولـــة الخامسة، من اجتماعات «أستانا» في ٢٠١٧\nإلى جانب مبعوث الأمم المتحدة!"


def test_arabic_variation_is_folded() -> None:
    assert normalise_body(DECORATED) == PLAIN
    assert body_fingerprint(DECORATED) == body_fingerprint(PLAIN)


def test_case_punctuation_and_whitespace_are_folded() -> None:
    first = "BEIRUT (Reuters) - Talks   ended\n\nwithout a deal."
    second = "Beirut Reuters — talks ended without a deal"
    assert normalise_body(first) == "beirut reuters talks ended without a deal"
    assert body_fingerprint(first) == body_fingerprint(second)


def test_different_words_give_different_fingerprints() -> None:
    assert body_fingerprint("talks ended without a deal") != body_fingerprint("talks ended with a deal")
    assert body_fingerprint(PLAIN) != body_fingerprint(PLAIN.replace("الخامسه", "السادسه"))


def test_fingerprint_is_blake2b_of_the_normalised_body_so_it_survives_reruns() -> None:
    assert body_fingerprint("Talks ended.") == "0c10e4bcaadf338aba2067672318bca2"


def test_empty_and_missing_bodies_normalise_to_nothing() -> None:
    assert normalise_body(None) == ""
    assert normalise_body(" ،؛ - ") == ""


@given(
    decorations=st.lists(
        st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0640"]), min_size=1, max_size=30
    ),
    positions=st.lists(st.integers(min_value=0, max_value=len(PLAIN)), min_size=1, max_size=30),
)
def test_harakat_and_tatweel_anywhere_after_a_letter_never_change_the_fingerprint(
    decorations: list[str], positions: list[int]
) -> None:
    text = PLAIN
    for mark, position in zip(decorations, positions, strict=False):
        if position > 0 and text[position - 1].isalpha():
            text = text[:position] + mark + text[position:]
    assert body_fingerprint(text) == body_fingerprint(PLAIN)
