"""The tree helpers the parse's speed rests on give what the slower code they replaced gave:
pruning drops each boilerplate block once and keeps the text after it, sums up the tree arrive
at every ancestor in the order the ancestors are met, and blocks keep the page's word breaks."""

from __future__ import annotations

from lxml import etree

from etl.parse.blocks import text_blocks
from etl.parse.dom import drop_boilerplate, parse_document, prune, subtree_sums, tokenised


def tree(html: str) -> etree._Element:
    root = parse_document(html)
    assert root is not None
    return root


def body_markup(root: etree._Element) -> str:
    body = root.find("body")
    assert body is not None
    return etree.tostring(body, encoding="unicode", with_tail=False)


def test_a_boilerplate_block_inside_a_dropped_one_goes_with_it_and_every_tail_stays() -> None:
    root = tree(
        "<html><body><div>lead<nav>menu<div class='share'>share</div>after share</nav>after nav"
        "<div class='sidebar'><p>side</p></div>after sidebar<p>kept</p></div></body></html>"
    )
    drop_boilerplate(root, set())
    assert body_markup(root) == "<body><div>leadafter navafter sidebar<p>kept</p></div></body>"


def test_a_protected_element_stays_and_its_boilerplate_children_are_still_dropped() -> None:
    root = tree(
        "<html><body><div class='sidebar'><p>one</p><div class='share'>share</div>"
        "<p>two</p></div><footer>foot</footer></body></html>"
    )
    sidebar = root.find(".//div")
    drop_boilerplate(root, {sidebar})
    assert body_markup(root) == '<body><div class="sidebar"><p>one</p><p>two</p></div></body>'


def test_prune_keeps_the_paragraphs_that_hold_the_page_prose_inside_a_boilerplate_name() -> None:
    prose = "A paragraph of the article that is long enough to count as a run of prose text on the page."
    root = tree(
        f"<html><body><div class='has-sidebar'><p>{prose}</p><p>{prose}</p></div>"
        "<div class='related'><p>Other story</p></div></body></html>"
    )
    prune(root)
    assert [block.text for block in text_blocks(root)] == [prose, prose]


def test_subtree_sums_reach_every_ancestor_once_keyed_in_walking_order() -> None:
    root = tree("<html><body><div><p>a</p><p>b</p></div><section><p>c</p></section></body></html>")
    first, second, third = root.iter("p")
    sums = subtree_sums({second: 2.0, first: 1.0, third: 4.0})
    div, body, section = root.find(".//div"), root.find("body"), root.find(".//section")
    assert list(sums) == [second, div, body, root, first, third, section]
    assert sums == {second: 2.0, div: 3.0, body: 7.0, root: 7.0, first: 1.0, third: 4.0, section: 4.0}


def test_text_blocks_keep_word_breaks_and_cells_but_no_leading_whitespace() -> None:
    root = tree(
        "<html><body><div>\n  <p> <b>one</b> <i>two</i></p>\n <table><tr><td>x</td><td>y</td></tr>"
        "</table><p> <a href='/'>link</a> words</p></div></body></html>"
    )
    blocks = text_blocks(root)
    assert [(block.text, block.link_chars, block.tag) for block in blocks] == [
        ("one two", 0, "p"),
        ("x y", 0, "tr"),
        ("link words", 4, "p"),
    ]


def test_tokenised_splits_camel_case_lowercases_and_drops_bem_modifiers() -> None:
    assert tokenised("relatedPosts m-article--sidebar-right") == "related-posts m-article"
    assert tokenised("entry-content sidebar") == "entry-content sidebar"
    assert tokenised("ArticleBody x9Y") == "article-body x9-y"
