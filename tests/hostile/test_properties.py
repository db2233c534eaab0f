"""Hypothesis properties: the parser answers any bytes with an article or a deliberate reason;
mention offsets always slice the original text; loading any batch twice changes nothing."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl.actors import load_dictionary
from etl.actors.matching import mentions_in_text
from etl.actors.normalise import fold, normalise_alias, normalise_text
from etl.parse import ParsedArticle, ParseFailure, parse_html
from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.load import load_batches, table_fingerprints
from tests.hostile.bad_corpus import ARABIC_PARAGRAPHS
from tests.warehouse.builders import article, mention, staged

# -------------------------------------------------------------------------- parser, any bytes

HTML_PIECES = (
    b"<html>", b"<head>", b"<body>", b"<p>", b"</p>", b"<div class='article-body'>", b"</div>",
    b"<title>", b"</title>", b'<meta charset="windows-1256">', b'<meta charset="utf-8">',
    b"<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"",
    b"\"}</script>", b"<!DOCTYPE html>", b"<?xml version='1.0'?>", b"<![CDATA[", b"]]>", b"&amp;",
    b"&#x0;", b"&#1;", b"&nbsp;", b"<!--", b"-->", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1f\x8b",
    b"\xd8\xa7\xd9\x84", b"\xc7\xe1", b"2017-07-04", b"<time datetime='", b"'>", b"</time>",
    "قال وزير الخارجية إن المحادثات في أستانا ستستمر".encode(), b"The talks in Astana went on. " * 8,
)  # fmt: skip
html_like_bytes = st.lists(st.one_of(st.sampled_from(HTML_PIECES), st.binary(max_size=40)), max_size=60).map(
    b"".join
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.one_of(st.binary(max_size=2000), html_like_bytes))
def test_parser_answers_any_bytes_with_an_article_or_a_deliberate_reason(raw: bytes) -> None:
    outcome = parse_html(raw)

    if isinstance(outcome, ParseFailure):
        assert outcome.reason and "\n" not in outcome.reason
        # parse_html turns any exception into "parser error: ..."; such a reason is a crash the
        # parser did not mean.
        assert not outcome.reason.startswith("parser error"), outcome.reason
    else:
        assert isinstance(outcome, ParsedArticle)
        assert outcome.body.strip()


def test_a_control_character_after_a_script_does_not_lose_an_undated_page() -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in ARABIC_PARAGRAPHS)
    page = (
        '<html><head><meta charset="utf-8"><title>عنوان</title></head><body>'
        f"<script>var a = 1;</script>\x01<article>{body}</article></body></html>"
    )

    parsed = parse_html(page.encode())

    assert isinstance(parsed, ParsedArticle), parsed
    assert parsed.body.startswith("قال وزير الخارجية")


# ------------------------------------------------------------------------- offset map, Arabic

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءئؤةى"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"
ALEF_VARIANTS = "أإآٱ"
PRESENTATION_FORMS = "".join(
    chr(c) for c in (0xFEFB, 0xFEF5, 0xFE8D, 0xFEDF, 0xFEE0, 0xFE91, 0xFDF2, 0xFB51, 0xFE70)
)
LATIN = "AaIiRrNnSsyY éÉüÜçÇ-–"
ALIASES = ("إيران", "روسيا", "سوريا", "تركيا", "Iran", "Russia", "Syria", "Türkiye", "بشار الأسد", "الأسد")
SEPARATORS = (" ", "، ", ". ", "\n", " و", " ب", " ل", "ـ")


def decorated(word: str, marks: list[str]) -> str:
    """The word with a mark (haraka, tatweel) after some of its letters."""
    return "".join(letter + (marks[i] if i < len(marks) else "") for i, letter in enumerate(word))


words = st.one_of(
    st.text(
        alphabet=ARABIC_LETTERS + HARAKAT + TATWEEL + ALEF_VARIANTS + PRESENTATION_FORMS + LATIN, max_size=12
    ),
    st.builds(
        decorated,
        st.sampled_from(ALIASES),
        st.lists(st.sampled_from(["", "", "", *HARAKAT, TATWEEL]), max_size=12),
    ),
)
arabic_texts = st.lists(st.tuples(words, st.sampled_from(SEPARATORS)), max_size=30).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)


@pytest.fixture(scope="module")
def dictionary():
    return load_dictionary()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=arabic_texts)
def test_normalised_indices_map_back_to_the_character_they_came_from(text: str) -> None:
    norm = normalise_text(text)

    assert norm.text == fold(text)
    for index, character in enumerate(norm.text):
        assert character in fold(text[norm.original_index(index)]), (index, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=arabic_texts)
def test_every_mention_slices_the_original_text_to_its_alias(text: str, dictionary) -> None:
    for start, end, _actor_id, alias, strength in mentions_in_text(text, dictionary, date(2017, 7, 4)):
        surface = text[start:end]
        assert 0 <= start < end <= len(text)
        assert surface == surface.strip()
        if strength != "role":
            assert normalise_alias(alias) in normalise_alias(surface), (surface, alias, text)


# -------------------------------------------------------------------- loading twice, any batch

BATCHES = ("2017-07-04", "2017-07-05", "2017-07-06")
BODY_WORDS = ("Iran", "spoke", "and", "Russia", "met", "'quote'", "; DROP TABLE fact_article; --", "إيران")


@st.composite
def staged_batches(draw: st.DrawFn):
    count = draw(st.integers(min_value=1, max_value=6))
    articles, mentions, rejects = [], [], []
    for number in range(count):
        article_id = f"a{number:02d}"
        batch = draw(st.sampled_from(BATCHES))
        if draw(st.booleans()) and number:
            rejects.append(
                {
                    "batch_id": batch,
                    "source_path": f"{batch}/{article_id}.html",
                    "input_id": article_id + "f" * 61,
                    "stage": draw(st.sampled_from(["ingest", "parse"])),
                    "reason": draw(st.text(min_size=1, max_size=30)),
                }
            )
            continue
        body = " ".join(draw(st.lists(st.sampled_from(BODY_WORDS), min_size=1, max_size=12)))
        published = draw(
            st.one_of(st.none(), st.integers(0, 60).map(lambda d: date(2017, 6, 1) + timedelta(d)))
        )
        articles.append(article(article_id, batch, published, body))
        mentions.extend(
            mention(article_id, "iran", body, "Iran", occurrence) for occurrence in range(body.count("Iran"))
        )
    return staged(articles, mentions, rejects)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(load=staged_batches())
def test_loading_any_batch_twice_changes_nothing(load, tmp_path_factory: pytest.TempPathFactory) -> None:
    path: Path = tmp_path_factory.mktemp("twice") / "news.duckdb"
    fingerprints = []
    for loaded_at in (datetime(2017, 7, 7, tzinfo=UTC), datetime(2017, 7, 8, tzinfo=UTC)):
        with write_transaction(path) as connection:
            counts = load_batches(connection, load, loaded_at)
        with read_connection(path) as connection:
            fingerprints.append(table_fingerprints(connection))
        assert counts["inputs"] == load.ingest_log.height

    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0]["fact_article"][0] == load.articles.height
    assert fingerprints[0]["ingest_log"][0] == load.ingest_log.height
