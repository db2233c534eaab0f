"""Typed records for the corpus data: the sites and every site's version of each story."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Site:
    key: str
    template: str
    name: str
    domain: str
    language: str
    landing_ext: str
    boilerplate: dict[str, Any]


@dataclass(frozen=True)
class ArticlePage:
    """One site's publication of one story: the unit that becomes one landing file."""

    story_id: str
    language: str
    site: Site
    slug: str
    published: dt.date
    title: str
    lead_in: str | None
    source_line: str | None
    original_publisher: str | None
    byline: str | None
    paragraphs: tuple[str, ...]
    actors: tuple[str, ...]
    not_actor_phrases: tuple[str, ...]
    related: tuple[str, ...]
    syndicated_group: str | None
    date_style: str | None
    encoding: str
    gzipped: bool

    @property
    def name(self) -> str:
        return f"{self.site.key}-{self.slug}"


def load_sites(data_dir: Path = DATA_DIR) -> dict[str, Site]:
    raw = yaml.safe_load((data_dir / "sites.yaml").read_text(encoding="utf-8"))
    fixed = {"template", "name", "domain", "language", "landing_ext"}
    return {
        key: Site(
            key=key,
            template=spec["template"],
            name=spec["name"],
            domain=spec["domain"],
            language=spec["language"],
            landing_ext=spec.get("landing_ext", ".html"),
            boilerplate={k: v for k, v in spec.items() if k not in fixed},
        )
        for key, spec in raw.items()
    }


def _page(story: dict[str, Any], version: dict[str, Any], sites: dict[str, Site]) -> ArticlePage:
    return ArticlePage(
        story_id=story["id"],
        language=story["language"],
        site=sites[version["site"]],
        slug=version["slug"],
        published=dt.date.fromisoformat(str(version["published"])),
        title=version["title"],
        lead_in=version.get("lead_in"),
        source_line=version.get("source_line"),
        original_publisher=version.get("original_publisher"),
        byline=version.get("byline"),
        paragraphs=tuple(version["paragraphs"]),
        actors=tuple(version["actors"]),
        not_actor_phrases=tuple(version.get("not_actor_phrases", ())),
        related=tuple(version.get("related", ())),
        syndicated_group=story.get("syndicated_group"),
        date_style=version.get("date_style"),
        encoding=version.get("encoding", "utf-8"),
        gzipped=version.get("gzipped", False),
    )


def _syndicated_copy(story: dict[str, Any], original: dict[str, Any], sites: dict[str, Site]) -> ArticlePage:
    """The republished copy keeps the original's text but drops its last paragraph."""
    copy = original["syndicated_copy"]
    version = {
        **original,
        **copy,
        "paragraphs": original["paragraphs"][:-1],
        "date_style": None,
        "encoding": "utf-8",
    }
    return _page(story, version, sites)


def load_pages(data_dir: Path = DATA_DIR) -> list[ArticlePage]:
    """Every article page in the corpus, in a stable order (publication date, then name)."""
    sites = load_sites(data_dir)
    pages = []
    for story_file in sorted(data_dir.glob("stories_*.yaml")):
        for story in yaml.safe_load(story_file.read_text(encoding="utf-8")):
            for version in story["versions"]:
                pages.append(_page(story, version, sites))
                if "syndicated_copy" in version:
                    pages.append(_syndicated_copy(story, version, sites))
    return sorted(pages, key=lambda page: (page.published, page.name))
