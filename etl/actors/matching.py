"""Actor mentions in article titles and bodies: automaton over normalised text, then rules.

Rules, in the order they apply:
- a key counts only on word boundaries; on the left an Arabic key may carry the proclitics
  و ف ب ك ل (and their pairs), and an article-initial key may appear as the لل contraction;
  on the right nothing may follow but a non-word character (so الإيرانية is not إيران,
  "Syrian" is not "Syria", but "Assad's" is "Assad");
- names and role phrases compete together: the longest match wins and matches do not
  overlap, so a name inside a role phrase or a longer name is not a mention of its own
  ("Syria" in "UN envoy for Syria" or in "Syrian Democratic Forces");
- a weak alias counts only when licensed: the same actor was named by a strong alias earlier in
  the article (title before body), or a title/role cue stands right before it, or (only for
  aliases marked ``country_licence``, such as الأسد) an actor of the same country was named
  by a strong alias earlier ("مستقبل الأسد" after "سوريا");
- a role phrase resolves to its holder on the publication date; next to a person's name
  (apposition either way, or followed by the holder's name within a short complement such as
  "رئيس الوفد الروسي إلى أستانا، ألكسندر لافرينتييف") it is that name's mention only;
- in English text, a Latin alias that is one word of a longer proper name is not a mention:
  a surname after someone else's given name ("Michael Jordan"), a given name before a surname
  ("Jordan Munoz"), an alias between capitalised name words ("Everest Re US Group"); nor, in
  any text, is an alias inside a listed longer name ("U.S. Bank", "U.S. News"); see
  longer_names.py;
- adjectives (الروسي, "Russian") are never mentions of the state.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from typing import NamedTuple

import polars as pl

from etl.actors.dictionary import ActorDictionary, AliasEntry
from etl.actors.longer_names import stands_alone
from etl.actors.normalise import (
    NormalisedText,
    fold_texts,
    normalise_alias,
    normalise_text,
    offset_shifter_flags,
)

# 1.2.0: the folds come from etl/arabic_text.py, which also drops the Quranic marks and U+2060.
EXTRACTOR_VERSION = "mentions-1.2.0"

# The columns find_mentions reads: an article's id, its two texts, its publication moment (for
# dated roles) and language (for the English name rules).
MATCHER_INPUT_SCHEMA = {
    "article_id": pl.Utf8,
    "title": pl.Utf8,
    "body": pl.Utf8,
    "published_at": pl.Datetime("us", "UTC"),
    "language": pl.Utf8,
}
MENTION_SCHEMA = {
    "article_id": pl.Utf8,
    "actor_id": pl.Utf8,
    "field": pl.Utf8,
    "start": pl.Int32,
    "end": pl.Int32,
    "surface": pl.Utf8,
    "alias": pl.Utf8,
    "strength": pl.Utf8,
    "snippet": pl.Utf8,
    "dictionary_version": pl.Utf8,
    "extractor_version": pl.Utf8,
}
FIELDS = ("title", "body")

ARABIC_PROCLITICS = frozenset({"", "و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"})
CONTRACTION_PROCLITICS = frozenset({"ل", "ول", "فل"})
_MAX_PROCLITIC_LENGTH = 2

_CUE_WORDS_AR = (
    "الرئيس",
    "رئيس",
    "الوزير",
    "وزير",
    "الزعيم",
    "القائد",
    "قائد",
    "الشيخ",
    "السيد",
    "العقيد",
    "العميد",
    "اللواء",
    "العماد",
    "الجنرال",
    "الملك",
    "الامير",
    "المبعوث",
    "المرشد",
    "الفريق",
    "المشير",
    "الدكتور",
    "نظيره",
)
_CUE_WORDS_EN = (
    "president",
    "mr",
    "mrs",
    "ms",
    "minister",
    "general",
    "gen",
    "sheikh",
    "king",
    "prince",
    "leader",
    "commander",
    "envoy",
    "dr",
    "col",
    "colonel",
    "brig",
    "counterpart",
    "premier",
)
_FORMER_BEFORE = frozenset(normalise_alias(w) for w in ("former", "ex", "late", "then"))
_FORMER_AFTER = frozenset(normalise_alias(w) for w in ("السابق", "الأسبق", "الراحل"))
_SENTENCE_MARKS = ".!?؟\n"
_SENTENCE_END = re.compile(f"[{_SENTENCE_MARKS}]")
_SNIPPET_RADIUS = 160
_HOLDER_GAP = 40
_APPOSITION_FILLER = " ,،:;'\"«»()"
_APPOSITION_WORDS = frozenset({"", "the"})
_TOKEN_PUNCTUATION = ".,،:;'\"«»()"


def _cue_forms() -> frozenset[str]:
    forms: set[str] = set(_CUE_WORDS_EN)
    for word in map(normalise_alias, _CUE_WORDS_AR):
        forms.update(prefix + word for prefix in ARABIC_PROCLITICS)
        if word.startswith("ال"):
            forms.update(prefix + "ل" + word[2:] for prefix in CONTRACTION_PROCLITICS)
    return frozenset(forms)


_CUE_FORMS = _cue_forms()


class _Match(NamedTuple):
    start: int
    end: int
    entry: AliasEntry


def _word_start(text: str, index: int) -> int:
    """Start of the word containing ``index``, looking back no further than the proclitics."""
    start = index
    while start > 0 and text[start - 1].isalnum() and index - start <= _MAX_PROCLITIC_LENGTH:
        start -= 1
    return start


def _clitic_prefix_ok(text: str, start: int, entry: AliasEntry) -> bool:
    """For a key glued to letters on its left: are those letters Arabic proclitics?"""
    if not entry.arabic:
        return False
    word_start = _word_start(text, start)
    if word_start > 0 and text[word_start - 1].isalnum():
        return False
    prefix = text[word_start:start]
    return prefix in (CONTRACTION_PROCLITICS if entry.contracted else ARABIC_PROCLITICS)


def _case_ok(surface: str, rule: str) -> bool:
    if rule == "acronym":
        return not any(c.islower() for c in surface)
    return not surface.islower()


def _candidates(norm: NormalisedText, dictionary: ActorDictionary, english: bool) -> list[_Match]:
    """Boundary-checked automaton hits (names and role phrases), in order of their end.

    ``english``: whether capitals mark names in this text; German capitalises every noun
    ("Kanzlerin Merkel", "Präsident Erdogan"), so the longer-name context rules would misread it.
    """
    text = norm.text
    length = len(text)
    context = dictionary.name_context
    matches: list[_Match] = []
    previous_start = previous_end = -1
    for last, (key_length, entries) in dictionary.automaton.iter(text):
        end = last + 1
        if end < length and text[end].isalnum():
            continue
        start = end - key_length
        if previous_end == end and previous_start < start:
            # A shorter key ending where a longer hit ends (الأسد in بشار الأسد) loses anyway.
            continue
        word_initial = start == 0 or not text[start - 1].isalnum()
        for entry in entries:
            if word_initial:
                if entry.contracted:
                    continue
            elif not _clitic_prefix_ok(text, start, entry):
                continue
            # Only Latin aliases have a case rule, and only they are checked for longer names.
            if entry.case_rule is not None:
                original_start, original_end = norm.original_span(start, end)
                if not _case_ok(norm.original[original_start:original_end], entry.case_rule):
                    continue
                if (
                    english
                    and entry.role_id is None
                    and not entry.longer_name
                    and not stands_alone(norm.original, original_start, original_end, entry, context)
                ):
                    continue
            matches.append(_Match(start, end, entry))
            previous_start, previous_end = start, end
    return matches


def _longest_without_overlap(matches: list[_Match]) -> list[_Match]:
    """Longest first; a match is kept only if it overlaps nothing kept before it."""
    previous_end = 0
    for match in matches:
        if match.start < previous_end:
            break
        previous_end = match.end
    else:
        # The automaton reports by end position, so disjoint hits are already in text order.
        return matches
    kept_starts: list[int] = []
    kept: list[_Match] = []
    for match in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        position = bisect_left(kept_starts, match.start)
        if position < len(kept) and kept[position].start < match.end:
            continue
        if position > 0 and kept[position - 1].end > match.start:
            continue
        kept_starts.insert(position, match.start)
        kept.insert(position, match)
    return kept


def _previous_tokens(text: str, start: int, count: int) -> list[str]:
    word_start = _word_start(text, start)
    window = text[max(0, word_start - 60) : word_start]
    tokens = [token.strip(_TOKEN_PUNCTUATION) for token in window.split()]
    return tokens[-count:][::-1]


def _has_cue(text: str, start: int) -> bool:
    previous = _previous_tokens(text, start, 2)
    if previous and previous[0] in _CUE_FORMS:
        return True
    # Arabic puts the nationality adjective between title and name: الرئيس السوري الأسد.
    return (
        len(previous) == 2
        and previous[0].startswith("ال")
        and previous[0].endswith("ي")
        and previous[1] in _CUE_FORMS
    )


def _is_former(text: str, role: _Match) -> bool:
    previous = _previous_tokens(text, role.start, 1)
    if previous and previous[0] in _FORMER_BEFORE:
        return True
    following = text[role.end : role.end + 12].split()
    return bool(following) and following[0].strip(_TOKEN_PUNCTUATION) in _FORMER_AFTER


def _role_right_before(text: str, match: _Match, role_ends: dict[int, _Match]) -> bool:
    cursor = _word_start(text, match.start)
    while cursor > 0 and text[cursor - 1] in _APPOSITION_FILLER:
        cursor -= 1
    return cursor in role_ends


def _role_is_name(text: str, role: _Match, name: _Match, actor_id: str, holder: str | None) -> bool:
    """Whether the role phrase and the name are one mention (apposition, or role then holder)."""
    if role.start >= name.end:
        return text[name.end : role.start].strip(_APPOSITION_FILLER) in _APPOSITION_WORDS
    if role.end > name.start:
        return False
    gap = text[role.end : name.start]
    if not gap.strip(_APPOSITION_FILLER):
        return True
    return holder == actor_id and len(gap) <= _HOLDER_GAP and not _SENTENCE_END.search(gap)


def _licensed_actor(
    text: str,
    match: _Match,
    role_before: bool,
    strongly_named: dict[str, tuple[int, int]],
    actor_countries: dict[str, str | None],
) -> str | None:
    """The actor a weak alias names here, or None when nothing licenses it."""
    entry = match.entry
    named = [actor_id for actor_id in entry.actor_ids if actor_id in strongly_named]
    if named:
        return max(named, key=strongly_named.__getitem__)
    if role_before or _has_cue(text, match.start):
        return entry.default_actor
    if entry.country_licence and any(
        actor_countries.get(actor_id) == entry.country_licence for actor_id in strongly_named
    ):
        return entry.default_actor
    return None


Mention = tuple[int, int, str, str, str]


def _resolve(
    text: str,
    names: list[_Match],
    roles: list[_Match],
    dictionary: ActorDictionary,
    day: dt.date | None,
    field_rank: int,
    strongly_named: dict[str, tuple[int, int]],
) -> list[Mention]:
    """Turn one field's matches into mentions; ``strongly_named`` carries over title → body."""
    role_ends = {role.end: role for role in roles}
    mentions: list[Mention] = []
    person_mentions: list[tuple[_Match, str]] = []
    for match in names:
        entry = match.entry
        if entry.strength == "strong":
            actor_id = entry.actor_ids[0]
            strongly_named[actor_id] = (field_rank, match.start)
        else:
            role_before = bool(roles) and _role_right_before(text, match, role_ends)
            licensed = _licensed_actor(text, match, role_before, strongly_named, dictionary.actor_countries)
            if licensed is None:
                continue
            actor_id = licensed
        mentions.append((match.start, match.end, actor_id, entry.alias, entry.strength))
        if roles and dictionary.actor_types.get(actor_id) == "person":
            person_mentions.append((match, actor_id))
    if not roles:
        return mentions
    for role in roles:
        holder = None if _is_former(text, role) else dictionary.role_holder(role.entry.role_id, day)
        if holder is None or any(
            _role_is_name(text, role, name, actor_id, holder)
            for name, actor_id in person_mentions
            if role.start - _HOLDER_GAP <= name.end and name.start <= role.end + _HOLDER_GAP
        ):
            continue
        mentions.append((role.start, role.end, holder, role.entry.alias, "role"))
    return sorted(mentions)


def mentions_in_text(
    text: str,
    dictionary: ActorDictionary,
    day: dt.date | None,
    *,
    field_rank: int = 0,
    strongly_named: dict[str, tuple[int, int]] | None = None,
    folded: str | None = None,
    has_shifters: bool = True,
    language: str | None = None,
) -> list[Mention]:
    """Mentions in one string as (start, end, actor_id, alias, strength), original offsets.

    ``strongly_named`` maps each actor named by a strong alias so far to (field_rank, position);
    pass the same dict for the title (rank 0) then the body (rank 1) so the title licenses weak
    aliases in the body. ``folded`` and ``has_shifters`` come from the column-wise
    fold_texts and offset_shifter_flags when called from find_mentions. ``language`` (ISO 639-1,
    None when unknown) decides whether capitals are read as marking longer names.
    """
    named = {} if strongly_named is None else strongly_named
    norm = normalise_text(text, folded, has_shifters)
    matches = _longest_without_overlap(_candidates(norm, dictionary, _capitals_mark_names(language)))
    # A longer name ("U.S. Bank") won its span only to hide the alias inside it.
    names = [match for match in matches if match.entry.role_id is None and not match.entry.longer_name]
    roles = [match for match in matches if match.entry.role_id is not None]
    resolved = _resolve(norm.text, names, roles, dictionary, day, field_rank, named)
    if not norm.breakpoints:
        return resolved
    return [(*norm.original_span(start, end), *rest) for start, end, *rest in resolved]


def _capitals_mark_names(language: str | None) -> bool:
    """English text, or text of unknown language (most Latin-script news here is English)."""
    return language is None or language.lower().split("-")[0] == "en"


def _publication_day(value: dt.datetime | dt.date | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _column(articles: pl.DataFrame, name: str) -> pl.Series:
    if name in articles.columns:
        return articles[name]
    return pl.Series(name, [None] * articles.height)


def _snippets(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The sentence around each span, clipped to a readable radius either side."""
    sentence_ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    snippets = []
    for start, end in spans:
        before = bisect_right(sentence_ends, start)
        left = sentence_ends[before - 1] if before else 0
        after = bisect_left(sentence_ends, end + 1)
        right = sentence_ends[after] if after < len(sentence_ends) else len(text)
        snippets.append(text[max(left, start - _SNIPPET_RADIUS) : min(right, end + _SNIPPET_RADIUS)].strip())
    return snippets


def find_mentions(articles: pl.DataFrame, dictionary: ActorDictionary) -> pl.DataFrame:
    """One row per actor mention in each article's title and body (schema: MENTION_SCHEMA)."""
    texts = {field: _column(articles, field).cast(pl.Utf8) for field in FIELDS}
    folded = {field: fold_texts(texts[field]).to_list() for field in FIELDS}
    originals = {field: texts[field].to_list() for field in FIELDS}
    shifted = {field: offset_shifter_flags(texts[field]).to_list() for field in FIELDS}
    published = _column(articles, "published_at").to_list()
    languages = _column(articles, "language").to_list()
    found: list[tuple[str, str, str, list[Mention]]] = []
    for row, article_id in enumerate(articles["article_id"].to_list()):
        day = _publication_day(published[row])
        strongly_named: dict[str, tuple[int, int]] = {}
        for field_rank, field in enumerate(FIELDS):
            text = originals[field][row]
            if not text:
                continue
            mentions = mentions_in_text(
                text,
                dictionary,
                day,
                field_rank=field_rank,
                strongly_named=strongly_named,
                folded=folded[field][row],
                has_shifters=bool(shifted[field][row]),
                language=languages[row],
            )
            if mentions:
                found.append((article_id, field, text, mentions))
    columns: dict[str, list] = {name: [] for name in MENTION_SCHEMA}
    for article_id, field, text, mentions in found:
        starts, ends, actor_ids, aliases, strengths = zip(*mentions, strict=True)
        spans = list(zip(starts, ends, strict=True))
        columns["article_id"].extend([article_id] * len(mentions))
        columns["actor_id"].extend(actor_ids)
        columns["field"].extend([field] * len(mentions))
        columns["start"].extend(starts)
        columns["end"].extend(ends)
        columns["surface"].extend([text[start:end] for start, end in spans])
        columns["alias"].extend(aliases)
        columns["strength"].extend(strengths)
        columns["snippet"].extend(_snippets(text, spans))
    columns["dictionary_version"] = [dictionary.version] * len(columns["article_id"])
    columns["extractor_version"] = [EXTRACTOR_VERSION] * len(columns["article_id"])
    return pl.DataFrame(columns, schema=MENTION_SCHEMA).sort(["article_id", "field", "start"])
