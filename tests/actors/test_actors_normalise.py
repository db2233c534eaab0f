import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.actors.normalise import (
    DROPPED_CHARACTERS,
    fold,
    fold_texts,
    normalise_alias,
    normalise_text,
    offset_shifter_flags,
)


def test_folds_arabic_variants_to_one_form():
    assert fold("أإآٱ") == "اااا"
    assert fold("مستشفى") == "مستشفي"
    assert fold("الجمهورية") == "الجمهوريه"
    assert fold("٢٠١٧ ۲۰۱۷") == "2017 2017"
    assert fold("بشّارُ الأسـد") == "بشار الاسد"


def test_folds_latin_case_diacritics_and_hyphens():
    assert normalise_alias("Recep Tayyip Erdoğan") == normalise_alias("recep tayyip erdogan")
    assert normalise_alias("al-Assad") == normalise_alias("Al Assad") == "al assad"
    assert fold("Mevlüt Çavuşoğlu") == "mevlut cavusoglu"
    assert fold("Assad’s") == "assad's"


def test_presentation_forms_fold_to_base_letters():
    assert fold("\ufe97\ufeae\ufedb\ufef4\ufe8e") == "تركيا"
    assert fold("\ufefb") == "لا"


def test_offsets_map_back_across_dropped_and_expanded_characters():
    text = "قال بشّار الأسـدُ و\ufefbفروف"
    norm = normalise_text(text)
    start = norm.text.index("بشار الاسد")
    original_start, original_end = norm.original_span(start, start + len("بشار الاسد"))
    assert text[original_start:original_end] == "بشّار الأسـدُ"
    lam = norm.text.index("لافروف")
    original_start, original_end = norm.original_span(lam, lam + len("لافروف"))
    assert text[original_start:original_end] == "\ufefbفروف"


def test_identity_map_when_nothing_shifts():
    norm = normalise_text("Syria and Turkey")
    assert norm.breakpoints == ()
    assert norm.original_span(4, 9) == (4, 9)


_PIECES = st.sampled_from(
    [
        "ب",
        "ش",
        "ا",
        "ر",
        "أ",
        "ة",
        "ى",
        " ",
        "ّ",
        "ُ",
        "ـ",
        "\u200f",
        "\ufefb",
        "\ufe97",
        "ﷲ",
        "A",
        "ğ",
        "-",
        "،",
        ".",
        "٣",
        "\ufe70",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.data())
def test_every_normalised_span_maps_to_an_original_span_that_normalises_back(text, data):
    norm = normalise_text(text)
    assert norm.text == fold(text)
    assert offset_shifter_flags(pl.Series([text]))[0] == bool(norm.breakpoints)
    if not norm.text:
        return
    start = data.draw(st.integers(0, len(norm.text) - 1))
    end = data.draw(st.integers(start + 1, len(norm.text)))
    original_start, original_end = norm.original_span(start, end)
    assert 0 <= original_start < original_end <= len(text)
    assert norm.text[start:end] in fold(text[original_start:original_end])
    assert original_end == len(text) or text[original_end] not in DROPPED_CHARACTERS


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(_PIECES | st.characters(exclude_categories=("Cs",)), max_size=30).map("".join),
        max_size=5,
    )
)
def test_column_fold_equals_single_text_fold(texts):
    assert fold_texts(pl.Series(texts, dtype=pl.Utf8)).to_list() == [fold(t) for t in texts]
