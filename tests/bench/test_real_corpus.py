"""The real-page benchmark corpus: every file unique, batches of 500, and a story's syndicated
copies carry the same body under other URLs and other site chrome."""

from pathlib import Path

import polars as pl

from bench.real_corpus import (
    PAGES_PER_BATCH,
    plan_corpus,
    read_manifest,
    source_pages,
    write_real_corpus,
)
from etl.parse import parse_html


def test_plan_spreads_copies_over_batches_of_500(shared_dir: Path) -> None:
    sources = source_pages(shared_dir / "data")
    plan = plan_corpus(3_000, sources)

    assert {page.source.path.parent.parent.name for page in plan} == {"wcxb-dev-articles", "traf-eval"}
    batches = pl.Series([page.batch for page in plan]).value_counts(sort=True)
    assert batches["count"].to_list() == [PAGES_PER_BATCH] * 6
    copies = pl.Series([page.story for page in plan]).value_counts()["count"]
    assert set(copies.to_list()) == {6, 7}
    first_story = [page for page in plan if page.story == 0]
    assert len({page.batch for page in first_story}) > 3
    assert len({page.url for page in first_story}) == len(first_story)


def test_copies_share_the_story_body_not_the_bytes_or_the_url(shared_dir: Path, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    summary = write_real_corpus(landing, 24, data_dir=shared_dir / "data", plain=True, mean_copies=4)
    planned = read_manifest(landing)

    assert summary.pages == planned.height == len(list(landing.rglob("*.html"))) == 24
    contents = [(landing / path).read_bytes() for path in planned["source_path"]]
    assert len(set(contents)) == 24
    story = planned.filter(pl.col("story") == 0).sort("copy")
    parsed = [parse_html((landing / path).read_bytes()) for path in story["source_path"]]
    assert story.height == 4
    assert [article.canonical_url for article in parsed] == story["url"].to_list()
    assert len({article.domain for article in parsed}) == 4
    # The syndicating sites' header and footer stay out of the story: one body for all copies.
    assert len({article.body for article in parsed}) == 1
    assert "Syndicated content" not in parsed[1].body
