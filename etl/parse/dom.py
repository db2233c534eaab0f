"""Build the lxml tree and prune what is never article text before any scoring happens."""

from __future__ import annotations

import functools
import re

from lxml import etree

# Plain etree elements: lxml.html's per-element class lookup cost a fifth of the parse time.
# huge_tree lifts libxml2's nesting limit (256), past which it silently drops the rest of a
# page; the HTML parser never expands entities or fetches anything, so no bomb gets through.
HTML_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True, no_network=True
)
LAYOUT_TAGS = re.compile(r"</?(?:div|span|section|font|b|i|center)\b[^>]*>", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
NEVER_TEXT_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "noembed",
    "noframes",
    "xmp",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "canvas",
    "video",
    "audio",
    "select",
    "input",
    "textarea",
    "option",
    "map",
    "head",
    "link",
    "meta",
)
# Containers that are interface, not article; pruned like class-matched blocks (below)
# because libxml2 sometimes nests the whole page inside an unclosed <button> or <header>.
INTERFACE_TAGS = frozenset({"nav", "aside", "footer", "header", "button", "dialog", "form"})
ARTICLE_TAGS = frozenset({"article", "main", "body"})
# class/id/role tokens of blocks that are not the article: navigation, share bars, related
# and recommended lists, tag lists, sidebars, comments, newsletter boxes, ads, cookie banners.
BOILERPLATE_TOKENS = (
    r"related|relatedposts|share|shares|sharing|sharebar|social|socials|comment|comments|"
    r"commentlist|disqus|newsletter|subscribe|subscription|signup|sidebar|"
    r"cookie|cookies|consent|gdpr|breadcrumb|breadcrumbs|tags|taglist|tagcloud|tag-list|"
    r"post-tags|advert|advertisement|advertising|ads|ad|adsbygoogle|adslot|ad-slot|dfp|"
    r"sponsor|sponsored|promo|popular|mostread|most-read|most-popular|trending|"
    r"recommended|recommendations|ticker|breaking|footer|header|masthead|navbar|nav|"
    r"navigation|menu|pagination|pager|author-bio|authorbio|about-author|modal|popup|"
    r"overlay|skip-link|toolbar|outbrain|taboola|read-more|readmore|more-stories|"
    r"more-from|also-read|next-article|post-navigation|banner|sr-only|visually-hidden|"
    r"screen-reader-text|byline|post-meta|entry-meta|article-meta|login|search|rating|"
    r"credit|copyright|newsletter-signup|subscribe-box|paywall|related-articles"
)
BOILERPLATE_ATTRIBUTE = re.compile(rf"(?:^|[\s_-])(?:{BOILERPLATE_TOKENS})(?:$|[\s_-])")
BOILERPLATE_ROLES = frozenset(
    {
        "navigation",
        "complementary",
        "banner",
        "contentinfo",
        "search",
        "menu",
        "menubar",
        "dialog",
        "alertdialog",
        "toolbar",
    }
)
# Names that mark the article container itself win over any boilerplate token beside them
# ("sidebar-fixed article-content").
CONTENT_ATTRIBUTE = re.compile(
    r"(?:^|[\s_-])(?:article|post|entry|story|main|page|news)-?(?:content|body|text)(?:$|[\s_-])"
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Where a camel-case name starts a word: a dash goes there ("relatedPosts" is "related-Posts").
CAMEL_CASE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# BEM modifiers ("m-article--sidebar-right") describe a layout variant, not what a block is.
BEM_MODIFIER = re.compile(r"--[\w-]+")
# A block is kept despite its class when it holds this share of the page's prose (text runs
# of LONG_RUN characters or more): wrappers named "has-sidebar" or "PrintThis" around the
# whole article exist, and libxml2 nests whole pages in unclosed <button>s.
PROTECTED_TEXT_SHARE = 0.2
MIN_PROTECTED_RUNS = 2
LONG_RUN = 80


def parse_document(text: str) -> etree._Element | None:
    """The lxml tree of a decoded page, or None when lxml finds no element in it."""
    text = XML_DECLARATION.sub("", text, count=1)
    root = parsed_tree(text)
    if any("Excessive depth" in error.message for error in HTML_PARSER.error_log):
        # Past 2048 levels libxml2 stops reading; flattening the layout containers keeps the
        # page's text, which is all a page nested that deep can offer.
        root = parsed_tree(LAYOUT_TAGS.sub(" ", text))
    return root


def parsed_tree(text: str) -> etree._Element | None:
    try:
        return etree.fromstring(text, parser=HTML_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def element_text(element: etree._Element) -> str:
    return "".join(element.itertext())


def jsonld_blocks(root: etree._Element) -> list[str]:
    return [
        script.text or "" for script in root.iter("script") if "ld+json" in (script.get("type") or "").lower()
    ]


# Elements whose content a reader never sees, though an HTML parser may read it as markup
# (`<noscript>` under scripting, `<template>`, the obsolete `<noembed>`, `<noframes>`, `<xmp>`).
HIDDEN_CONTENT_TAGS = ("noscript", "template", "noembed", "noframes", "xmp")
# Of those, the ones no browser ever renders. <noscript> is left out: some pages (Blogger) keep
# the whole post there for readers without scripts, and a voter that reads it is right to.
NEVER_RENDERED_TAGS = ("template", "noembed", "noframes", "xmp")


def hidden_text(root: etree._Element) -> str:
    """The collapsed text of the page's never-rendered elements, read before `prune` drops them:
    another extractor that reads such an element as text must not put it in the body."""
    return " \n ".join(" ".join(element_text(element).split()) for element in root.iter(*NEVER_RENDERED_TAGS))


def prune(root: etree._Element) -> None:
    """Remove markup that never holds article text, in place."""
    etree.strip_elements(root, *NEVER_TEXT_TAGS, with_tail=False)
    # Captions describe a picture, not the story, and repeat names the text already gives.
    etree.strip_elements(root, "figcaption", with_tail=False)
    drop_boilerplate(root, protected_elements(root))


def protected_elements(root: etree._Element) -> set[etree._Element]:
    """Elements never pruned by name: those holding several prose runs (text runs of LONG_RUN
    or more) that add up to a large share of the page's prose, or the page's longest run.

    Class names lie ("content-nav-section", "inline-and-sidebar-container" around the
    article), and the longest paragraph of a page is almost always article text; a box with a
    single paragraph, such as a newsletter pitch, is never protected.
    """
    # Only the long runs become Python strings (most of a page's text nodes are short).
    runs = root.xpath(f"//text()[string-length() >= {LONG_RUN}]")
    if not runs:
        return set()
    # Summed per holding element first: a paragraph's runs share their whole ancestor chain.
    held_chars: dict[etree._Element, float] = {}
    held_runs: dict[etree._Element, float] = {}
    for run in runs:
        holder = run.getparent()
        if holder is not None and run.is_tail:
            holder = holder.getparent()
        if holder is not None:
            held_chars[holder] = held_chars.get(holder, 0) + len(run)
            held_runs[holder] = held_runs.get(holder, 0) + 1
    prose = subtree_sums(held_chars)
    run_counts = subtree_sums(held_runs)
    threshold = sum(len(run) for run in runs) * PROTECTED_TEXT_SHARE
    protected = {
        element
        for element, chars in prose.items()
        if chars > threshold and run_counts[element] >= MIN_PROTECTED_RUNS
    }
    longest = max(runs, key=len).getparent()
    if longest is not None:
        protected.update(
            element
            for element in (longest, *longest.iterancestors())
            if run_counts.get(element, 0) >= MIN_PROTECTED_RUNS
        )
    return protected


def subtree_sums(values: dict[etree._Element, float]) -> dict[etree._Element, float]:
    """Each element's value plus the values of its descendants, for the elements given and all
    their ancestors, keyed in the order that walking up from each given element in turn first
    meets them.

    Each sum goes up to its parent once: the elements of a page share most of their ancestors,
    and adding every value up its own ancestor chain made several times the dictionary updates.
    """
    sums: dict[etree._Element, float] = {}
    chains: list[list[etree._Element]] = []
    for start in values:
        chain: list[etree._Element] = []
        element: etree._Element | None = start
        while element is not None and element not in sums:
            sums[element] = values.get(element, 0)
            chain.append(element)
            element = element.getparent()
        chains.append(chain)
    # A chain stops below the first element an earlier chain walked, and whatever an earlier
    # chain walked has all its ancestors walked too; so no element of an earlier chain lies
    # below one of a later chain, and going up the later chains first adds every descendant's
    # sum to an element before the element's own sum goes to its parent.
    for chain in reversed(chains):
        for element in chain:
            parent = element.getparent()
            if parent is not None:
                sums[parent] += sums[element]
    return sums


def drop_boilerplate(root: etree._Element, protected: set[etree._Element]) -> None:
    """Drop boilerplate blocks top-down, never looking inside a dropped one."""
    # lxml's own depth-first iterator walks a tree several times faster than a Python stack of
    # child lists. It must not see the tree change under it, so the walk passes over what lies
    # inside a block it chose to drop, and the blocks are dropped once it is over.
    dropped: list[etree._Element] = []
    skip_until: etree._Element | None = None
    for element in root.iterdescendants():
        if skip_until is not None:
            if element is skip_until:
                skip_until = None
            continue
        if isinstance(element.tag, str) and is_boilerplate(element) and element not in protected:
            dropped.append(element)
            last = last_descendant(element)
            if last is not element:
                skip_until = last
    for element in dropped:
        drop(element)


def last_descendant(element: etree._Element) -> etree._Element:
    """The last node of an element's subtree in document order (the element if it is a leaf)."""
    while len(element):
        element = element[-1]
    return element


def drop(element: etree._Element) -> None:
    """Remove an element but keep the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def raw_names(element: etree._Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


# Pages repeat a few hundred class strings over thousands of elements: each is read once.
@functools.lru_cache(maxsize=8192)
def names_say_content(names: str) -> bool:
    return CONTENT_ATTRIBUTE.search(tokenised(names)) is not None


@functools.lru_cache(maxsize=8192)
def names_say_boilerplate(names: str) -> bool:
    tokens = tokenised(names)
    return BOILERPLATE_ATTRIBUTE.search(tokens) is not None and not CONTENT_ATTRIBUTE.search(tokens)


def tokenised(names: str) -> str:
    """class and id as lowercase dash-separated tokens, BEM modifiers dropped."""
    # Most names are lowercase and have no modifier: the substitutions, the cost of reading a
    # name not seen in a while, run only where they change something.
    if names != names.lower():
        names = CAMEL_CASE.sub("-", names).lower()
    return BEM_MODIFIER.sub("", names) if "--" in names else names


def is_content_container(element: etree._Element) -> bool:
    """The page names this element as the article itself (`<article>`, `itemprop=articleBody`,
    a class such as `entry-content` or `article-body`)."""
    if element.tag == "article" or element.get("itemprop") == "articleBody":
        return True
    names = raw_names(element)
    return bool(names.strip()) and names_say_content(names)


def is_boilerplate(element: etree._Element) -> bool:
    tag = element.tag
    if tag in INTERFACE_TAGS:
        return True
    # The attributes copied in one call: most elements have one or two, and asking the element
    # for each of the seven names below was a quarter of the verdict's time.
    attributes = dict(element.items())
    if not attributes:
        return False
    if "hidden" in attributes:
        return True
    if tag in ARTICLE_TAGS or attributes.get("itemprop") == "articleBody":
        return False
    if attributes.get("aria-hidden") == "true":
        return True
    role = attributes.get("role")
    if role and role.lower() in BOILERPLATE_ROLES:
        return True
    style = attributes.get("style")
    if style and HIDDEN_STYLE.search(style):
        return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
    return bool(names.strip()) and names_say_boilerplate(names)
