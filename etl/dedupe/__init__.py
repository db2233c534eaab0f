"""Dedupe stage: count a syndicated story once, and know which copy is the original.

`cluster_articles(articles)` returns one row per input article:

- article_id: the input article.
- cluster_key: article_id of the cluster's representative, so re-runs give the same key.
- duplicate_kind: how the article relates to its representative. "unique": it is the
  representative; "exact_url": they share a normalised canonical or fetch URL; "exact_body":
  same fingerprint of the normalised body; "near": joined by verified shingle overlap, possibly
  through other copies.
- is_representative: the copy counted in deduplicated figures. The copy from the publisher an
  attribution (original_publisher) names, else the earliest published; undated copies come
  last and article_id breaks ties.
- cluster_size: articles in the cluster, i.e. the story's raw count.

Links, in order: same normalised URL (home-page canonicals ignored); same fingerprint of the
non-empty normalised body; for bodies of at least 40 words, MinHash-LSH candidates over 5-word
shingles, verified exactly on the shingle sets (Jaccard ≥ 0.4, or ≥ 70 % of the shorter body
inside a body at most five times longer). Clusters are the connected components of those links.
"""

from etl.dedupe.clusters import INPUT_COLUMNS, OUTPUT_SCHEMA, cluster_articles, cluster_streamed
from etl.dedupe.text import body_fingerprint
from etl.dedupe.urls import normalise_url

DEDUPE_VERSION = "1.0.0"

__all__ = [
    "DEDUPE_VERSION",
    "INPUT_COLUMNS",
    "OUTPUT_SCHEMA",
    "body_fingerprint",
    "cluster_articles",
    "cluster_streamed",
    "normalise_url",
]
