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
        text = " ".join("".join(parts).split())
        if text:
            link_chars = len(" ".join("".join(link_parts).split())) if link_parts else 0
            owner = owners[-1]
            blocks.append(TextBlock(text, min(link_chars, len(text)), owner, owner.tag))
        parts.clear()
        link_parts.clear()

    # The loop runs twice per element of the page and most boundaries have nothing to flush:
    # whitespace that would open a block is never added (the block's text is collapsed and
    # stripped), flush is called only when text is pending, and text is added in line.
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            text = element.tail if event == "end" else None
        elif event == "start":
            if tag in BLOCK_TAGS:
                if parts:
                    flush()
                owners.append(element)
            elif tag == "br":
                if parts:
                    flush()
            elif tag in CELL_TAGS and parts:
                parts.append(" ")
                if link_depth:
                    link_parts.append(" ")
            elif tag == "a":
                link_depth += 1
            text = element.text
        else:
            if tag in BLOCK_TAGS:
                if parts:
                    flush()
                owners.pop()
            elif tag == "a":
                link_depth -= 1
            text = element.tail
        if text and (parts or not text.isspace()):
            parts.append(text)
            if link_depth:
                link_parts.append(text)
    if parts:
        flush()
    return blocks
