"""Choose the article's own blocks: the subtree where paragraph text outweighs boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from etl.parse.blocks import TextBlock, text_blocks
from etl.parse.dom import is_content_container, subtree_sums
from etl.parse.interface_text import INLINE_TEASER, INTERFACE_LINE, RELATED_HEADING

# Above this share of link text a block counts against its container when the article is
# chosen (menus, teaser lists); inside the chosen article only blocks above KEPT_LINK_DENSITY
# are dropped, because resource lists made of links are article text (WCXB dev: +0.0013 F1).
LINK_DENSITY_LIMIT = 0.5
KEPT_LINK_DENSITY = 0.8
LINK_BLOCK_WEIGHT = 0.5
LONG_BLOCK = 80
SENTENCE_BLOCK = 25
SHORT_BLOCK_PENALTY = 10
# Lines that are interface text wherever they appear inside the article container.
BOILERPLATE_LINE = re.compile(
    r"^(?:advertisement|advertisements|sponsored|share(?: this(?: article| story| post)?)?|"
    r"share on .{1,20}|follow us(?: on .{1,40})?|subscribe(?: now| to .{1,60})?|"
    r"sign up(?: for .{1,80})?|click here to .{1,80}|read more(?: .{0,80})?|"
    r"all rights reserved.{0,80}|©.{0,120}|copyright ©?.{0,120}|tags?\s*:.{0,200}|"
    r"الوسوم\s*:?.{0,200}|كلمات مفتاحية\s*:?.{0,200}|شارك(?:وا)?(?: الخبر| المقال)?|"
    r"إعلان|اعلان|تابعونا(?: على .{1,40})?|اقرأ أيضا\s*:.{0,200}|اقرأ أيضاً\s*:.{0,200}|"
    r"جميع الحقوق محفوظة.{0,80}|(?:print|email|facebook|twitter|whatsapp|linkedin|telegram)|"
    r"by|estimated reading time:?.{0,20}|\d+ min(?:ute)?s? read|"
    r"[\d,.]+[km]?\s*(?:likes?|comments?|shares?|views?|reads?|replies)|\d+ of \d+ comments|"
    r"expand full comment|load more(?: comments)?|show more|ready for more\??|"
    r"(?:foto|fotos|photo|photos|bild|titelbild|image|images|picture|credit|credits|crédit|crédits|"
    r"fuente|quelle|bildquelle|صورة|الصورة|عکس)\s*:.{0,120}|"
    r"(?:(?:updated|published|posted|last updated)(?: on)?\s*:?\s*)?"
    r"(?:[a-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} [a-z]{3,9}\.? \d{4}|"
    r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d+ (?:seconds?|minutes?|hours?|days?|weeks?) ago)"
    r"(?:\s*(?:at\s*)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[a-z]{2,4})?)?"
    r")\s*$",
    re.IGNORECASE,
)
RELATED_RECOVERY = 150
# Prose inside a container the page itself names as the article counts this much more when the
# article is chosen: the markup's own word settles pages where a sidebar holds longer text
# (WCXB dev +0.0019 word-F1, traf-eval +0.0021 snippet-F1, both sets alike).
CONTENT_CONTAINER_BONUS = 2.0
# A child holding this share of its parent's paragraph text is the article; the rest of the
# parent is teasers, testimonials or sign-up boxes that happened to score above zero.
DESCENT_SHARE = 0.75
# A block this long with at most this share of link text reads as a paragraph of the article.
PROSE_LINK_DENSITY = 0.1
# A container beside the article that holds this share of the root's prose is put to the vote
# paragraph by paragraph (`etl/parse/agreement.py`).
BESIDE_SHARE = 0.2


def block_weight(block: TextBlock) -> float:
    """Positive for paragraph-like text, negative for link lists and stray short lines."""
    length = len(block.text)
    if block.link_density > LINK_DENSITY_LIMIT:
        return -LINK_BLOCK_WEIGHT * length
    if length >= LONG_BLOCK:
        return float(length)
    if length >= SENTENCE_BLOCK:
        return length / 2
    return -float(min(length, SHORT_BLOCK_PENALTY))


def owners_in_content_containers(blocks: list[TextBlock]) -> set[etree._Element]:
    """Owners of the blocks that sit inside a content container; each ancestor is judged once."""
    verdicts: dict[etree._Element, bool] = {}
    marked: set[etree._Element] = set()
    for block in blocks:
        chain: list[etree._Element] = []
        element: etree._Element | None = block.owner
        verdict = False
        while element is not None:
            if element in verdicts:
                verdict = verdicts[element]
                break
            chain.append(element)
            if is_content_container(element):
                verdict = True
                break
            element = element.getparent()
        verdicts.update(dict.fromkeys(chain, verdict))
        if verdict:
            marked.add(block.owner)
    return marked


@dataclass(frozen=True, slots=True)
class ArticleRoot:
    # The highest-weight element and each child the descent narrowed it to, outermost first.
    chain: list[etree._Element]
    # The shares of the root's paragraph weight held by its two heaviest children, containers
    # or paragraphs (0.0 when it has fewer). A root whose second child holds a sizeable share
    # holds two things side by side (the article and a rail of teasers with summaries, a comment
    # thread, another story) or an article of two or three paragraphs, which may be a fragment.
    child_shares: tuple[float, float]
    # Containers under the root after its heaviest child, each holding at least BESIDE_SHARE of
    # its paragraph weight: where a rail of teasers with summaries or a comment thread sits when
    # it is prose enough to be kept with the article.
    beside: list[etree._Element] = field(default_factory=list)
    # The share of the whole page's paragraph weight under the root: well under 1 where prose
    # the descent left outside it may be the rest of the article (a long article in sections).
    page_share: float = 1.0


def article_root(blocks: list[TextBlock]) -> ArticleRoot:
    """The highest-weight element, each child the descent narrowed it to, and how the chosen
    root's paragraph weight is shared by its children and within the page."""
    marked = owners_in_content_containers(blocks)
    # Summed per owner first, then up the tree: an owner holds many blocks.
    # The weights are multiples of 0.5, so the sums are exact in any order.
    owned: dict[etree._Element, float] = {}
    owned_positive: dict[etree._Element, float] = {}
    for block in blocks:
        weight = block_weight(block)
        if weight > 0 and block.owner in marked:
            weight *= CONTENT_CONTAINER_BONUS
        owned[block.owner] = owned.get(block.owner, 0.0) + weight
        if weight > 0:
            owned_positive[block.owner] = owned_positive.get(block.owner, 0.0) + weight
    # Keyed in the order walking up from each owner meets the elements: of two equal totals,
    # the one met first is chosen.
    totals = subtree_sums(owned)
    positives = subtree_sums(owned_positive)
    if not totals:
        return ArticleRoot([], (0.0, 0.0))
    chain = [max(totals, key=totals.__getitem__)]
    while True:
        best = chain[-1]
        weights = sorted((positives[child] for child in best if child in positives), reverse=True)
        if not weights or weights[0] < DESCENT_SHARE * positives.get(best, 0.0):
            whole = positives.get(best, 0.0)
            shares = [weight / whole for weight in weights[:2]] if whole else []
            page = sum(owned_positive.values())
            beside = beside_heaviest(best, positives, owned)
            return ArticleRoot(chain, (*shares, 0.0, 0.0)[:2], beside, whole / page if page else 1.0)
        chain.append(next(child for child in best if positives.get(child) == weights[0]))


def beside_heaviest(
    root: etree._Element, positives: dict[etree._Element, float], owners: dict[etree._Element, float]
) -> list[etree._Element]:
    """The root's containers after its heaviest child that hold BESIDE_SHARE of its prose."""
    children = [child for child in root if child in positives]
    whole = positives.get(root, 0.0)
    if len(children) < 2 or not whole:
        return []
    heaviest = max(children, key=positives.__getitem__)
    after = children[children.index(heaviest) + 1 :]
    return [child for child in after if child not in owners and positives[child] >= BESIDE_SHARE * whole]


def within(block: TextBlock, root: etree._Element) -> bool:
    element: etree._Element | None = block.owner
    while element is not None:
        if element is root:
            return True
        element = element.getparent()
    return False


def is_interface_line(text: str) -> bool:
    return (
        BOILERPLATE_LINE.match(text) is not None
        or INLINE_TEASER.match(text) is not None
        or INTERFACE_LINE.match(text) is not None
    )


def article_paragraphs(blocks: list[TextBlock], title: str | None) -> list[str]:
    """The texts of the blocks worth keeping, with related-article runs cut out.

    After a "Related"/"اقرأ أيضا" heading, blocks are skipped while they stay inside the
    heading's container and look like teasers (short or mostly links).
    """
    normalized_title = " ".join(title.split()).casefold() if title else None
    paragraphs: list[str] = []
    seen: set[str] = set()
    related_scope: etree._Element | None = None
    for block in blocks:
        text = block.text
        if RELATED_HEADING.match(text):
            parent = block.owner.getparent()
            related_scope = parent if parent is not None else block.owner
            continue
        if related_scope is not None:
            teaser = len(text) < RELATED_RECOVERY or block.link_density > LINK_DENSITY_LIMIT
            if teaser and within(block, related_scope):
                continue
            related_scope = None
        if block.link_density > KEPT_LINK_DENSITY or is_interface_line(text):
            continue
        if normalized_title and text.casefold() == normalized_title:
            continue
        # Carousels and responsive layouts repeat the same blocks; articles do not, except for
        # a short paragraph without links that recurs through a listing (the same city under
        # several events). Repeated list items are tag chips and facets ("Windows", "Freemium").
        if text in seen and (len(text) >= SENTENCE_BLOCK or block.link_chars or block.tag != "p"):
            continue
        seen.add(text)
        paragraphs.append(text)
    return paragraphs


@dataclass(frozen=True, slots=True)
class ArticleReading:
    paragraphs: list[str]
    # The share of the chosen blocks' text in blocks shorter than LONG_BLOCK: near 0 for an
    # article of plain prose, higher where teasers, captions, link lists or comments came along.
    short_text_share: float
    # How the chosen root's paragraph weight is shared by its two heaviest children.
    child_shares: tuple[float, float] = (0.0, 0.0)
    # Our paragraphs from the containers beside the article (`ArticleRoot.beside`).
    beside_paragraphs: frozenset[str] = frozenset()
    # The share of the page's paragraph weight under the chosen root (`ArticleRoot.page_share`).
    page_share: float = 1.0


def article_reading(root: etree._Element, title: str | None) -> ArticleReading:
    """Main text of a pruned tree, its paragraphs in document order, with how much of what it
    chose is short text and where its root sits (`ArticleReading`)."""
    blocks = text_blocks(root)
    chosen_root = article_root(blocks)
    chain = chosen_root.chain
    if not chain:
        return ArticleReading([], 1.0)
    chosen = lead_blocks(blocks, chain) + [block for block in blocks if within(block, chain[-1])]
    chars = sum(len(block.text) for block in chosen)
    short = sum(len(block.text) for block in chosen if len(block.text) < LONG_BLOCK)
    beside = frozenset(
        block.text for block in chosen if any(within(block, element) for element in chosen_root.beside)
    )
    return ArticleReading(
        article_paragraphs(chosen, title),
        short / chars if chars else 1.0,
        chosen_root.child_shares,
        beside,
        chosen_root.page_share,
    )


def lead_blocks(blocks: list[TextBlock], chain: list[etree._Element]) -> list[TextBlock]:
    """Prose the descent left before the article root, inside the element it started from: a
    lead, a summary or claim box, the first half of a body split by a "read more" button.

    Only what comes before: after an article come comments and other stories' teasers (taking
    the prose after the root too cost WCXB dev 0.008 word-F1 and 22 more leaking pages).
    """
    if len(chain) < 2:
        return []
    outer, root = chain[0], chain[-1]
    lead: list[TextBlock] = []
    for block in blocks:
        if within(block, root):
            break
        if is_prose(block) and within(block, outer):
            lead.append(block)
    return lead


def is_prose(block: TextBlock) -> bool:
    return len(block.text) >= LONG_BLOCK and block.link_density <= PROSE_LINK_DENSITY
