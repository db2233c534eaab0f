"""Terminal tables with Arabic and English rows: every line the same display width, words whole,
snippets cut around their mention; CSV and JSON untouched."""

import json
import unicodedata

import polars as pl
import pytest

from etl.cli import print_frame
from etl.terminal_tables import render_table, snippet_window

ARABIC_SNIPPET = (
    "قال مصدر في وفد المعارضة إن الجولة الخامسة من المحادثات في العاصمة الكازاخستانية انتهت دون اتفاق"
    " على حدود مناطق خفض التصعيد، وإن المبعوث الأممي ستيفان دي ميستورا سيزور دمشق الأسبوع المقبل"
    " لبحث ملف المعتقلين مع وزير الخارجية وليد المعلم"
)
ENGLISH_SNIPPET = (
    "The fifth round of talks in the Kazakh capital ended without agreement on the borders of the"
    " de-escalation zones, and the opposition delegation said it would not return until Iran stopped"
    " sending militias to the south"
)
SHORT_SNIPPET = "أعلن الرئيس بشار الأسد."
ROWS = pl.DataFrame(
    {
        "actor_id": ["walid-muallem", "iran", "bashar-al-assad"],
        "actor_name": ["وليد المعلّم", "Iran", "بَشّار الأسد"],
        "mentions": [1, 12, 3],
        "surface": ["وليد المعلم", "Iran", "الأسد"],
        "snippet": [ARABIC_SNIPPET, ENGLISH_SNIPPET, SHORT_SNIPPET],
    }
)


def display_width(line: str) -> int:
    """Columns a terminal gives `line`: marks and format characters none, wide characters two."""
    width = 0
    for character in line:
        if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


@pytest.mark.parametrize("width", [80, 120, 200])
def test_arabic_and_english_rows_line_up(width: int) -> None:
    lines = render_table(ROWS, width=width).splitlines()
    assert len({display_width(line) for line in lines}) == 1, lines
    assert display_width(lines[0]) <= width
    # A mark (the shadda of المعلّم, the fatha of بَشّار) takes no column: counted with len() the
    # rows would differ.
    assert len({len(line) for line in lines}) > 1


def test_cells_wrap_between_words() -> None:
    lines = render_table(ROWS, width=80).splitlines()
    cells = [line.split("|")[5].strip() for line in lines[2:]]
    words = {word for cell in cells for word in cell.replace("…", " ").split()}
    for snippet in (ARABIC_SNIPPET, ENGLISH_SNIPPET):
        assert words & set(snippet.split())
    assert words <= {word for snippet in ROWS["snippet"] for word in snippet.split()}


def test_a_long_snippet_keeps_its_mention_in_view() -> None:
    arabic = snippet_window(ARABIC_SNIPPET, "وليد المعلم", max_chars=80)
    english = snippet_window(ENGLISH_SNIPPET, "opposition delegation", max_chars=80)
    assert "وليد المعلم" in arabic and arabic.startswith("…")
    assert "opposition delegation" in english and english.startswith("…") and english.endswith("…")
    # Near the end, the window ends with the snippet rather than leave columns unused.
    assert snippet_window(ENGLISH_SNIPPET, "Iran", max_chars=80).endswith("militias to the south")
    assert len(english) <= 82
    # Cut at spaces: every word kept is a whole word of the snippet.
    assert set(english.strip("…").split()) <= set(ENGLISH_SNIPPET.split())
    assert snippet_window("short", "x") == "short"


def test_the_table_shows_the_mention_of_a_long_snippet() -> None:
    text = render_table(ROWS, width=400)
    assert "وليد المعلم" in text.splitlines()[2].split("|")[5]
    assert "Iran stopped" in text.splitlines()[3].split("|")[5]


def test_csv_and_json_are_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    print_frame(ROWS, "csv")
    assert capsys.readouterr().out == ROWS.write_csv()
    print_frame(ROWS, "json")
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == ROWS.to_dicts()
