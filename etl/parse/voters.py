"""The extractors that vote on an article's body, each behind one interface: a page in,
paragraphs out. A voter is added or dropped here, and nowhere else.

They fail in different ways, which is what makes a vote between them worth having: our block
scorer (`etl/parse/body.py`) is strongest on Arabic script and keeps whole subtrees, so a teaser
rail or a comment thread inside the chosen container comes along; resiliparse's main-content
rules (Lexbor) read the page as a browser lays it out and drop comment sections, at a seventh
of our parse time; trafilatura is strongest on English news and slowest, so it is asked only
where the two fast voters disagree (`etl/parse/agreement.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree
from resiliparse.extract.html2text import extract_plain_text

from etl.parse.body import ArticleReading, article_reading
from etl.parse.dom import HIDDEN_CONTENT_TAGS
from etl.parse.library_body import library_paragraphs


@dataclass(frozen=True, slots=True)
class VotedPage:
    """What a voter may read: the decoded page and our pruned tree of it."""

    html: str
    pruned_root: etree._Element
    title: str | None


@dataclass(frozen=True, slots=True)
class Voter:
    name: str
    paragraphs: Callable[[VotedPage], list[str]]
    # Reads our pruned tree, whose interface lines, hidden elements and markup are already gone:
    # only the headline is left to take out of its paragraphs (measured on all dev sets).
    reads_pruned_tree: bool = False


def own_reading(page: VotedPage) -> ArticleReading:
    return article_reading(page.pruned_root, page.title)


def own_paragraphs(page: VotedPage) -> list[str]:
    return own_reading(page).paragraphs


def resiliparse_paragraphs(page: VotedPage) -> list[str]:
    """resiliparse's main content, one paragraph a line; empty when it fails."""
    # Comments, post meta (bylines, datelines), alt texts, form fields and hidden elements are
    # not article text; list bullets would make a list item differ from the other voters' copy.
    try:
        text = extract_plain_text(
            page.html,
            preserve_formatting=True,
            main_content=True,
            list_bullets=False,
            alt_texts=False,
            links=False,
            form_fields=False,
            noscript=False,
            comments=False,
            post_meta=False,
            skip_elements=list(HIDDEN_CONTENT_TAGS),
        )
    # A voter that fails abstains: the page keeps the other voters' opinion.
    except Exception:
        return []
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def trafilatura_paragraphs(page: VotedPage) -> list[str]:
    """trafilatura's main text of our pruned tree, serialised: it then parses and cleans a page
    without its scripts, styles, hidden elements and named boilerplate, at about half the CPU
    time (10 against 21 ms a page on dev pages) and with the same text on most pages. What it
    judges is unchanged: which of the remaining blocks are the article."""
    pruned = etree.tostring(page.pruned_root, encoding="unicode", method="html")
    return without_link_lines(library_paragraphs(pruned), page.pruned_root)


def whole_page_trafilatura_paragraphs(page: VotedPage) -> list[str]:
    """trafilatura's main text of the page as it came: where the vote found no article text,
    what our pruning dropped may be the article, so the last word reads everything."""
    return without_link_lines(library_paragraphs(page.html), page.pruned_root)


def without_link_lines(paragraphs: list[str], root: etree._Element) -> list[str]:
    """Paragraphs that are not the text of one of the page's links: a page made of links alone
    (a menu, a sitemap) has no article, whatever an extractor lists from it."""
    link_texts = {" ".join("".join(link.itertext()).split()) for link in root.iter("a")}
    return [paragraph for paragraph in paragraphs if " ".join(paragraph.split()) not in link_texts]


OWN = Voter("own", own_paragraphs, reads_pruned_tree=True)
RESILIPARSE = Voter("resiliparse", resiliparse_paragraphs)
TRAFILATURA = Voter("trafilatura", trafilatura_paragraphs)
# Asked on every page, in this order: the first is the one whose paragraph order the body keeps.
FAST_VOTERS: tuple[Voter, ...] = (OWN, RESILIPARSE)
# Asked only where the fast voters disagree; its vote breaks the tie.
ARBITER: Voter = TRAFILATURA
VOTERS: tuple[Voter, ...] = (*FAST_VOTERS, ARBITER)
# Asked where the vote left under MIN_BODY_CHARS (`etl/parse/article.py`): a page is quarantined
# as text-less only when trafilatura finds no article in the whole page either.
SECOND_OPINION = Voter("trafilatura_whole_page", whole_page_trafilatura_paragraphs)
