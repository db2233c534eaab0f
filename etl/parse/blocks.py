"""Cut a pruned tree into text blocks the way a browser lays out block-level elements."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hgroup",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "caption",
        "html",
    }
)
CELL_TAGS = frozenset({"td", "th"})


@dataclass(frozen=True, slots=True)
class TextBlock:
    text: str
    link_chars: int
    owner: etree._Element
    tag: str

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def text_blocks(root: etree._Element) -> list[TextBlock]:
    """The visible text of the tree as blocks, in document order, whitespace collapsed."""
    blocks: list[TextBlock] = []
    owners: list[etree._Element] = [root]
    parts: list[str] = []
    link_parts: list[str] = []
    link_depth = 0

    def flush() -> None:
        # Every block boundary flushes; most have nothing pending.
        if not parts:
            return
        text = " ".join("".join(parts).split())
        if text:
            link_chars = len(" ".join("".join(link_parts).split()))
            owner = owners[-1]
            blocks.append(TextBlock(text, min(link_chars, len(text)), owner, owner.tag))
        parts.clear()
        link_parts.clear()

    def add(text: str) -> None:
        parts.append(text)
        if link_depth:
            link_parts.append(text)

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            if event == "end" and element.tail:
                add(element.tail)
            continue
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                owners.append(element)
            elif tag == "br":
                flush()
            elif tag in CELL_TAGS:
                add(" ")
            elif tag == "a":
                link_depth += 1
            if element.text:
                add(element.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
                owners.pop()
            elif tag == "a":
                link_depth -= 1
            if element.tail:
                add(element.tail)
    flush()
    return blocks
