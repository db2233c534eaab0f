"""A deterministic evaluation set: syndicated stories with realistic edits, and rival stories.

Each event (actors, place, topic, day, an official statement) is covered by one to three
publishers writing their own stories; those must never be merged. Each story is then
republished by aggregators with the edits seen in practice: the lead-in line changed or
removed, a different title (sometimes rendered into the body), the last paragraphs trimmed, a
background paragraph added, paragraphs joined, a few words changed, orthographic variation
(harakat, tatweel, hamza, Arabic-Indic digits, typographic quotes), each site's boilerplate,
an attribution line, byte-identical reposts, re-crawls of one page under AMP or tracking URLs,
cross-domain canonical tags and broken canonical tags that point at a home page.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from random import Random

import polars as pl

from etl.dedupe import INPUT_COLUMNS
from etl.parse.article_frame import ARTICLE_SCHEMA as PARSED_ARTICLE_SCHEMA
from evaluation.dedupe_banks import ACTORS, ARABIC, ENGLISH, PLACES, TOPICS, LanguageBank

_SLOT = re.compile(r"\{(\w+)\}")
_FIRST_DAY = datetime(2017, 1, 2, tzinfo=UTC)
_EVENT_DAYS = 900
_STORIES_PER_EVENT = ((1, 0.6), (2, 0.25), (3, 0.15))
_COPIES_PER_STORY = ((0, 0.35), (1, 0.25), (2, 0.15), (3, 0.1), (5, 0.1), (9, 0.05))
_BRIEF_SHARE = 0.04
_DIGEST_SHARE = 0.03
# Stories keep returning to the event's actors and place, but not in every sentence.
_LOOSE_SLOTS = frozenset({"a1", "a2", "place"})
_HARAKAT = "\u064e\u064f\u0650\u0651\u0652\u064b"

# The articles frame's own types, for the columns cluster_articles reads.
ARTICLE_SCHEMA = {column: PARSED_ARTICLE_SCHEMA[column] for column in INPUT_COLUMNS}
TRUTH_SCHEMA = {"article_id": pl.Utf8, "story_id": pl.Utf8, "event_id": pl.Utf8, "copy": pl.Utf8}


@dataclass(frozen=True)
class EvaluationSet:
    """Articles in `cluster_articles` input form and, per article, the story it belongs to."""

    articles: pl.DataFrame
    truth: pl.DataFrame


@dataclass
class _Event:
    event_id: str
    bank: LanguageBank
    context: dict[str, str]
    day: datetime
    statement: str


@dataclass
class _Story:
    story_id: str
    event: _Event
    publisher: tuple[str, str]
    lead: str
    paragraphs: list[str]
    is_brief: bool
    published_at: datetime
    url: str
    original_body: str = ""


@dataclass
class _Article:
    row: dict[str, object]
    story_id: str
    event_id: str
    copy: str


@dataclass
class _Site:
    name: str
    domain: str
    title_in_body: bool
    lead_on_own_line: bool
    footer: list[str]


def _weighted(rng: Random, table: tuple[tuple[int, float], ...]) -> int:
    return rng.choices([value for value, _ in table], [weight for _, weight in table])[0]


class _Writer:
    """Fills templates for one language with a seeded random source."""

    def __init__(self, rng: Random, bank: LanguageBank) -> None:
        self.rng = rng
        self.bank = bank
        self.actors = ACTORS[bank.language]
        self.places = PLACES[bank.language]

    def fill(self, template: str, context: dict[str, str]) -> str:
        return _SLOT.sub(lambda match: self._slot(match.group(1), context), template)

    def _slot(self, name: str, context: dict[str, str]) -> str:
        if name in context and (name not in _LOOSE_SLOTS or self.rng.random() < 0.7):
            return context[name]
        if name in ("a1", "a2", "x"):
            return self.rng.choice(self.actors)
        if name in ("place", "place2", "place3"):
            return self.rng.choice(self.places)
        if name == "n":
            return str(self.rng.randint(3, 480))
        if name == "small":
            return str(self.rng.randint(2, 12))
        if name == "year":
            return str(self.rng.randint(2011, 2024))
        if name == "topic":
            return self.rng.choice(TOPICS[self.bank.language])
        return self.rng.choice(self.bank.fillers[name])

    def sentence(self, context: dict[str, str]) -> str:
        text = self.fill(self.rng.choice(self.bank.templates), context)
        return text[0].upper() + text[1:]

    def paragraph(self, context: dict[str, str], sentences: int) -> str:
        return " ".join(self.sentence(context) for _ in range(sentences))

    def headline(self, context: dict[str, str]) -> str:
        return self.fill(self.rng.choice(self.bank.headlines), context)

    def unrelated_context(self) -> dict[str, str]:
        """Context of some other event, for background paragraphs and related headlines."""
        first, second = self.rng.sample(self.actors, 2)
        return {
            "a1": first,
            "a2": second,
            "place": self.rng.choice(self.places),
            "topic": self.rng.choice(TOPICS[self.bank.language]),
            "day": self.rng.choice(self.bank.days),
        }


class _Generator:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = Random(seed)
        self.writers = {bank.language: _Writer(self.rng, bank) for bank in (ENGLISH, ARABIC)}
        self.sites = {
            name: self._site(name, domain)
            for bank in (ENGLISH, ARABIC)
            for name, domain in bank.publishers + bank.aggregators
        }
        self.articles: list[_Article] = []

    def _site(self, name: str, domain: str) -> _Site:
        site_rng = Random(f"{self.seed}:{name}")
        bank = ARABIC if re.search("[\u0600-\u06ff]", name) else ENGLISH
        return _Site(
            name=name,
            domain=domain,
            title_in_body=site_rng.random() < 0.3,
            lead_on_own_line=site_rng.random() < 0.5,
            footer=[
                line.replace("{site}", name)
                for line in site_rng.sample(bank.boilerplate, site_rng.randint(1, 3))
            ],
        )

    def _article_id(self) -> str:
        digest = hashlib.blake2b(f"{self.seed}:{len(self.articles)}".encode(), digest_size=8)
        return digest.hexdigest()

    def event(self, number: int) -> _Event:
        bank = self.rng.choice((ENGLISH, ARABIC))
        writer = self.writers[bank.language]
        day = _FIRST_DAY + timedelta(days=self.rng.randrange(_EVENT_DAYS))
        context = {**writer.unrelated_context(), "day": bank.days[day.weekday()]}
        return _Event(f"e{number}", bank, context, day, writer.sentence(context))

    def story(self, event: _Event, number: int, publisher: tuple[str, str]) -> _Story:
        writer = self.writers[event.bank.language]
        is_brief = self.rng.random() < _BRIEF_SHARE
        if is_brief:
            paragraphs = [writer.paragraph(event.context, 1)]
        else:
            paragraphs = [
                writer.paragraph(event.context, self.rng.randint(2, 4))
                for _ in range(self.rng.randint(5, 10))
            ]
            paragraphs.insert(self.rng.randrange(1, len(paragraphs)), event.statement)
        lead = writer.fill(
            self.rng.choice(event.bank.original_leads),
            {**event.context, "publisher": publisher[0], "place_upper": event.context["place"].upper()},
        )
        published_at = event.day + timedelta(minutes=self.rng.randrange(6 * 60, 22 * 60))
        url = f"https://www.{publisher[1]}/news/{number}-{self.rng.getrandbits(32):08x}"
        return _Story(f"s{number}", event, publisher, lead, paragraphs, is_brief, published_at, url)

    def _body(
        self, site: _Site, title: str, lead: str | None, paragraphs: list[str], extra_lines: list[str]
    ) -> str:
        lines = [title] if site.title_in_body else []
        if lead and site.lead_on_own_line:
            lines += [lead, *paragraphs]
        elif lead:
            lines += [f"{lead} {paragraphs[0]}", *paragraphs[1:]]
        else:
            lines += paragraphs
        return "\n".join([*lines, *extra_lines, *site.footer])

    def _emit(
        self,
        story: _Story,
        site: _Site,
        body: str,
        url: str,
        canonical: str | None,
        published_at: datetime | None,
        attribution: str | None,
        copy: str,
    ) -> None:
        self.articles.append(
            _Article(
                row={
                    "article_id": self._article_id(),
                    "canonical_url": canonical,
                    "url": url,
                    "body": body,
                    "published_at": published_at,
                    "original_publisher": attribution,
                    "site_name": site.name,
                    "domain": site.domain,
                },
                story_id=story.story_id,
                event_id=story.event.event_id,
                copy=copy,
            )
        )

    def publish_original(self, story: _Story) -> None:
        site = self.sites[story.publisher[0]]
        writer = self.writers[story.event.bank.language]
        body = self._body(site, writer.headline(story.event.context), story.lead, story.paragraphs, [])
        canonical = story.url if self.rng.random() < 0.8 else None
        story.original_body = body
        self._emit(story, site, body, story.url, canonical, story.published_at, None, "original")

    def publish_copy(self, story: _Story) -> None:
        rng = self.rng
        bank = story.event.bank
        writer = self.writers[bank.language]
        name, domain = rng.choice(bank.aggregators)
        site = self.sites[name]
        url = f"https://{domain}/{rng.choice(('news', 'world', 'p', 'archives'))}/{rng.getrandbits(40):x}"
        delay = timedelta(minutes=rng.randrange(10, 48 * 60))
        published_at = None if rng.random() < 0.05 else story.published_at + delay
        roll = rng.random()
        if roll < 0.1:
            self._emit(story, site, story.original_body, url, url, published_at, None, "identical body")
            return
        if roll < 0.18:
            self._recrawl(story)
            return
        if story.is_brief:
            self._repost_brief(story, site, url, published_at)
            return
        if roll < 0.24:
            self._excerpt(story, site, url, published_at)
            return
        paragraphs, edits = self._edit(story, writer)
        lead = self._copy_lead(story, site, edits)
        attribution = None
        extra_lines = []
        if rng.random() < 0.5:
            attribution = story.publisher[0]
            extra_lines.append(bank.source_line.replace("{publisher}", attribution))
            edits.append("attributed")
        if rng.random() < 0.4:
            extra_lines += [bank.related_heading] + [
                writer.headline(writer.unrelated_context()) for _ in range(rng.randint(2, 4))
            ]
            edits.append("related list")
        body = self._body(site, writer.headline(story.event.context), lead, paragraphs, extra_lines)
        if rng.random() < 0.5:
            body = self._orthographic_variation(body, bank.language)
            edits.append("orthography")
        canonical = self._copy_canonical(story, url, domain, edits)
        copy = ", ".join(edits) or "site template only"
        self._emit(story, site, body, url, canonical, published_at, attribution, copy)

    def _copy_lead(self, story: _Story, site: _Site, edits: list[str]) -> str | None:
        roll = self.rng.random()
        if roll < 0.35:
            return story.lead
        if roll < 0.7:
            edits.append("lead removed")
            return None
        edits.append("lead changed")
        return self.writers[story.event.bank.language].fill(
            self.rng.choice(story.event.bank.copy_leads),
            {
                **story.event.context,
                "publisher": story.publisher[0],
                "copier": site.name,
                "place_upper": story.event.context["place"].upper(),
            },
        )

    def _copy_canonical(self, story: _Story, url: str, domain: str, edits: list[str]) -> str | None:
        roll = self.rng.random()
        if roll < 0.1:
            edits.append("canonical to original")
            return story.url
        if roll < 0.12:
            edits.append("canonical to home page")
            return f"https://{domain}/"
        return url if roll < 0.8 else None

    def _edit(self, story: _Story, writer: _Writer) -> tuple[list[str], list[str]]:
        rng = self.rng
        paragraphs = list(story.paragraphs)
        edits: list[str] = []
        if rng.random() < 0.3:
            trimmed = 2 if len(paragraphs) >= 7 and rng.random() < 0.3 else 1
            paragraphs = paragraphs[:-trimmed]
            edits.append(f"last {trimmed} paragraph(s) trimmed")
        if rng.random() < 0.3:
            background = writer.paragraph(writer.unrelated_context(), rng.randint(2, 3))
            paragraphs.insert(rng.choice((len(paragraphs) - 1, len(paragraphs))), background)
            edits.append("paragraph added")
        if rng.random() < 0.3 and len(paragraphs) > 2:
            joined = rng.randrange(len(paragraphs) - 1)
            paragraphs[joined : joined + 2] = [" ".join(paragraphs[joined : joined + 2])]
            edits.append("paragraphs joined")
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 3)):
                paragraphs = self._change_a_word(paragraphs, writer)
            edits.append("words changed")
        return paragraphs, edits

    def _change_a_word(self, paragraphs: list[str], writer: _Writer) -> list[str]:
        index = self.rng.randrange(len(paragraphs))
        words = paragraphs[index].split(" ")
        position = self.rng.randrange(len(words))
        replacement = self.rng.choice(writer.bank.fillers["said"])
        words[position : position + 1] = [] if self.rng.random() < 0.5 else [replacement]
        return [*paragraphs[:index], " ".join(words), *paragraphs[index + 1 :]]

    def _orthographic_variation(self, body: str, language: str) -> str:
        rng = self.rng
        if language == "en":
            return body.replace(" - ", " — ").replace("'", "’").replace(", ", " , ")
        characters = []
        for character in body:
            roll = rng.random()
            if character == "أ" and roll < 0.5:
                character = "ا"
            elif character == "ة" and roll < 0.3:
                character = "ه"
            elif character.isdigit() and character.isascii():
                character = chr(0x0660 + int(character))
            characters.append(character)
            if "\u0621" <= character <= "\u064a":
                if roll > 0.97:
                    characters.append(rng.choice(_HARAKAT))
                elif roll > 0.96:
                    characters.append("\u0640")
        return "".join(characters).replace("،", ",")

    def _excerpt(self, story: _Story, site: _Site, url: str, published_at: datetime | None) -> None:
        """A teaser: the opening paragraphs and a link to the source."""
        kept = story.paragraphs[: self.rng.randint(2, 4)]
        bank = story.event.bank
        read_more = bank.read_more.replace("{publisher}", story.publisher[0])
        body = self._body(
            site, self.writers[bank.language].headline(story.event.context), story.lead, kept, [read_more]
        )
        self._emit(story, site, body, url, url, published_at, story.publisher[0], "excerpt")

    def publish_digest(self, number: int, stories: list[_Story]) -> None:
        """An aggregator's round-up quoting the opening paragraph of several stories."""
        bank = stories[0].event.bank
        name, domain = self.rng.choice(bank.aggregators)
        site = self.sites[name]
        openings = [f"{story.lead} {story.paragraphs[0]}" for story in stories]
        body = self._body(site, bank.digest_title, None, openings, [])
        digest = _Story(
            f"d{number}",
            _Event(f"d{number}", bank, {}, stories[-1].event.day, ""),
            (name, domain),
            "",
            openings,
            False,
            stories[-1].published_at,
            "",
        )
        url = f"https://{domain}/digest/{number}"
        self._emit(digest, site, body, url, url, stories[-1].published_at, None, "digest")

    def _repost_brief(self, story: _Story, site: _Site, url: str, published_at: datetime | None) -> None:
        """Briefs travel verbatim; below the near-duplicate length only folding may differ."""
        body = self._orthographic_variation(story.original_body, story.event.bank.language)
        self._emit(story, site, body, url, url, published_at, None, "brief repost")

    def _recrawl(self, story: _Story) -> None:
        """The original page fetched again under an AMP or tracking address."""
        variant = self.rng.choice(
            (
                story.url.replace("https://www.", "http://") + "?utm_source=facebook&utm_medium=social",
                story.url + "/amp/",
                story.url.replace("https://www.", "https://amp.") + "?fbclid=IwAR0x",
                story.url + "/#comments",
            )
        )
        body = story.original_body
        if self.rng.random() < 0.5:
            body += "\n" + self.writers[story.event.bank.language].sentence(story.event.context)
        site = self.sites[story.publisher[0]]
        self._emit(story, site, body, variant, None, story.published_at, None, "re-crawl")


def generate_evaluation_set(article_count: int, seed: int = 2017) -> EvaluationSet:
    """About `article_count` articles (whole stories are never cut), with their true stories."""
    generator = _Generator(seed)
    event_number = 0
    story_number = 0
    recent: dict[str, list[_Story]] = {"en": [], "ar": []}
    while len(generator.articles) < article_count:
        event = generator.event(event_number)
        event_number += 1
        stories = _weighted(generator.rng, _STORIES_PER_EVENT)
        for publisher in generator.rng.sample(event.bank.publishers, stories):
            story = generator.story(event, story_number, publisher)
            story_number += 1
            generator.publish_original(story)
            for _ in range(_weighted(generator.rng, _COPIES_PER_STORY)):
                generator.publish_copy(story)
            language_recent = recent[event.bank.language]
            language_recent[:] = [*language_recent[-29:], story]
            if generator.rng.random() < _DIGEST_SHARE and len(language_recent) >= 10:
                chosen = generator.rng.sample(language_recent, generator.rng.randint(3, 5))
                generator.publish_digest(story_number, chosen)
    articles = pl.DataFrame([a.row for a in generator.articles], schema=ARTICLE_SCHEMA)
    truth = pl.DataFrame(
        [
            {
                "article_id": a.row["article_id"],
                "story_id": a.story_id,
                "event_id": a.event_id,
                "copy": a.copy,
            }
            for a in generator.articles
        ],
        schema=TRUTH_SCHEMA,
    )
    return EvaluationSet(articles=articles, truth=truth)
