"""The real Arabic dev pages in ../shared/data/arabic-dev: every expected date exact and body
word-F1 of at least 0.90 against the expected texts. Skipped without ../shared."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

from etl.parse import ParsedArticle, parse_html
from evaluation.extraction_scores import word_f1


def arabic_dev_rows(shared_dir: Path) -> list[dict[str, str]]:
    with (shared_dir / "data" / "arabic-dev" / "index.tsv").open(encoding="utf-8") as index:
        return list(csv.DictReader(index, delimiter="\t"))


def parse_dev_page(folder: Path, row: dict[str, str]) -> ParsedArticle:
    raw = (folder / row["file"]).read_bytes()
    if row["file"].endswith(".gz"):
        raw = gzip.decompress(raw)
    url = row["url"] if row["url"].startswith("http") else None
    result = parse_html(raw, url=url)
    assert isinstance(result, ParsedArticle), result
    return result


def test_arabic_dev_dates_exact_and_bodies_close(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "arabic-dev"
    for row in arabic_dev_rows(shared_dir):
        stem = row["file"].removesuffix(".gz").removesuffix(".html")
        article = parse_dev_page(folder, row)
        expected_json = folder / f"{stem}.expected.json"
        expected_text_path = folder / f"{stem}.expected.txt"
        if expected_json.exists():
            expected = json.loads(expected_json.read_text(encoding="utf-8"))["V1"]
            expected_day = expected["publishing_date"][:10]
            expected_text = "\n\n".join(
                p for section in expected["body"]["sections"] for p in section["paragraphs"]
            )
        else:
            expected_day = row["expected_published_date"]
            expected_text = (
                expected_text_path.read_text(encoding="utf-8") if expected_text_path.exists() else None
            )
        assert article.published_at is not None, row["file"]
        assert article.published_at.date().isoformat() == expected_day, row["file"]
        assert article.language == "ar", row["file"]
        if expected_text is not None:
            assert word_f1(article.body, expected_text) >= 0.90, row["file"]
