"""Whether a Latin-script alias stands on its own or is one word of a longer proper name.

English writes other people's and bodies' names with capitals, so the words next to an alias
tell: "Michael Jordan" and "Jordan Munoz" are people, "Haier US Appliance Solutions" is a
company, "Mobile World Congress" is a fair. An alias is part of a longer name when
- it is marked ``surname`` (every one-word name of a person is) and a capitalised name word
  stands right before it ("Lara Trump", "Michael Jordan"),
- it is marked ``given_name`` and a capitalised name word follows ("Jordan Munoz", "Israel
  Katz", "Congress Center"),
- or any alias has capitalised name words on both sides ("Everest Re US Group").
A word is not a name word when it ends in punctuation ("Coordinator, Jordan"), is a
possessive ("Russia's Putin"), is one of the actor's own name words ("Bashar Assad"), is a
title or a function/headline/calendar word from name_context.yaml ("President Trump", "Jordan
King Abdullah", "In Jordan", "in Jordan Tuesday"), or opens a sentence as a participle or
adverb ("Visiting Jordan", "Reportedly Israel"). A sentence-initial word otherwise counts: in
"Michael Jordan said" it is a given name. In a title-case line every long word is capitalised,
so there the capitals say nothing and the alias counts. ``common_word`` acronyms ("US") are
not counted inside all-caps text ("CONTACT US"). Known organisations, places and brands that
contain an alias ("U.S. Bank", "North America", "Jordan Valley") are listed as ``longer_names``
in actors.yaml and hide the alias by the longest-match rule.
"""

from __future__ import annotations

import re

from etl.actors.dictionary import AliasEntry, NameContext
from etl.actors.normalise import normalise_alias

_SPACES = " \t"
# A word right after one of these starts a sentence, a quote or a list item: capitalised for
# grammar, not as part of a name.
_STARTERS = frozenset(".!?\n\r\"“‘'(«[-–—•*|:;>")
_TRAILING = ".,;:!?)]}\"'”’»"
_POSSESSIVES = ("'s", "’s", "s'", "s’")
# A sentence may open with a participle or an adverb before a name: "Visiting Jordan, ...".
_OPENER_SUFFIXES = ("ing", "ed", "ly")
_LINE_BREAKS = re.compile(r"[\n\r]|[.!?](?=\s)")
_TITLE_CASE_WINDOW = 200
_LONG_WORD = re.compile(r"[^\W\d_][\w'’-]{3,}")
_MIN_TITLE_CASE_WORDS = 3
# Prose with many proper nouns ("the Ohio Republican subpoenaed the State Department") still
# has lower-case words; a title-case headline has (almost) none.
_TITLE_CASE_SHARE = 0.9
_MIN_CAPS_WORD = 3
_ALL_CAPS_WINDOW = 80
# A given name spelled another way is still the actor's own (Qasem/Qassem, Serguei/Sergey,
# Mohammed/Muhammad: one edit, two in longer names); a relative's is not (Bushra/Bashar: three).
_SPELLING_EDITS = ((7, 2), (4, 1))


def _previous_word(text: str, start: int) -> tuple[str, int] | None:
    """The whitespace-separated word right before ``start`` and where it begins; None when
    the alias is glued to what precedes it (a hyphen, a quote) or starts the text."""
    cursor = start
    while cursor > 0 and text[cursor - 1] in _SPACES:
        cursor -= 1
    if cursor == start or cursor == 0:
        return None
    word_start = cursor
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    # A line break between them: the alias starts its line.
    return (text[word_start:cursor], word_start) if word_start < cursor else None


def _next_word(text: str, end: int) -> str | None:
    cursor = end
    while cursor < len(text) and text[cursor] in _SPACES:
        cursor += 1
    if cursor == end or cursor == len(text):
        return None
    word_end = cursor
    while word_end < len(text) and not text[word_end].isspace():
        word_end += 1
    return text[cursor:word_end]


def _starts_sentence(text: str, word_start: int, context: NameContext) -> bool:
    cursor = word_start
    while cursor > 0 and text[cursor - 1] in _SPACES:
        cursor -= 1
    if cursor == 0:
        return True
    if text[cursor - 1] != ".":
        return text[cursor - 1] in _STARTERS
    # "Mr. Michael Jordan": a title's full stop does not end the sentence.
    abbreviation_start = cursor
    while abbreviation_start > 0 and not text[abbreviation_start - 1].isspace():
        abbreviation_start -= 1
    return normalise_alias(text[abbreviation_start : cursor - 1]) not in context.titles


def _is_name_word(word: str, entry: AliasEntry, context: NameContext) -> bool:
    if not word[:1].isupper() or word.endswith(_POSSESSIVES):
        return False
    # "Jean-Pierre" is a name; "Republican-controlled" is an adjective.
    if not all(part[:1].isupper() for part in word.split("-")):
        return False
    key = normalise_alias(word.rstrip("."))
    return key not in context.titles and key not in context.not_names and not _own_word(key, entry)


def _own_word(key: str, entry: AliasEntry) -> bool:
    if key in entry.own_words:
        return True
    return any(_spelling_variant(key, own) for own in entry.own_words)


def _spelling_variant(word: str, own: str) -> bool:
    longest = max(len(word), len(own))
    allowed = next((edits for length, edits in _SPELLING_EDITS if longest >= length), 0)
    return allowed > 0 and abs(len(word) - len(own)) <= allowed and _edit_distance(word, own) <= allowed


def _edit_distance(first: str, second: str) -> int:
    previous = list(range(len(second) + 1))
    for i, left in enumerate(first, 1):
        current = [i]
        for j, right in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (left != right)))
        previous = current
    return previous[-1]


def _name_before(text: str, start: int, entry: AliasEntry, context: NameContext) -> bool:
    previous = _previous_word(text, start)
    if previous is None:
        return False
    word, word_start = previous
    if not word[-1].isalnum() or not _is_name_word(word, entry, context):
        return False
    return not (word.endswith(_OPENER_SUFFIXES) and _starts_sentence(text, word_start, context))


def _name_after(text: str, end: int, entry: AliasEntry, context: NameContext) -> bool:
    word = _next_word(text, end)
    return word is not None and _is_name_word(word.rstrip(_TRAILING), entry, context)


def _title_case_line(text: str, start: int, end: int) -> bool:
    """Whether the line or sentence around the alias capitalises most of its longer words."""
    window_start = max(0, start - _TITLE_CASE_WINDOW)
    before = text[window_start:start]
    breaks = list(_LINE_BREAKS.finditer(before))
    line_start = window_start + breaks[-1].end() if breaks else window_start
    after = text[end : end + _TITLE_CASE_WINDOW]
    following = _LINE_BREAKS.search(after)
    line = text[line_start:start] + " " + (after[: following.start()] if following else after)
    words = _LONG_WORD.findall(line)
    if len(words) < _MIN_TITLE_CASE_WORDS:
        return False
    capitalised = sum(word[0].isupper() for word in words)
    return capitalised >= _TITLE_CASE_SHARE * len(words)


def _in_all_caps_text(text: str, start: int, end: int) -> bool:
    """Whether the alias sits in an all-caps line ("HOME | ABOUT US | CONTACT US") with another
    word of three letters or more; an acronym beside lower-case words ("US RTX 3080
    retailers") is still an acronym."""
    window_start = max(0, start - _ALL_CAPS_WINDOW)
    line_start = text.rfind("\n", window_start, start) + 1 or window_start
    line_end = text.find("\n", end, end + _ALL_CAPS_WINDOW)
    line = text[line_start:start] + " " + text[end : line_end if line_end >= 0 else end + _ALL_CAPS_WINDOW]
    if any(ch.islower() for ch in line):
        return False
    return any(sum(ch.isalpha() for ch in word) >= _MIN_CAPS_WORD for word in line.split())


def stands_alone(text: str, start: int, end: int, entry: AliasEntry, context: NameContext) -> bool:
    """Whether the Latin alias at text[start:end] names its actor rather than being one word
    of a longer proper name (offsets into the original text, where the capitals are)."""
    if entry.common_word and _in_all_caps_text(text, start, end):
        return False
    before = _name_before(text, start, entry, context)
    after = _name_after(text, end, entry, context)
    # After "U.S." a capital may begin the next sentence ("sold in the U.S. Counterfeit"),
    # unless a name word before it shows a name running through ("Haier U.S. Appliance").
    given_name_after = after and text[end - 1] != "."
    inside = (before and after) or (entry.surname and before) or (entry.given_name and given_name_after)
    # A title-case headline capitalises adjectives too: "Russia Hits Back At New US Sanctions".
    return not inside or _title_case_line(text, start, end)
