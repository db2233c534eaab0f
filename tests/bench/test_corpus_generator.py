"""The scale corpus generator: deterministic bytes, realistic sizes, batches, WARC records, and a
ground truth that the real parser and matcher agree with."""

import datetime as dt
import hashlib
from pathlib import Path

import polars as pl
import pytest
from warcio.archiveiterator import ArchiveIterator

from bench.corpus_generator import (
    MAX_PAGE_BYTES,
    MIN_PAGE_BYTES,
    generate_page,
    load_banks,
    read_ground_truth,
    write_corpus,
)
from etl.actors import find_mentions, load_dictionary
from etl.parse import parse_html

PAGES = 40
BATCHES = 4


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def files_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("files")
    write_corpus(out, PAGES, BATCHES, "files", seed=7)
    return out


@pytest.fixture(scope="module")
def warc_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("warc")
    write_corpus(out, PAGES, BATCHES, "warc", seed=7)
    return out


def test_same_seed_same_bytes_other_seed_other_pages(files_corpus: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    write_corpus(again, PAGES, BATCHES, "files", seed=7)
    write_corpus(other, PAGES, BATCHES, "files", seed=8)
    assert _tree_digest(again) == _tree_digest(files_corpus)
    html_digests = {name: digest for name, digest in _tree_digest(other).items() if name.endswith("html")}
    assert html_digests.keys() == {n for n in _tree_digest(files_corpus) if n.endswith("html")}
    assert all(digest != _tree_digest(files_corpus)[name] for name, digest in html_digests.items())


def test_warc_bytes_independent_of_writer_processes(warc_corpus: Path, tmp_path: Path) -> None:
    write_corpus(tmp_path, PAGES, BATCHES, "warc", seed=7, procs=2)
    assert _tree_digest(tmp_path) == _tree_digest(warc_corpus)


def test_batches_are_consecutive_dates_with_every_page_once(files_corpus: Path) -> None:
    truth = read_ground_truth(files_corpus)
    assert sorted(p.name for p in files_corpus.iterdir() if p.is_dir()) == [
        "2017-01-02",
        "2017-01-03",
        "2017-01-04",
        "2017-01-05",
    ]
    assert truth.height == PAGES
    assert truth["source_path"].n_unique() == PAGES
    assert truth.group_by("batch_id").len()["len"].to_list() == [10, 10, 10, 10]
    for row in truth.iter_rows(named=True):
        assert (files_corpus / row["source_path"]).stat().st_size == row["size_bytes"]
        assert 1 <= (dt.date.fromisoformat(row["batch_id"]) - row["published"]).days <= 3


def test_pages_are_30_to_150_kb_in_all_templates_and_both_languages(files_corpus: Path) -> None:
    truth = read_ground_truth(files_corpus)
    assert truth["size_bytes"].min() >= MIN_PAGE_BYTES
    assert truth["size_bytes"].max() <= MAX_PAGE_BYTES
    assert truth["template"].n_unique() == 5
    assert set(truth["language"]) == {"ar", "en"}


def test_boilerplate_names_other_actors_in_scripts_menus_and_sidebars() -> None:
    page = generate_page(3, PAGES, BATCHES, seed=7)
    html = page.html.decode("utf-8")
    banks = load_banks()
    assert page.boilerplate_actor_ids and not set(page.boilerplate_actor_ids) & set(page.actor_ids)
    for actor in page.boilerplate_actor_ids:
        name = banks.actor_names[actor][page.language]
        assert name in html
        assert name not in page.body and name not in page.title
    assert html.count("<script>") >= 5
    assert 'class="mega-menu"' in html and 'class="related-posts"' in html


def _actors_by_article(mentions: pl.DataFrame) -> dict[str, list[str]]:
    grouped = mentions.group_by("article_id").agg(pl.col("actor_id").unique().sort())
    return dict(zip(grouped["article_id"], grouped["actor_id"].to_list(), strict=True))


def test_ground_truth_is_what_the_dictionary_finds_in_title_and_body() -> None:
    pages = [generate_page(index, PAGES, BATCHES, seed=7) for index in range(PAGES)]
    articles = pl.DataFrame(
        {
            "article_id": [str(index) for index in range(PAGES)],
            "title": [page.title for page in pages],
            "body": [page.body for page in pages],
            "published_at": [page.published for page in pages],
        }
    )
    found = _actors_by_article(find_mentions(articles, load_dictionary()))
    assert {str(i): list(page.actor_ids) for i, page in enumerate(pages)} == found


def test_parsed_pages_yield_the_ground_truth_actors_date_and_language() -> None:
    pages = [generate_page(index, PAGES, BATCHES, seed=7) for index in range(10)]
    parsed = [parse_html(page.html, url=page.url, crawl_date=dt.date(2017, 1, 2)) for page in pages]
    articles = pl.DataFrame(
        {
            "article_id": [str(index) for index in range(len(pages))],
            "title": [article.title for article in parsed],
            "body": [article.body for article in parsed],
            "published_at": [article.published_at for article in parsed],
        }
    )
    found = _actors_by_article(find_mentions(articles, load_dictionary()))
    assert {str(i): list(page.actor_ids) for i, page in enumerate(pages)} == found
    assert [article.published_at.date() for article in parsed] == [page.published for page in pages]
    assert [article.language for article in parsed] == [page.language for page in pages]


def test_warc_offsets_point_at_html_responses_and_non_html_records_are_mixed_in(warc_corpus: Path) -> None:
    truth = read_ground_truth(warc_corpus)
    html_urls: dict[str, tuple[str, str]] = {}
    other_types = []
    for archive in sorted(warc_corpus.rglob("*.warc.gz")):
        with archive.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                content_type = record.http_headers.get_header("Content-Type")
                payload = record.content_stream().read()
                offset = records.get_record_offset()
                source_path = f"{archive.parent.name}/{archive.name}@{offset}"
                if content_type.startswith("text/html"):
                    html_urls[source_path] = (record.rec_headers.get_header("WARC-Target-URI"), content_type)
                    assert payload.startswith(b"<!DOCTYPE html>")
                else:
                    other_types.append(content_type)
    assert dict(zip(truth["source_path"], truth["url"], strict=True)) == {
        path: url for path, (url, _) in html_urls.items()
    }
    assert {content_type for _, content_type in html_urls.values()} == {"text/html; charset=utf-8"}
    assert sorted(set(other_types)) == ["application/json", "image/png"]
    assert len(other_types) == 2 * len(range(0, PAGES, 50))
