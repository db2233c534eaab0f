"""Small hand-made stage frames, so warehouse tests know every expected row."""

from datetime import UTC, date, datetime

import polars as pl

from etl.actors import MENTION_SCHEMA
from etl.parse.article_frame import ARTICLE_SCHEMA, REJECT_SCHEMA
from etl.warehouse.staging import StagedLoad, input_outcomes

ACTORS = pl.DataFrame(
    {
        "actor_id": ["bashar-al-assad", "russia", "iran"],
        "wikidata_qid": ["Q44329", "Q159", "Q794"],
        "actor_type": ["person", "state", "state"],
        "country": ["SY", "RU", "IR"],
        "name_ar": ["بشار الأسد", "روسيا", "إيران"],
        "name_en": ["Bashar al-Assad", "Russia", "Iran"],
        "valid_from": [None, None, None],
        "valid_to": [None, None, None],
        "dictionary_version": ["test-dict", "test-dict", "test-dict"],
    },
    schema_overrides={"valid_from": pl.Date, "valid_to": pl.Date},
)


def article(
    article_id: str, batch_id: str, published: date | None, body: str, domain: str = "a.example"
) -> dict:
    return {
        "article_id": article_id,
        "batch_id": batch_id,
        "source_path": f"{batch_id}/{article_id}.html",
        "input_id": article_id + "0" * 48,
        "url": None,
        "canonical_url": f"https://{domain}/{article_id}",
        "site_name": domain.split(".")[0].upper(),
        "domain": domain,
        "original_publisher": None,
        "title": f"Title {article_id}",
        "published_at": datetime(published.year, published.month, published.day, 9, tzinfo=UTC)
        if published
        else None,
        "published_at_source": "meta" if published else "none",
        "published_at_note": None,
        "language": "en",
        "authors": [],
        "body": body,
        "body_chars": len(body),
        "body_source": "page_blocks",
        "charset": "utf-8",
        "field_notes": [],
        "parser_version": "test-parser",
    }


def mention(article_id: str, actor_id: str, body: str, surface: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = body.index(surface, start + 1)
    return {
        "article_id": article_id,
        "actor_id": actor_id,
        "field": "body",
        "start": start,
        "end": start + len(surface),
        "surface": surface,
        "alias": surface,
        "strength": "strong",
        "snippet": body,
        "dictionary_version": "test-dict",
        "extractor_version": "test-extractor",
    }


def staged(articles: list[dict], mentions: list[dict], rejects: list[dict] | None = None) -> StagedLoad:
    article_frame = pl.DataFrame(articles, schema=ARTICLE_SCHEMA)
    reject_frame = pl.DataFrame(rejects or [], schema=REJECT_SCHEMA)
    raw_html = pl.concat(
        [
            article_frame.select(
                "input_id", "batch_id", "source_path", pl.col("body_chars").cast(pl.Int64).alias("size_bytes")
            ),
            reject_frame.select(
                "input_id", "batch_id", "source_path", pl.lit(0, pl.Int64).alias("size_bytes")
            ),
        ]
    ).with_columns(duplicate_of=pl.lit(None, pl.Utf8), skip_reason=pl.lit(None, pl.Utf8))
    return StagedLoad(
        batch_ids=sorted(raw_html["batch_id"].unique().to_list()),
        ingest_log=input_outcomes(raw_html, article_frame, reject_frame),
        articles=article_frame.with_columns(
            cluster_key=pl.col("article_id"),
            duplicate_kind=pl.lit("unique"),
            is_cluster_representative=pl.lit(True),
        ),
        mentions=pl.DataFrame(mentions, schema=MENTION_SCHEMA),
        quarantine=reject_frame,
        actors=ACTORS,
    )
