"""The bundled corpus has the size, spread and special inputs the issue asks for."""

import datetime as dt
import gzip
import html
import re

import pytest
from lxml import html as lxml_html

from etl.settings import SAMPLE_LANDING_DIR
from tests.sample_corpus.corpus_files import (
    LANDING_DIR,
    expected_pages,
    landing_bytes,
    loaded_pages,
    page_html,
)


def test_at_least_sixty_loaded_pages_from_thirty_five_stories() -> None:
    pages = loaded_pages()
    assert len(pages) >= 60
    assert len({page["story_id"] for page in pages}) >= 35


def test_five_templates_and_both_languages() -> None:
    pages = loaded_pages()
    assert {page["template"] for page in pages} == {
        "wordpress_aggregator",
        "jsonld_news",
        "arabic_date_only",
        "english_wire",
        "english_jsonld",
    }
    languages = [page["language"] for page in pages]
    assert languages.count("ar") > languages.count("en") > 10


def test_publication_dates_span_at_least_ten_iso_weeks() -> None:
    weeks = {dt.date.fromisoformat(page["published"]).isocalendar()[:2] for page in loaded_pages()}
    assert len(weeks) >= 10


def test_the_default_landing_folder_is_this_corpus() -> None:
    assert SAMPLE_LANDING_DIR == LANDING_DIR
    assert LANDING_DIR.is_dir()


def test_every_landing_file_has_exactly_one_expected_entry() -> None:
    on_disk = sorted(str(path.relative_to(LANDING_DIR)) for path in LANDING_DIR.rglob("*") if path.is_file())
    assert on_disk == sorted(entry["path"] for entry in expected_pages())


def test_folder_is_the_crawl_day_one_to_three_days_after_publication() -> None:
    for entry in expected_pages():
        assert entry["path"].split("/")[0] == entry["crawl_date"]
    for page in loaded_pages():
        lag = dt.date.fromisoformat(page["crawl_date"]) - dt.date.fromisoformat(page["published"])
        assert 1 <= lag.days <= 3, page["path"]
    batches = {entry["crawl_date"] for entry in expected_pages()}
    assert 20 <= len(batches) <= 30
    assert min(batches) >= "2017-05-01" and max(batches) <= "2017-08-06"


def test_page_sizes_are_realistic_and_the_corpus_is_small() -> None:
    for page in loaded_pages():
        stored = len(landing_bytes(page))
        decoded = len(page_html(page).encode("utf-8"))
        assert decoded <= 40_000, (page["path"], decoded)
        assert page["gzipped"] or stored >= 5_000, (page["path"], stored)
    total = sum(path.stat().st_size for path in LANDING_DIR.rglob("*") if path.is_file())
    assert total < 2_500_000


def _quarantined(reason: str) -> dict:
    [entry] = [e for e in expected_pages() if e["outcome"] == "quarantined" and e["reason"] == reason]
    return entry


def test_quarantine_inputs_are_what_they_claim() -> None:
    assert landing_bytes(_quarantined("empty")) == b""
    png = landing_bytes(_quarantined("binary"))
    assert _quarantined("binary")["path"].endswith(".html")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82")
    truncated = landing_bytes(_quarantined("truncated_gzip"))
    assert truncated[:2] == b"\x1f\x8b" and _quarantined("truncated_gzip")["path"].endswith(".html.gz")
    with pytest.raises(EOFError):
        gzip.decompress(truncated)
    no_text = landing_bytes(_quarantined("no_text")).decode("utf-8")
    assert "<body>" in no_text
    assert lxml_html.fromstring(no_text).text_content().strip() == ""


def test_quarantine_inputs_share_batches_with_good_pages() -> None:
    good_batches = {page["crawl_date"] for page in loaded_pages()}
    for entry in expected_pages():
        if entry["outcome"] == "quarantined":
            assert entry["crawl_date"] in good_batches


def test_windows_1256_pages_with_and_without_declaration() -> None:
    cp1256 = [page for page in loaded_pages() if page["encoding"] == "windows-1256"]
    assert {page["charset_declared"] for page in cp1256} == {True, False}
    for page in cp1256:
        data = landing_bytes(page)
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text = data.decode("cp1256")
        assert html.escape(page["title"]) in text
        declared = re.search(r"charset\s*=\s*\"?windows-1256", text, re.IGNORECASE) is not None
        assert declared == page["charset_declared"]
        if not page["charset_declared"]:
            assert "charset" not in text.lower()


def test_one_loaded_page_is_gzipped_and_wire_pages_are_htm() -> None:
    gzipped = [page for page in loaded_pages() if page["gzipped"]]
    assert len(gzipped) == 1 and gzipped[0]["path"].endswith(".html.gz")
    assert "<h1>" in page_html(gzipped[0])
    wire = [page for page in loaded_pages() if page["template"] == "english_wire"]
    assert wire and all(page["path"].endswith(".htm") for page in wire)


def test_title_and_snippets_are_in_the_page() -> None:
    for page in loaded_pages():
        text = html.unescape(page_html(page))
        assert page["title"] in text, page["path"]
        for snippet in page["body_snippets"] + page["boilerplate_snippets"]:
            assert snippet in text, (page["path"], snippet)


def test_canonical_urls_are_unique_and_on_the_site_domain() -> None:
    urls = [page["url"] for page in loaded_pages()]
    assert len(urls) == len(set(urls))
    domains = {
        page["site_name"]: re.sub(r"^https://(www\.)?([^/]+)/.*$", r"\2", page["url"])
        for page in loaded_pages()
    }
    assert domains["It's Over 9000!"] == "its-over-9000.net"
    assert len(set(domains.values())) == len(domains) == 5
