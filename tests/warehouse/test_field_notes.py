"""A field's failure reaches the warehouse as data: the page is loaded, the field is empty, and
fact_article says why (published_at_note for the date, field_notes for the others)."""

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from etl.ingest.landing import RAW_HTML_SCHEMA
from etl.parse.article_frame import field_failures, parse_raw_html
from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.load import load_batches
from tests.parse.support import article_page
from tests.warehouse.builders import staged

PLACEHOLDER_PAGE = article_page(
    "",
    head='<script type="application/ld+json">{"@type": "NewsArticle", '
    '"datePublished": "0001-01-01T00:00:00Z"}</script><link rel="canonical" href="http://[::1">',
)


def test_a_page_with_a_placeholder_date_and_a_malformed_canonical_url_is_loaded_with_reasons(
    warehouse_path: Path,
) -> None:
    raw_html = pl.DataFrame(
        [
            {
                "input_id": "f" * 64,
                "batch_id": "2026-11-28",
                "source_path": "2026-11-28/placeholder.html",
                "size_bytes": len(PLACEHOLDER_PAGE),
                "content": PLACEHOLDER_PAGE.encode(),
                "url": "https://news.example/2019/04/12/talks",
            }
        ],
        schema=RAW_HTML_SCHEMA,
    )

    articles, rejects = parse_raw_html(raw_html)
    with write_transaction(warehouse_path) as connection:
        load_batches(connection, staged(articles.to_dicts(), []), datetime(2026, 11, 28, tzinfo=UTC))
    with read_connection(warehouse_path) as connection:
        row = connection.execute(
            "SELECT date_key, published_at_source, published_at_note, canonical_url, domain, field_notes"
            " FROM fact_article"
        ).fetchone()

    assert rejects.is_empty()
    assert field_failures(articles) == {"canonical_url": 1}
    assert row[:5] == (
        datetime(2019, 4, 12).date(),
        "url",
        "jsonld date 0001-01-01 rejected: a placeholder, not a date",
        None,
        "news.example",
    )
    assert row[5] == [
        {"field": "canonical_url", "reason": "ValueError: malformed URL 'http://[::1': Invalid IPv6 URL"}
    ]
