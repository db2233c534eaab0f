"""Actor candidates: who is named often in the bodies but counted as no one.

Input: the name spans of etl/actors/name_spans.py (over titles and stored bodies, never page
furniture), the articles' day, source and syndication cluster, and the dictionary's mentions.
Output: one row per candidate, ranked by distinct stories and surge (syndicated copies count
once), with its surfaces, evidence snippets, weekly counts; places apart; and the weekly share
of name-like spans that no actor claims (how stale the dictionary is).

Variants become one candidate:
- in one article, a surname alone ("Sharaa", "الشرع") belongs to the full name written there;
- across articles, names with one romanisation key (a consonant skeleton: "Ahmed al-Sharaa",
  "Ahmad al-Shara", "أحمد الشرع") are one, so are alef and hamza forms (folded already);
- a surname alone in an article without the full name goes to the one full name that ends so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import polars as pl

from etl.actors.normalise import normalise_alias
from etl.actors.places import place_named

CANDIDATE_SCHEMA = {
    "candidate_id": pl.Utf8,
    "rank": pl.Int32,
    "name": pl.Utf8,
    "proposed_type": pl.Utf8,
    "score": pl.Float64,
    "mentions": pl.Int32,
    "articles": pl.Int32,
    "stories": pl.Int32,
    "sources": pl.Int32,
    "languages": pl.List(pl.Utf8),
    "first_seen": pl.Date,
    "last_seen": pl.Date,
    "latest_week_mentions": pl.Int32,
    "surge": pl.Boolean,
    "proposed_role": pl.Utf8,
    "proposed_role_from": pl.Date,
    "role_conflict": pl.Utf8,
    "co_named_actors": pl.List(pl.Utf8),
}
SURFACE_SCHEMA = {"candidate_id": pl.Utf8, "surface": pl.Utf8, "language": pl.Utf8, "mentions": pl.Int32}
EVIDENCE_SCHEMA = {
    "candidate_id": pl.Utf8,
    "article_id": pl.Utf8,
    "field": pl.Utf8,
    "start_offset": pl.Int32,
    "end_offset": pl.Int32,
    "snippet": pl.Utf8,
}
WEEK_SCHEMA = {"candidate_id": pl.Utf8, "week_start": pl.Date, "mentions": pl.Int32, "articles": pl.Int32}
PLACE_SCHEMA = {
    "place_name": pl.Utf8,
    "place_kind": pl.Utf8,
    "country_code": pl.Utf8,
    "mentions": pl.Int32,
    "articles": pl.Int32,
    "surfaces": pl.List(pl.Utf8),
}
STALENESS_SCHEMA = {
    "week_start": pl.Date,
    "name_spans": pl.Int32,
    "unclaimed_spans": pl.Int32,
    "unclaimed_share": pl.Float64,
}
# What a short view of the ranking shows (the asset's preview, `newsetl actors candidates`).
CANDIDATE_PREVIEW_COLUMNS = (
    "rank",
    "candidate_id",
    "name",
    "proposed_type",
    "stories",
    "sources",
    "articles",
    "first_seen",
    "surge",
)
ARTICLE_INPUT_SCHEMA = {"article_id": pl.Utf8, "day": pl.Date, "domain": pl.Utf8, "story": pl.Utf8}

EVIDENCE_PER_CANDIDATE = 5
MIN_MENTIONS = 2
CO_NAMED_ACTORS = 3
# A surge: the latest week has at least this many mentions and this many times the mean of
# the weeks before it (weeks without a mention count as zero).
SURGE_MIN_MENTIONS = 3
SURGE_RATIO = 2.0
SURGE_WEIGHT = 1.5
# One capitalised word with no title cue and no full name to join is the weakest evidence:
# generic words ("Parliament", "Ministry") look like that.
LONE_WORD_WEIGHT = 0.4
# A candidate is a lone word when this share of its mentions are: one stray title cue ("Chief
# Data Officer") does not make "Data" a name.
LONE_WORD_SHARE = 0.8
# An acronym written after "the" less often than this is weighted as a lone word.
DEFINITE_ACRONYM_SHARE = 0.2
# A surname alone goes to a full name written in at least one article per this many that write
# the word alone: one "Bermuda BLE Trilateration Github" does not take 28 pages' "GitHub", one
# "Donald Trump" does take three pages' "Trump".
LONE_ARTICLES_PER_FULL_NAME = 3
# Skeleton keys shorter than this are too common to merge distinct writings on.
MIN_SKELETON = 4
DOMINANT_SHARE = 2 / 3
MIN_CROSS_SCRIPT_SKELETON = 3

_LATIN_DIGRAPHS = (
    ("sh", "s"),
    ("kh", "k"),
    ("th", "t"),
    ("dh", "d"),
    ("gh", "g"),
    ("ph", "f"),
    ("ch", "s"),
    ("ou", "u"),
)
_LATIN_LETTERS = str.maketrans(
    {"q": "k", "c": "k", "v": "f", "p": "b", "w": "", "x": "ks", "g": "j", "'": "", "`": ""}
)
_ARABIC_LETTERS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "z",
    "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "j", "ف": "f", "ق": "k",
    "ك": "k", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
_ARTICLE_WORDS = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"})


@cache
def romanisation_key(name_key: str) -> str:
    """A consonant skeleton that English and Arabic writings of one name share: vowels, h,
    ain, alef, waw and yeh (written or not, as the writer pleases) dropped, close consonants
    merged ("Ahmed al-Sharaa" = "Ahmad al-Shara" = "احمد الشرع" → "jmd sr"; the article goes)."""
    words = []
    for word in name_key.split():
        if word in _ARTICLE_WORDS:
            continue
        if "\u0621" <= word[0] <= "\u064a":
            word = word.removeprefix("ال") if len(word) > 3 else word
            skeleton = "".join(_ARABIC_LETTERS.get(ch, "") for ch in word)
        else:
            for digraph, letter in _LATIN_DIGRAPHS:
                word = word.replace(digraph, letter)
            skeleton = re.sub(r"[aeiouyh\W\d_]", "", word.translate(_LATIN_LETTERS))
        skeleton = re.sub(r"(.)\1+", r"\1", skeleton)
        if skeleton:
            words.append(skeleton)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class RoleCue:
    """A role the dictionary knows, with who holds it, keyed by its normalised phrase."""

    role_id: str
    holders: tuple[tuple[str, dt.date | None, dt.date | None], ...]

    def holder_on(self, day: dt.date) -> str | None:
        for actor_id, start, end in self.holders:
            if (start is None or start <= day) and (end is None or day <= end):
                return actor_id
        return None


def role_cues(roles: pl.DataFrame) -> dict[str, RoleCue]:
    """The dictionary's roles (ROLE_SCHEMA rows) by normalised phrase."""
    holders: dict[str, list[tuple[str, dt.date | None, dt.date | None]]] = defaultdict(list)
    phrases: dict[str, str] = {}
    for row in roles.iter_rows(named=True):
        holder = (row["actor_id"], row["valid_from"], row["valid_to"])
        if holder not in holders[row["role_id"]]:
            holders[row["role_id"]].append(holder)
        phrases[normalise_alias(row["phrase"])] = row["role_id"]
    return {phrase: RoleCue(role_id, tuple(holders[role_id])) for phrase, role_id in phrases.items()}


def _candidate_keys(spans: pl.DataFrame) -> list[str]:
    """Each span's candidate key after the in-article and global variant merges."""
    rows = spans.select("article_id", "name_key", "surname_key", "tokens", "language").rows()
    full_by_article: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    # By romanisation key, so that "Donald Trump" and "دونالد ترامب" are one full name here.
    full_by_surname: dict[str, Counter[str]] = defaultdict(Counter)
    key_of_skeleton: dict[str, str] = {}
    articles_of_skeleton: dict[str, set[str]] = defaultdict(set)
    lone_articles: dict[str, set[str]] = defaultdict(set)
    for article_id, key, surname, tokens, _ in rows:
        if tokens == 1:
            lone_articles[romanisation_key(surname)].add(article_id)
        else:
            full_by_article[(article_id, surname)][key] += 1
            skeleton = romanisation_key(key)
            full_by_surname[romanisation_key(surname)][skeleton] += 1
            key_of_skeleton.setdefault(skeleton, key)
            articles_of_skeleton[skeleton].add(article_id)
    initials_by_article: dict[tuple[str, str], str] = {}
    for (article_id, key, _, tokens, _), surface in zip(rows, spans["surface"].to_list(), strict=True):
        capitals = "".join(word[0] for word in surface.split() if word[0].isupper())
        if tokens > 1 and len(capitals) > 1:
            initials_by_article.setdefault((article_id, capitals), key)
    keys = []
    surfaces = spans["surface"].to_list()
    for (article_id, key, surname, tokens, _), surface in zip(rows, surfaces, strict=True):
        country = place_named(surface)
        if country is not None and country.kind == "country":
            # "U.S." and "United States" are one state.
            keys.append(normalise_alias(country.name))
            continue
        # An acronym spelled out in the same article ("Syrian Democratic Forces (SDF)").
        spelled_out = initials_by_article.get((article_id, surface)) if surface.isupper() else None
        if spelled_out is not None:
            keys.append(spelled_out)
            continue
        if tokens == 1:
            in_article = full_by_article.get((article_id, surname))
            if in_article:
                key = in_article.most_common(1)[0][0]
            elif place_named(surface) is None:
                # A place alone ("California") is not the end of a longer name elsewhere.
                surname_skeleton = romanisation_key(surname)
                dominant = _dominant(full_by_surname.get(surname_skeleton))
                if dominant and len(articles_of_skeleton[dominant]) * LONE_ARTICLES_PER_FULL_NAME >= len(
                    lone_articles[surname_skeleton]
                ):
                    key = key_of_skeleton[dominant]
        keys.append(key)
    # One romanisation key, one candidate: the most used writing names it.
    usage = Counter(keys)
    by_skeleton: dict[str, str] = {}
    for key, _ in usage.most_common():
        skeleton = romanisation_key(key)
        if len(skeleton.replace(" ", "")) >= MIN_SKELETON and " " in skeleton:
            by_skeleton.setdefault(skeleton, key)
    merged = {key: by_skeleton.get(romanisation_key(key), key) for key in usage}
    # Across scripts the word breaks differ (حزب الله, Hezbollah): an Arabic writing joins the
    # most used Latin one with its skeleton, spaces left out.
    latin: dict[str, str] = {}
    for key, _ in usage.most_common():
        if key.isascii():
            latin.setdefault(romanisation_key(key).replace(" ", ""), merged[key])
    for key in usage:
        if not key.isascii() and merged[key] == key:
            joined = romanisation_key(key).replace(" ", "")
            if len(joined) >= MIN_CROSS_SCRIPT_SKELETON and joined in latin:
                merged[key] = latin[joined]
    return [merged[key] for key in keys]


def _dominant(full_names: Counter[str] | None) -> str | None:
    """The full name a lone surname stands for when one writes most (two thirds) of the full
    names ending so ("Donald Trump" over "Things Trump"); else none."""
    if not full_names:
        return None
    name, count = full_names.most_common(1)[0]
    return name if count >= DOMINANT_SHARE * sum(full_names.values()) else None


def candidate_id_for(name: str, key: str) -> str:
    """A readable slug for Latin names, else a short hash of the key (stable across runs)."""
    slug = re.sub(r"[^a-z0-9]+", "-", normalise_alias(name)).strip("-")
    if slug and slug.isascii():
        return slug
    return "c-" + hashlib.sha1(key.encode()).hexdigest()[:10]


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _proposed_type(shapes: Counter[str]) -> str:
    if shapes["organisation"] > shapes["person"]:
        return "organisation"
    return "person" if shapes["person"] else "unknown"


@dataclass(frozen=True, slots=True)
class CandidateTables:
    candidates: pl.DataFrame
    surfaces: pl.DataFrame
    evidence: pl.DataFrame
    weeks: pl.DataFrame
    places: pl.DataFrame
    staleness: pl.DataFrame


def build_candidates(
    spans: pl.DataFrame,
    articles: pl.DataFrame,
    mentions: pl.DataFrame,
    roles: dict[str, RoleCue],
    rejected: frozenset[str] = frozenset(),
) -> CandidateTables:
    """Rank the unclaimed names of ``spans`` (NAME_SPAN_SCHEMA) as actor candidates.

    ``articles``: ARTICLE_INPUT_SCHEMA (publication day, source domain, syndication story);
    ``mentions``: article_id, actor_id, field of the dictionary's mentions (co-named actors, and
    the claimed side of staleness); ``rejected``: normalised names a curator rejected.
    """
    meta = {row[0]: row[1:] for row in articles.select(*ARTICLE_INPUT_SCHEMA).rows()}
    unclaimed = spans.filter(~pl.col("claimed"))
    keys = _candidate_keys(unclaimed)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for key, row in zip(keys, unclaimed.iter_rows(named=True), strict=True):
        grouped[key].append(row)
    actors_by_article: dict[str, Counter[str]] = defaultdict(Counter)
    for article_id, actor_id in mentions.select("article_id", "actor_id").rows():
        actors_by_article[article_id][actor_id] += 1
    days = [day for _, (day, _, _) in meta.items() if day is not None]
    latest_week = _week(max(days)) if days else None
    first_week = _week(min(days)) if days else None

    candidate_rows, surface_rows, evidence_rows, week_rows, place_rows = [], [], [], [], []
    place_spans: set[tuple[str, str, int]] = set()
    taken_ids: set[str] = set()
    for key, rows in grouped.items():
        surfaces = Counter((row["surface"], row["language"]) for row in rows)
        name = _display_name(surfaces)
        normalised_surfaces = {normalise_alias(surface) for surface, _ in surfaces} | {key}
        if normalised_surfaces & rejected:
            continue
        place = (
            place_named(name) if all(row["tokens"] == 1 or row["shape"] == "word" for row in rows) else None
        )
        if place is None and not any(row["cue"] for row in rows):
            place = place_named(name)
        article_ids = {row["article_id"] for row in rows}
        if place is not None and place.kind == "country":
            # This warehouse counts states as actors: a country no actor claims is a state
            # missing from the dictionary, not a place to set aside.
            state = place
            place = None
        else:
            state = None
        if place is not None:
            place_rows.append(
                {
                    "place_name": place.name,
                    "place_kind": place.kind,
                    "country_code": place.country_code,
                    "mentions": len(rows),
                    "articles": len(article_ids),
                    "surfaces": sorted({surface for surface, _ in surfaces}),
                }
            )
            place_spans.update((row["article_id"], row["field"], row["start"]) for row in rows)
            continue
        if len(rows) < MIN_MENTIONS:
            continue
        candidate_id = candidate_id_for(name, key)
        while candidate_id in taken_ids:
            candidate_id += "-2"
        taken_ids.add(candidate_id)
        dated = [(meta[row["article_id"]][0], row) for row in rows if meta.get(row["article_id"], (None,))[0]]
        weekly: dict[dt.date, list[dict]] = defaultdict(list)
        for day, row in dated:
            weekly[_week(day)].append(row)
        stories = {meta.get(a, (None, None, a))[2] or a for a in article_ids}
        sources = {meta.get(a, (None, None, None))[1] for a in article_ids} - {None}
        latest = len(weekly.get(latest_week, [])) if latest_week else 0
        surge = _surge(weekly, first_week, latest_week)
        lone_words = sum(row["shape"] == "word" and not row["cue"] and row["tokens"] == 1 for row in rows)
        acronyms = [
            row
            for row in rows
            if row["tokens"] == 1 and row["surface"].removesuffix("s").isupper() and not row["cue"]
        ]
        lone_word = state is None and (
            lone_words >= LONE_WORD_SHARE * len(rows)
            # An abbreviation of a common noun ("TV", "IP") is seldom written "the TV"; a body's
            # is ("the YPG", "the EU").
            or (
                len(acronyms) == len(rows)
                and sum(row["definite"] for row in acronyms) < DEFINITE_ACRONYM_SHARE * len(rows)
            )
        )
        score = len(stories) + 0.25 * max(len(sources) - 1, 0)
        score *= (SURGE_WEIGHT if surge else 1.0) * (LONE_WORD_WEIGHT if lone_word else 1.0)
        role, role_from, conflict = _proposed_role(dated, roles)
        co_named = Counter()
        for article_id in article_ids:
            co_named.update(dict.fromkeys(actors_by_article.get(article_id, {}), 1))
        candidate_rows.append(
            {
                "candidate_id": candidate_id,
                "name": name,
                "proposed_type": "state" if state else _proposed_type(Counter(row["shape"] for row in rows)),
                "score": round(score, 3),
                "mentions": len(rows),
                "articles": len(article_ids),
                "stories": len(stories),
                "sources": len(sources),
                "languages": sorted({row["language"] for row in rows}),
                "first_seen": min((day for day, _ in dated), default=None),
                "last_seen": max((day for day, _ in dated), default=None),
                "latest_week_mentions": latest,
                "surge": surge,
                "proposed_role": role,
                "proposed_role_from": role_from,
                "role_conflict": conflict,
                # Ties by id: the articles' actor sets iterate in hash order, which differs per process.
                "co_named_actors": [
                    actor for actor, _ in sorted(co_named.items(), key=lambda item: (-item[1], item[0]))
                ][:CO_NAMED_ACTORS],
            }
        )
        surface_rows.extend(
            {"candidate_id": candidate_id, "surface": surface, "language": language, "mentions": count}
            for (surface, language), count in surfaces.most_common()
        )
        evidence_rows.extend({"candidate_id": candidate_id, **row} for row in _evidence(rows, meta))
        week_rows.extend(
            {
                "candidate_id": candidate_id,
                "week_start": week,
                "mentions": len(week_spans),
                "articles": len({row["article_id"] for row in week_spans}),
            }
            for week, week_spans in sorted(weekly.items())
        )
    candidates = pl.DataFrame(candidate_rows, schema=CANDIDATE_SCHEMA)
    candidates = candidates.sort(
        ["score", "sources", "mentions", "candidate_id"], descending=[True, True, True, False]
    )
    candidates = candidates.with_columns(rank=pl.int_range(1, candidates.height + 1, dtype=pl.Int32))
    return CandidateTables(
        candidates=candidates,
        surfaces=pl.DataFrame(surface_rows, schema=SURFACE_SCHEMA),
        evidence=pl.DataFrame(evidence_rows, schema=EVIDENCE_SCHEMA),
        weeks=pl.DataFrame(week_rows, schema=WEEK_SCHEMA),
        places=_places(place_rows),
        staleness=dictionary_staleness(spans, place_spans, mentions, meta),
    )


def _places(rows: list[dict]) -> pl.DataFrame:
    """One row per place, however many writings named it."""
    return (
        pl.DataFrame(rows, schema=PLACE_SCHEMA)
        .group_by("place_name", "place_kind", "country_code")
        .agg(
            pl.col("mentions").sum(),
            pl.col("articles").sum(),
            pl.col("surfaces").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        )
        .select(*PLACE_SCHEMA)
        .sort(["mentions", "place_name"], descending=[True, False])
    )


def _display_name(surfaces: Counter[tuple[str, str]]) -> str:
    """A Latin writing when there is one (the candidate id is its slug), the one of most words,
    the most used of those."""
    latin = [item for item in surfaces.items() if item[0][1] == "en"]
    pool = latin or list(surfaces.items())
    longest = max(len(surface.split()) for (surface, _), _ in pool)
    best = max((item for item in pool if len(item[0][0].split()) == longest), key=lambda item: item[1])
    return best[0][0]


def _surge(
    weekly: dict[dt.date, list[dict]], first_week: dt.date | None, latest_week: dt.date | None
) -> bool:
    if latest_week is None or first_week is None:
        return False
    latest = len(weekly.get(latest_week, []))
    earlier_weeks = max((latest_week - first_week).days // 7, 1)
    earlier = sum(len(rows) for week, rows in weekly.items() if week < latest_week)
    return latest >= SURGE_MIN_MENTIONS and latest >= SURGE_RATIO * earlier / earlier_weeks


def _proposed_role(
    dated: list[tuple[dt.date, dict]], roles: dict[str, RoleCue]
) -> tuple[str | None, dt.date | None, str | None]:
    """The role a title cue names most often, its first date, and the holder it conflicts with."""
    by_role: dict[str, list[dt.date]] = defaultdict(list)
    for day, row in dated:
        cue = row["cue"]
        role = roles.get(normalise_alias(cue)) if cue else None
        if role is not None:
            by_role[role.role_id].append(day)
    if not by_role:
        return None, None, None
    role_id = max(by_role, key=lambda r: len(by_role[r]))
    first = min(by_role[role_id])
    cue = next(role for role in roles.values() if role.role_id == role_id)
    return role_id, first, cue.holder_on(first)


def _evidence(rows: list[dict], meta: dict) -> list[dict]:
    """Snippets from distinct stories first, then distinct articles."""
    chosen: list[dict] = []
    seen_stories: set[str] = set()
    seen_articles: set[str] = set()
    ordered = sorted(rows, key=lambda row: (row["field"] != "body", row["article_id"], row["start"]))
    for distinct in (True, False):
        for row in ordered:
            if len(chosen) >= EVIDENCE_PER_CANDIDATE:
                break
            story = (meta.get(row["article_id"], (None, None, None))[2]) or row["article_id"]
            if (
                row["article_id"] in seen_articles
                or (distinct and story in seen_stories)
                or not row["snippet"]
            ):
                continue
            seen_stories.add(story)
            seen_articles.add(row["article_id"])
            chosen.append(row)
    for row in ordered:
        if len(chosen) >= EVIDENCE_PER_CANDIDATE:
            break
        if row not in chosen and row["snippet"]:
            chosen.append(row)
    return [
        {
            "article_id": row["article_id"],
            "field": row["field"],
            "start_offset": row["start"],
            "end_offset": row["end"],
            "snippet": row["snippet"],
        }
        for row in chosen
    ]


def dictionary_staleness(
    spans: pl.DataFrame, place_spans: set[tuple[str, str, int]], mentions: pl.DataFrame, meta: dict
) -> pl.DataFrame:
    """Per publication week: name-like spans in bodies (the dictionary's body mentions and the
    unclaimed names that are not places) and the share of them no actor claims."""
    claimed: Counter[dt.date] = Counter()
    unclaimed: Counter[dt.date] = Counter()
    for article_id, field in mentions.select("article_id", "field").rows():
        day = meta.get(article_id, (None,))[0]
        if field == "body" and day is not None:
            claimed[_week(day)] += 1
    for article_id, field, start in (
        spans.filter(~pl.col("claimed") & (pl.col("field") == "body"))
        .select("article_id", "field", "start")
        .rows()
    ):
        day = meta.get(article_id, (None,))[0]
        if day is not None and (article_id, field, start) not in place_spans:
            unclaimed[_week(day)] += 1
    rows = [
        {
            "week_start": week,
            "name_spans": claimed[week] + unclaimed[week],
            "unclaimed_spans": unclaimed[week],
            "unclaimed_share": round(unclaimed[week] / (claimed[week] + unclaimed[week]), 4),
        }
        for week in sorted(set(claimed) | set(unclaimed))
    ]
    return pl.DataFrame(rows, schema=STALENESS_SCHEMA)
