"""The Arabic folds of every stage pinned on real news words, and the offsets the matcher keeps."""

import pytest

from etl.actors.normalise import fold, normalise_text
from etl.arabic_text import fold_arabic
from etl.dedupe.text import normalise_body
from etl.parse.arabic_dates import arabic_dates

# (as written in a page, as parse folds it, as actors fold it, as dedupe normalises it). The
# Arabic columns agree on every row: the stages differ only in what they do with Latin letters.
REAL_WORDS = [
    ("أردوغان", "اردوغان", "اردوغان", "اردوغان"),
    ("إيران", "ايران", "ايران", "ايران"),
    ("الأسد", "الاسد", "الاسد", "الاسد"),
    ("آذار", "اذار", "اذار", "اذار"),
    ("ٱلله", "الله", "الله", "الله"),
    # Hamza on waw and on yeh is a different letter, not a spelling of alef: kept.
    ("مؤتمر", "مؤتمر", "مؤتمر", "مؤتمر"),
    ("الرئيـــس", "الرئيس", "الرئيس", "الرئيس"),
    ("مدينة", "مدينه", "مدينه", "مدينه"),
    ("مصطفى", "مصطفي", "مصطفي", "مصطفي"),
    ("سوريّة", "سوريه", "سوريه", "سوريه"),
    ("مُحَمَّدٌ", "محمد", "محمد", "محمد"),
    ("النبيّ\u0610", "النبي", "النبي", "النبي"),
    ("٢٠١٧", "2017", "2017", "2017"),
    ("۱۳۹۶", "1396", "1396", "1396"),
    ("ایران", "ايران", "ايران", "ايران"),
    ("کابل", "كابل", "كابل", "كابل"),
    ("می\u200cخواهد", "ميخواهد", "ميخواهد", "ميخواهد"),
    ("\u200fالقدس\u200f", "القدس", "القدس", "القدس"),
    ("\ufefbفروف", "لافروف", "لافروف", "لافروف"),
    ("\ufe97\ufeae\ufedb\ufef4\ufe8e", "تركيا", "تركيا", "تركيا"),
    ("\ufdfa", "صلي الله عليه وسلم", "صلي الله عليه وسلم", "صلي الله عليه وسلم"),
    ("Erdoğan", "Erdoğan", "erdogan", "erdoğan"),
    ("al-Assad", "al-Assad", "al assad", "al assad"),
]


@pytest.mark.parametrize(("written", "parse_form", "actors_form", "dedupe_form"), REAL_WORDS)
def test_each_stage_folds_real_words_as_pinned(
    written: str, parse_form: str, actors_form: str, dedupe_form: str
) -> None:
    assert fold_arabic(written) == parse_form
    assert fold(written) == actors_form
    assert normalise_body(written) == dedupe_form


def test_every_word_of_a_sentence_maps_back_to_its_written_form() -> None:
    written = [word for word, *_ in REAL_WORDS]
    text = " و".join(written)
    normalised = normalise_text(text)
    position = 0
    for word, _, actors_form, _ in REAL_WORDS:
        start = normalised.text.index(actors_form, position)
        original_start, original_end = normalised.original_span(start, start + len(actors_form))
        # A span starts at its first letter and keeps the marks that trail its last one.
        assert text[original_start:original_end] == word.lstrip("\u200f")
        position = start + len(actors_form)


def test_a_date_written_with_marks_and_persian_letters_is_read() -> None:
    assert [day.isoformat() for _, day in arabic_dates("الأحد ٤ تمّوز\u200f/يوليـو ٢٠١٧")] == ["2017-07-04"]
    assert [day.isoformat() for _, day in arabic_dates("۴ جولائی ۲۰۱۷")] == ["2017-07-04"]
