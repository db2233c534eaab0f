"""The body by agreement between voters: who wins a disputed paragraph, what never enters the body
whichever voter supplied it (headline, dateline, hidden elements), and how body_source says it."""

from __future__ import annotations

import pytest
from lxml import etree

from etl.parse import ParsedArticle, parse_html
from etl.parse.agreement import Ballots, agreed_paragraphs, held, vocabulary
from etl.parse.dom import parse_document, prune
from etl.parse.voters import VOTERS, VotedPage
from evaluation.extractors import voter_alone

HEADLINE = "Macron meets Scholz in Berlin"
DATELINE = "Published 3 June 2024 10:00"
FIRST = (
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday to "
    "discuss the budget of the European Union and support for Ukraine."
)
SECOND = "The two leaders agreed to meet again in Paris next month, officials said after the talks."


def short_article(body: str) -> bytes:
    return f"""<html><head><title>{HEADLINE} | Daily Planet</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{HEADLINE}</h1><p class="dateline">{DATELINE}</p>{body}</article>
<footer>Daily Planet, 12 Fleet Street</footer></body></html>""".encode()


@pytest.mark.parametrize("voter", [voter.name for voter in VOTERS])
def test_headline_and_dateline_never_enter_the_body_whichever_voter_serves_it(voter: str) -> None:
    raw = short_article(f"<p>{FIRST}</p><p>{SECOND}</p>")
    article = parse_html(raw, url="https://planet.example/a", body_rule=voter_alone(voter))
    assert isinstance(article, ParsedArticle), article
    assert article.body_source == voter
    assert article.body == f"{FIRST}\n\n{SECOND}"
    assert article.title == HEADLINE


def test_a_short_article_the_arbiter_serves_keeps_its_headline_out_of_the_body() -> None:
    # Under MIN_BODY_CHARS, trafilatura is asked; its copy with the headline and the dateline was
    # longer than ours and won, so every actor of the headline was counted twice.
    article = parse_html(short_article(f"<p>{FIRST}</p>"), url="https://planet.example/a")
    assert isinstance(article, ParsedArticle), article
    assert article.body == FIRST
    assert HEADLINE not in article.body and "June 2024" not in article.body


HIDDEN_PROSE = "This paragraph is the real article text and it is long enough to count as prose here."
# Where each piece of markup goes: the head, between the article's paragraphs, or after them (an
# unclosed <noscript> hides the rest of the page from a browser, so nothing real may follow it).
ODDLY_NESTED = {
    "escaped noscript in the head": ("head", '<noscript>&lt;img height="1" width="1"&gt;</noscript>'),
    "noscript pixel in the head": ("head", '<noscript><img height="1" width="1" src="px"></noscript>'),
    "template with a paragraph": ("middle", "<template><p>TEMPLATE paragraph nobody sees</p></template>"),
    "noscript inside a paragraph": (
        "middle",
        "<p>Lead of the story. <noscript>NOSCRIPT enable it</noscript></p>",
    ),
    "script inside a table row": (
        "middle",
        "<table><tr><script>var SCRIPT = 1;</script><td>cell</td></tr></table>",
    ),
    "style inside a paragraph": (
        "middle",
        "<p>Styled lead of the story.<style>.STYLE { color: red }</style></p>",
    ),
    "noscript inside a select": (
        "middle",
        "<select><noscript><p>NOSCRIPT in a select</p></noscript></select>",
    ),
    "unclosed noscript": (
        "end",
        '<noscript><img src="px" height="1" width="1"><p>NOSCRIPT unclosed text</p>',
    ),
    "obsolete raw-text elements": (
        "middle",
        "<noembed>NOEMBED</noembed><noframes>NOFRAMES</noframes><xmp>XMP</xmp>",
    ),
    "noscript and style inside svg": (
        "middle",
        "<svg><noscript>NOSCRIPT</noscript><style>STYLE</style></svg>",
    ),
}
HIDDEN_WORDS = ("<img", "img height", "NOSCRIPT", "TEMPLATE", "SCRIPT", "STYLE", "NOEMBED", "NOFRAMES", "XMP")


@pytest.mark.parametrize("voter", [None, *(voter.name for voter in VOTERS)])
@pytest.mark.parametrize("placed", ODDLY_NESTED.values(), ids=ODDLY_NESTED.keys())
def test_raw_text_elements_never_become_text(placed: tuple[str, str], voter: str | None) -> None:
    where, markup = placed
    parts = {place: markup if place == where else "" for place in ("head", "middle", "end")}
    raw = f"""<html><head><title>Hidden elements</title>{parts["head"]}</head><body><article>
<p>{HIDDEN_PROSE} {HIDDEN_PROSE}</p>{parts["middle"]}<p>{HIDDEN_PROSE} It ends the story.</p>{parts["end"]}
</article></body></html>""".encode()
    article = parse_html(raw, url="https://planet.example/h", body_rule=voter_alone(voter) if voter else None)
    assert isinstance(article, ParsedArticle), article
    assert "It ends the story." in article.body
    assert [word for word in HIDDEN_WORDS if word in article.body] == []


def test_an_article_copied_into_noscript_still_counts_where_the_page_shows_it() -> None:
    copy = f"<noscript><p>{FIRST}</p><p>{SECOND}</p></noscript>"
    article = parse_html(
        short_article(f"<p>{FIRST}</p><p>{SECOND}</p>{copy}"), url="https://planet.example/n"
    )
    assert isinstance(article, ParsedArticle), article
    assert article.body == f"{FIRST}\n\n{SECOND}"


def ballots(own: list[str], resiliparse: list[str], trafilatura: list[str] | None = None) -> Ballots:
    """Ballots whose voters have already answered; an arbiter left out is never asked (it would
    read an empty page and abstain)."""
    answers = {"own": own, "resiliparse": resiliparse}
    if trafilatura is not None:
        answers["trafilatura"] = trafilatura
    page = VotedPage("", etree.fromstring("<html><body></body></html>", etree.HTMLParser()), None)
    return Ballots(page, set(), "", asked=answers)


ARTICLE = [
    "Negotiators met in Astana on Tuesday and agreed on a schedule for the next round of talks.",
    "The delegations discussed de-escalation zones at length, according to the host ministry.",
    "A final statement is expected on Friday, after the experts have compared their maps.",
]
TEASER_RAIL = [
    "Jane Doe, 2 June 2024. A long summary of another story about elections in Lisbon and Porto.",
    "John Roe, 1 June 2024. A long summary of yet another story about the harvest in Andalusia.",
]


def test_fast_voters_that_agree_give_our_paragraphs_without_asking_the_arbiter() -> None:
    agreed = ballots(ARTICLE, [*ARTICLE[:2], ARTICLE[2].replace("Friday", "Friday morning")])
    assert agreed_paragraphs(agreed) == (ARTICLE, "agreement")
    assert "trafilatura" not in agreed.asked


def test_a_teaser_rail_only_our_scorer_keeps_is_voted_out() -> None:
    voted = ballots([*ARTICLE, *TEASER_RAIL], ARTICLE, ARTICLE)
    assert agreed_paragraphs(voted) == (ARTICLE, "vote")


LOST = " ".join(
    f"Paragraph sentence {number} of the long middle section describes the maps in detail."
    for number in ("one", "two", "three", "four")
)


def test_a_paragraph_we_lost_that_both_others_keep_is_voted_back_in_its_place() -> None:
    whole = [ARTICLE[0], LOST, ARTICLE[2]]
    voted = ballots([ARTICLE[0], ARTICLE[2]], whole, whole)
    assert agreed_paragraphs(voted) == (whole, "vote")


def test_a_paragraph_only_one_other_voter_keeps_stays_out() -> None:
    voted = ballots([ARTICLE[0]], [*ARTICLE, *TEASER_RAIL], [ARTICLE[0]])
    assert agreed_paragraphs(voted) == ([ARTICLE[0]], "vote")


def test_a_voter_that_gives_nothing_abstains_and_ours_stands() -> None:
    assert agreed_paragraphs(ballots([*ARTICLE, *TEASER_RAIL], [])) == ([*ARTICLE, *TEASER_RAIL], "own")
    assert agreed_paragraphs(ballots([*ARTICLE, *TEASER_RAIL], ARTICLE[:1], [])) == (
        [*ARTICLE, *TEASER_RAIL],
        "own",
    )


def test_a_paragraph_is_held_across_different_cuts_and_a_changed_word() -> None:
    other = vocabulary([f"{ARTICLE[0]} {ARTICLE[1]}"])
    assert held(ARTICLE[1].replace("length", "great length"), other)
    assert not held(ARTICLE[2], other)


def page_ballots(body: str) -> Ballots:
    """Ballots on a real page; no voter has answered yet."""
    root = parse_document(short_article(body).decode())
    assert root is not None
    prune(root)
    return Ballots(VotedPage(short_article(body).decode(), root, HEADLINE), set(), "")


def test_a_body_of_plain_prose_stands_without_asking_another_voter() -> None:
    paragraphs = [f"{FIRST} ({number})" for number in range(6)]
    prose = page_ballots("".join(f"<p>{paragraph}</p>" for paragraph in paragraphs))
    assert agreed_paragraphs(prose) == (paragraphs, "prose")
    assert set(prose.answers) == {"own"} and set(prose.asked) <= {"own"}


def test_a_body_with_much_short_text_is_put_to_the_other_voters() -> None:
    captions = "".join(f"<p>Photo {n}: the leaders in Berlin.</p>" for n in range(6))
    mixed = page_ballots(f"<p>{FIRST}</p>{captions}<p>{SECOND}</p>")
    _paragraphs, source = agreed_paragraphs(mixed)
    assert source != "prose"
    assert "resiliparse" in mixed.answers or "resiliparse" in mixed.asked


RAIL_SUMMARIES = [
    "A long summary of another story about the elections in Lisbon and Porto, where the two main "
    "parties traded accusations over the budget and the turnout fell for the third time in a row.",
    "A long summary of yet another story about the harvest in Andalusia, where farmers said the "
    "drought had cut the olive crop by half and asked the government in Madrid for emergency aid.",
]


def test_plain_prose_under_a_root_split_with_a_rail_of_summaries_is_put_to_the_other_voters() -> None:
    # A "More from" rail after the story: an author line, a date line and a whole summary
    # paragraph per item. It is prose, so the plain-prose test alone let it stand unvoted.
    rail = "".join(
        f'<div class="item"><p>By Jane Doe</p><p>2 June 2024</p><p>{summary}</p></div>'
        for summary in RAIL_SUMMARIES
    )
    story = "".join(f"<p>{FIRST} ({number})</p>" for number in range(6))
    alone = page_ballots(f'<div class="story">{story}</div>')
    assert agreed_paragraphs(alone)[1] == "prose"
    split = page_ballots(f'<div class="story">{story}</div><section><h2>More from us</h2>{rail}</section>')
    reading = split.own_reading()
    assert reading is not None and reading.short_text_share <= 0.2
    assert agreed_paragraphs(split)[1] != "prose"
    assert "resiliparse" in split.answers or "resiliparse" in split.asked


def test_an_article_of_two_paragraphs_is_put_to_the_other_voters() -> None:
    # Its container may be a fragment of the article (a lead box, one column of a split body).
    short = page_ballots(f"<p>{FIRST}</p><p>{SECOND}</p>")
    assert agreed_paragraphs(short) == ([FIRST, SECOND], "agreement")


STORY = [f"{FIRST} ({number})" for number in range(6)]
RESPONSES = [
    f"Reader {number}: I think the Russians and the Iranians will never accept this plan, and the "
    "Turkish side knows it very well, so why do the Americans even bother to attend these talks?"
    for number in range(3)
]


def thread_ballots(
    resiliparse: list[str], trafilatura: list[str] | None, paragraphs: list[str] = STORY
) -> Ballots:
    """A story and, beside it under the same root, a thread of readers' responses whose markup
    names nothing (no "comment" class to prune by), with the other voters' answers given."""
    story = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    thread = "".join(
        f"<li><div>reader{n}</div><div><p>{text}</p></div></li>" for n, text in enumerate(RESPONSES)
    )
    page = page_ballots(f'<div class="story">{story}</div><div class="responses"><ol>{thread}</ol></div>')
    page.answers["resiliparse"] = resiliparse
    if trafilatura is not None:
        page.answers["trafilatura"] = trafilatura
    return page


def test_paragraphs_beside_the_article_need_both_other_voters() -> None:
    reading = thread_ballots([], None).own_reading()
    assert reading is not None
    assert reading.beside_paragraphs == {*RESPONSES, "reader0", "reader1", "reader2"}
    # resiliparse keeps the thread and agrees with us, trafilatura does not: one vote is not enough
    # beside the article, though it would be inside it.
    assert agreed_paragraphs(thread_ballots([*STORY, *RESPONSES], STORY)) == (STORY, "vote")
    assert agreed_paragraphs(thread_ballots([*STORY, *RESPONSES], [*STORY, *RESPONSES])) == (
        [*STORY, *RESPONSES],
        "vote",
    )


def test_paragraphs_beside_the_article_the_second_voter_drops_are_out_without_the_arbiter() -> None:
    ballots = thread_ballots(STORY, None)
    assert agreed_paragraphs(ballots) == (STORY, "agreement")
    assert "trafilatura" not in ballots.answers


SECTION_ONE = [f"{FIRST} ({number})" for number in range(6)]
SECTION_TWO = [
    "After the talks the chancellor flew to Warsaw, where he was expected to meet the Polish prime "
    "minister and discuss the border, the price of grain and the war on the other side of it.",
    "The French president returned to Paris in the evening; his office said a joint letter on the "
    "budget would be sent to the other member states before the summit in Brussels next week.",
]
LINK_LIST = "".join(
    f'<li><a href="/story/{n}">Another story about Berlin, number {n}</a></li>' for n in range(80)
)


def test_a_root_that_holds_too_little_of_the_pages_prose_is_put_to_the_vote() -> None:
    # The article goes on after a list of links inside its own container: that container scores
    # below the first part, whose root then holds little over half of the page's prose. The vote
    # adds back what both other voters hold.
    first = "".join(f"<p>{paragraph}</p>" for paragraph in SECTION_ONE)
    second = "".join(f"<p>{paragraph}</p>" for paragraph in SECTION_TWO)
    page = page_ballots(f"<section>{first}</section><div><ul>{LINK_LIST}</ul>{second}</div>")
    reading = page.own_reading()
    assert reading is not None and reading.short_text_share <= 0.2
    assert reading.page_share < 0.8
    assert reading.paragraphs == SECTION_ONE
    assert agreed_paragraphs(page) == ([*SECTION_ONE, *SECTION_TWO], "vote")


def test_where_the_fast_voters_agree_only_the_paragraphs_beside_the_article_go_to_the_arbiter() -> None:
    # Both other voters miss the story's first paragraph: the agreement keeps it, and the
    # arbiter's word counts only beside the article, where it drops the thread.
    story = [SECTION_TWO[0], *STORY]
    ballots = thread_ballots([*STORY, *RESPONSES], STORY, story)
    assert agreed_paragraphs(ballots) == (story, "vote")
