"""The article's body decided by agreement between the voters of `etl/parse/voters.py`.

Our block scorer reads every page. Its body stands alone (`prose`), no other voter asked, where it
is plain prose (at most `PLAIN_PROSE_SHARE` of its text in short blocks) under a root that holds
one body of prose, not two side by side (`SPLIT_LARGEST`, `SPLIT_SECOND`), and most of the page's
prose (`ROOT_PAGE_SHARE`). Elsewhere the second fast voter is asked too. Where each holds nearly
all of the other's text (`AGREEMENT_SHARE`), our block scorer's paragraphs are the body
(`agreement`). Where they disagree, trafilatura is asked, and a paragraph is kept when two of the
three voters hold it: our paragraphs that one other voter holds, and the paragraphs we missed that
both others hold (`vote`). Our paragraphs from a container beside the article under the chosen
root (`ArticleRoot.beside` in `etl/parse/body.py`: after its heaviest child, with a fifth of its
prose or more, where a rail of teasers with summaries or a comment thread sits) need both other
voters, so the arbiter is asked wherever the second voter holds one of them. A voter that gives
nothing abstains; with two voters left, ours stands (`own`).

Chosen by measurement on all three dev sets together (1,601 pages), each step against the one
before it:
- parse-1.3.0, the vote where the fast voters disagree: WCXB dev word-F1 0.9535 -> 0.9536,
  traf-eval snippet-F1 0.9275 -> 0.9359 with 166 leaking pages instead of 177, Arabic dev 0.957
  unchanged, trafilatura asked on about one page in eight. Asking it on every page scored no
  better; a block-level majority without the agreement gate cost WCXB dev 0.001. But resiliparse
  on every page took the parse under twice trafilatura's speed (11.5 -> 18.7 ms of CPU a page).
- parse-1.4.0, plain prose stands alone (about four pages in five): WCXB dev 0.9540, traf-eval
  0.9281 with 171 leaking pages.
- parse-1.5.0, the arbiter reads our pruned tree, serialised (`etl/parse/voters.py`): half its CPU
  time, the same figures within 0.0001.
- parse-1.6.0, the split root, the root's share of the page and the paragraphs beside the article:
  WCXB dev 0.9539 -> 0.9548, traf-eval 0.9285 -> 0.9330 (precision 0.9148 -> 0.9198, recall
  0.9426 -> 0.9467) with 163 leaking pages instead of 172, Arabic dev unchanged;
  resiliparse is asked on 510 pages instead of 275 and trafilatura on 199 instead of 67, which
  took the parse from 9.08 to 10.45 ms of CPU a page on all dev pages. Making our own parse
  faster with the same output (head, dates, pruning, blocks, the root's sums) paid most of it
  back: 9.72 ms against 8.98 for parse-1.5.0 without them, x2.31 and x2.17 trafilatura's speed
  on WCXB dev and traf-eval in `bench.extraction` (parse-1.5.0: x2.32 and x2.31 at the same load).

Whichever voter supplies a paragraph, the headline, datelines, interface lines and text that a
page never renders (`template` and the obsolete raw-text elements), and literal markup read as
text (a `<noscript>` pixel), never become body: every voter's paragraphs
are cleaned the same way before they are counted (`Ballots`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from etl.parse.body import SENTENCE_BLOCK, ArticleReading, is_interface_line
from etl.parse.voters import ARBITER, FAST_VOTERS, VotedPage, Voter, own_reading

WORD = re.compile(r"\w+")
# A voter holds a paragraph when it has at least this share of the paragraph's word pairs:
# extractors cut paragraphs at different places and differ in a caption or a stray word.
SUPPORT_SHARE = 0.5
# The fast voters agree when each holds this share of the other's words; below it the arbiter
# is asked. Measured 0.5 to 0.8 on all dev sets together: 0.7 is the lowest that keeps WCXB dev
# at its old figure while keeping most of traf-eval's gain (+0.012 snippet-F1), with the
# arbiter asked on about one page in eight; 0.6 cost WCXB dev 0.0007, 0.8 doubled the calls.
AGREEMENT_SHARE = 0.7
# Our body is plain prose when at most this share of its text is in short blocks (under
# LONG_BLOCK): then it stands without a vote, and neither resiliparse nor trafilatura is asked.
# Measured 0.1 to 0.3 on all dev sets together: at 0.2 the vote is skipped on about four pages
# in five, WCXB dev word-F1 0.9536 -> 0.9540, traf-eval snippet-F1 0.9359 -> 0.9281 (leaking
# pages 166 -> 171), Arabic dev unchanged; 0.1 skipped three in five (traf-eval 0.9323).
PLAIN_PROSE_SHARE = 0.2
# ... and when the root it chose is not split: its heaviest child holds at least SPLIT_LARGEST of
# its paragraph weight and the next one at least SPLIT_SECOND. Such a root holds the article and
# a second body of prose beside it, which plain prose does not rule out (a rail of teasers with
# whole summary paragraphs, a comment thread, another story), or is an article of two or three
# paragraphs, where the vote found the rest of the text on short pages our scorer cut to a
# fragment (traf-eval; counting only child containers kept 0.9288 of the 0.9308 below).
# Measured on all dev sets together
# (SPLIT_SECOND 0.15 to 0.3, SPLIT_LARGEST 0.3 to 0.5; the figures move smoothly): the vote is
# then asked on about 447 of 1,601 pages instead of 274, WCXB dev word-F1 0.9540 -> 0.9544,
# traf-eval snippet-F1 0.9279 -> 0.9308 with 166 leaking pages instead of 171, Arabic dev
# unchanged; asking on every page gave 0.9536, 0.9359 and 166.
SPLIT_LARGEST = 0.4
SPLIT_SECOND = 0.2
# ... and when its root holds at least this share of the page's paragraph weight: where much prose
# lies outside it, the descent may have kept one section of a long article, and the paragraphs
# both other voters hold are added back (`vote`). Measured 0.7 to 0.9 on all dev sets together,
# on top of the split root and the paragraphs beside it: traf-eval snippet-F1 0.9311 -> 0.9322,
# 0.9325, 0.9327 (recall 0.9429 -> 0.9452, 0.9463, 0.9471; 163, 164, 165 leaking pages), WCXB
# dev word-F1 0.9550 -> 0.9547, 0.9549, 0.9548, Arabic dev unchanged; below 0.8 on 91 of
# 1,601 pages, 78 of them plain prose.
ROOT_PAGE_SHARE = 0.8
# A line made only of tags is markup a voter read as text: the content of a raw-text element
# (`<noscript><img …></noscript>` in a head, parsed as a browser with scripting does).
LITERAL_MARKUP = re.compile(r"^(?:\s*</?[a-zA-Z][^<>]*>)+\s*$")

WordPairs = set[tuple[str, ...]]


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def word_pairs(paragraph: str) -> WordPairs:
    tokens = words(paragraph)
    if len(tokens) < 2:
        return {(token,) for token in tokens}
    return set(pairwise(tokens))


def vocabulary(paragraphs: list[str]) -> WordPairs:
    """Every word and word pair of the paragraphs, for `held`."""
    pairs: WordPairs = set()
    for paragraph in paragraphs:
        tokens = words(paragraph)
        pairs.update((token,) for token in tokens)
        pairs.update(pairwise(tokens))
    return pairs


def held(paragraph: str, other: WordPairs) -> bool:
    """The other voter has this paragraph, give or take a cut or a word."""
    pairs = word_pairs(paragraph)
    return not pairs or sum(pair in other for pair in pairs) >= SUPPORT_SHARE * len(pairs)


def agree(ours: list[str], theirs: list[str]) -> bool:
    """Each text holds at least AGREEMENT_SHARE of the other's words (as multisets). Asked on every
    page, so it splits and counts in C instead of matching paragraphs one by one; punctuation left
    on a word costs both voters alike."""
    our_words = Counter(" ".join(ours).casefold().split())
    their_words = Counter(" ".join(theirs).casefold().split())
    shared = (our_words & their_words).total()
    return shared >= AGREEMENT_SHARE * our_words.total() and shared >= AGREEMENT_SHARE * their_words.total()


@dataclass
class Ballots:
    """Each voter's cleaned paragraphs for one page, asked once and only when needed."""

    page: VotedPage
    # The headline and its variants (title, <h1>s) as lowercase words: a body line equal to one
    # is the headline, whichever voter kept it.
    headline_words: set[str]
    # The text of the page's noscript/template-like elements, collapsed: what a reader never sees.
    hidden_text: str
    asked: dict[str, list[str]] = field(default_factory=dict)
    # Each voter's paragraphs before cleaning: the agreement test reads these, so a page where
    # the fast voters agree cleans only the paragraphs it keeps.
    answers: dict[str, list[str]] = field(default_factory=dict)
    shown: str | None = None
    reading: ArticleReading | None = None

    def __post_init__(self) -> None:
        # A line longer than every headline (with room for its punctuation) is not one of them.
        self.longest_headline = 2 * max(map(len, self.headline_words), default=0)

    def own_reading(self) -> ArticleReading | None:
        """Our block scorer's reading of the page; None when its answer was given in advance."""
        first = FAST_VOTERS[0]
        if self.reading is None and first.name not in self.asked and first.name not in self.answers:
            self.reading = own_reading(self.page)
            self.answers[first.name] = self.reading.paragraphs
        return self.reading

    def answer(self, voter: Voter) -> list[str]:
        """The voter's paragraphs as it gave them (its cleaned ones where those are all we hold)."""
        if voter.name in self.asked:
            return self.asked[voter.name]
        if voter.name not in self.answers:
            self.answers[voter.name] = voter.paragraphs(self.page)
        return self.answers[voter.name]

    def of(self, voter: Voter) -> list[str]:
        if voter.name not in self.asked:
            keep = self.is_not_headline if voter.reads_pruned_tree else self.is_body_line
            self.asked[voter.name] = [p for p in self.answer(voter) if keep(p)]
        return self.asked[voter.name]

    def is_not_headline(self, paragraph: str) -> bool:
        text = " ".join(paragraph.split())
        return bool(text) and not (
            len(text) <= self.longest_headline and " ".join(words(text)) in self.headline_words
        )

    def is_body_line(self, paragraph: str) -> bool:
        text = " ".join(paragraph.split())
        return (
            bool(text)
            and not (len(text) <= self.longest_headline and " ".join(words(text)) in self.headline_words)
            and not is_interface_line(text)
            and LITERAL_MARKUP.match(text) is None
            and not (self.hidden_text and text in self.hidden_text and text not in self.shown_text())
        )

    def shown_text(self) -> str:
        """The collapsed text of our pruned tree, read only when a line is also hidden: pages that
        put a copy of the article in <noscript> for readers without scripts show it too."""
        if self.shown is None:
            self.shown = " ".join("".join(self.page.pruned_root.itertext()).split())
        return self.shown


def is_plain_prose(reading: ArticleReading) -> bool:
    """Our body stands alone: little short text, one body of prose under the chosen root, and
    most of the page's prose under it."""
    largest, second = reading.child_shares
    split = largest >= SPLIT_LARGEST and second >= SPLIT_SECOND
    return (
        reading.short_text_share <= PLAIN_PROSE_SHARE and not split and reading.page_share >= ROOT_PAGE_SHARE
    )


def agreed_paragraphs(ballots: Ballots) -> tuple[list[str], str]:
    """The body's paragraphs and how they were decided: agreement, vote or own."""
    first, second = FAST_VOTERS
    reading = ballots.own_reading()
    if reading is not None and is_plain_prose(reading):
        ours = ballots.of(first)
        if ours:
            return ours, "prose"
    our_answer, their_answer = ballots.answer(first), ballots.answer(second)
    # Our paragraphs beside the article need both other voters: those the second voter does not
    # hold are out before anything is compared, and those it holds wait for the arbiter.
    beside = reading.beside_paragraphs if reading is not None else frozenset()
    outvoted: frozenset[str] = frozenset()
    if beside and their_answer:
        their_pairs = vocabulary(their_answer)
        outvoted = frozenset(p for p in beside if not held(p, their_pairs))
        beside -= outvoted
        our_answer = [p for p in our_answer if p not in outvoted]
    # Most pages agree before cleaning as after it (a headline or an interface line is a few
    # words of a body): only the kept paragraphs are cleaned then.
    if our_answer and their_answer and agree(our_answer, their_answer):
        ours = [p for p in ballots.of(first) if p not in outvoted]
        if ours:
            return agreed(ours, beside, ballots)
    ours, theirs = [p for p in ballots.of(first) if p not in outvoted], ballots.of(second)
    if ours and not theirs:
        return ours, "own"
    if ours and agree(ours, theirs):
        return agreed(ours, beside, ballots)
    arbiter = ballots.of(ARBITER)
    if not arbiter:
        return ours, "own"
    our_words, their_words, arbiter_words = vocabulary(ours), vocabulary(theirs), vocabulary(arbiter)
    if not ours:
        return [p for p in arbiter if held(p, their_words)], "vote"
    # A paragraph beside the article needs both other voters; one of the article's needs one.
    kept = [
        p
        for p in ours
        if (held(p, their_words) and held(p, arbiter_words))
        or (p not in beside and (held(p, their_words) or held(p, arbiter_words)))
    ]
    missed = [
        p for p in theirs if len(p) >= SENTENCE_BLOCK and not held(p, our_words) and held(p, arbiter_words)
    ]
    return in_reading_order(kept, missed, theirs), "vote"


def agreed(ours: list[str], beside: frozenset[str], ballots: Ballots) -> tuple[list[str], str]:
    """The fast voters agree: our paragraphs, less those beside the article that the arbiter does
    not hold. Only those are put to it: the article's paragraphs stand by the agreement (voting
    them all as well dropped article text trafilatura missed: traf-eval snippet-F1 0.9330 -> 0.9325
    with 164 leaking pages instead of 163)."""
    arbiter = ballots.of(ARBITER) if beside else []
    if not arbiter:
        return ours, "agreement"
    arbiter_words = vocabulary(arbiter)
    return [p for p in ours if p not in beside or held(p, arbiter_words)], "vote"


def in_reading_order(kept: list[str], missed: list[str], theirs: list[str]) -> list[str]:
    """Our kept paragraphs, each missed one placed after the kept paragraph it follows in the
    second voter's text (at the end when none comes before it)."""
    if not missed:
        return kept
    kept_words = [vocabulary([paragraph]) for paragraph in kept]
    missed_set = set(missed)
    after: dict[int, list[str]] = {}
    anchor = -1
    for paragraph in theirs:
        if paragraph in missed_set:
            after.setdefault(anchor, []).append(paragraph)
            missed_set.discard(paragraph)
            continue
        match = next((i for i, pairs in enumerate(kept_words) if i > anchor and held(paragraph, pairs)), None)
        if match is not None:
            anchor = match
    ordered = after.get(-1, [])
    for index, paragraph in enumerate(kept):
        ordered.append(paragraph)
        ordered.extend(after.get(index, []))
    return ordered
