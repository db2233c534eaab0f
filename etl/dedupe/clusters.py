"""Cluster articles into stories: exact URL, exact body, then verified near-duplicates."""

import numpy as np
import polars as pl

from etl.dedupe.minhash import candidate_pairs, minhash_signatures
from etl.dedupe.representatives import choose_representatives
from etl.dedupe.shingles import SHINGLE_WIDTH, word_shingles
from etl.dedupe.text import fingerprint_of_normalised, normalise_bodies
from etl.dedupe.urls import normalise_url

# Below this many words a body is a caption, a brief or boilerplate: sharing most of its few
# shingles says little, so such bodies only merge on an identical fingerprint.
MIN_WORDS_FOR_NEAR = 40
# A candidate pair merges when the shingle sets overlap this much (Jaccard) ...
MIN_JACCARD = 0.4
# ... or when most of the smaller set lies inside the larger (a trimmed copy or an excerpt),
# provided the smaller is at least a fifth of the larger: a round-up quoting one paragraph of
# each of several stories is then contained in none of them, nor they in it.
MIN_CONTAINMENT = 0.7
MIN_LENGTH_RATIO = 0.2

INPUT_COLUMNS = [
    "article_id",
    "canonical_url",
    "url",
    "body",
    "published_at",
    "original_publisher",
    "site_name",
    "domain",
]
OUTPUT_SCHEMA = {
    "article_id": pl.Utf8,
    "cluster_key": pl.Utf8,
    "duplicate_kind": pl.Utf8,
    "is_representative": pl.Boolean,
    "cluster_size": pl.Int32,
}


class _Components:
    """Union-find over row numbers."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, row: int) -> int:
        parent = self.parent
        while parent[row] != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    def union(self, left: int, right: int) -> None:
        left_root, right_root = self.find(left), self.find(right)
        if left_root != right_root:
            self.parent[max(left_root, right_root)] = min(left_root, right_root)

    def union_groups(self, rows: pl.Series, keys: pl.Series) -> None:
        """Join all rows that share a non-null key (each to the key's first row)."""
        links = (
            pl.DataFrame({"row": rows, "key": keys})
            .drop_nulls("key")
            .with_columns(pl.col("row").first().over("key").alias("first_row"))
            .filter(pl.col("row") != pl.col("first_row"))
        )
        for row, first_row in zip(links["row"].to_list(), links["first_row"].to_list(), strict=True):
            self.union(first_row, row)

    def labels(self) -> list[int]:
        return [self.find(row) for row in range(len(self.parent))]


def _page_key(url: str | None) -> str | None:
    """Normalised URL, or None for a site's home page, which bad canonical tags point to."""
    key = normalise_url(url)
    if key is None or key.count("/") < 3:
        return None
    return key


def _page_keys(urls: pl.Series) -> pl.Series:
    return urls.map_elements(_page_key, return_dtype=pl.Utf8, skip_nulls=True)


def is_near_duplicate(shared: int, left_size: int, right_size: int) -> bool:
    """Decide on exact shingle-set sizes and overlap."""
    smaller, larger = sorted((left_size, right_size))
    if smaller == 0:
        return False
    jaccard = shared / (smaller + larger - shared)
    return jaccard >= MIN_JACCARD or (
        shared / smaller >= MIN_CONTAINMENT and smaller / larger >= MIN_LENGTH_RATIO
    )


def _plausible_candidates(signatures: np.ndarray, sizes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Drop pairs whose MinHash estimate is far below both bars, strongest pairs first.

    Most LSH candidates are pages sharing a footer or rival stories sharing a phrase; their
    estimated overlap is a few per cent. The margins (0.15 Jaccard, 0.2 containment) are about
    2.5 standard errors of a 64-permutation estimate near the bars (0.06), so few true pairs
    are lost here, and those usually join their cluster through another copy.
    """
    agreements = np.zeros(len(pairs), dtype=np.float64)
    for start in range(0, len(pairs), 65536):
        chunk = pairs[start : start + 65536]
        agreements[start : start + 65536] = (signatures[chunk[:, 0]] == signatures[chunk[:, 1]]).mean(axis=1)
    smaller = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    larger = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    containment = agreements * (smaller + larger) / ((1 + agreements) * smaller)
    plausible = (agreements >= MIN_JACCARD - 0.15) | (
        (containment >= MIN_CONTAINMENT - 0.2) & (smaller / larger >= MIN_LENGTH_RATIO)
    )
    order = np.argsort(-agreements[plausible], kind="stable")
    return pairs[plausible][order]


def _link_near_duplicates(components: _Components, keyed: pl.DataFrame) -> None:
    """Near-duplicate search over one row per distinct body long enough to shingle.

    A candidate pair already joined (by URL, by body or through other copies) needs no check,
    which skips most pairs inside large syndication clusters.
    """
    distinct_bodies = (
        keyed.filter(pl.col("word_count") >= max(MIN_WORDS_FOR_NEAR, SHINGLE_WIDTH))
        .group_by("fingerprint", maintain_order=True)
        .agg(pl.col("row").first(), pl.col("normalised").first())
    )
    if distinct_bodies.height < 2:
        return
    shingles = word_shingles(distinct_bodies["normalised"])
    signatures = minhash_signatures(shingles)
    pairs = _plausible_candidates(signatures, np.diff(shingles.offsets), candidate_pairs(signatures))
    rows = distinct_bodies["row"].to_list()
    for left, right in pairs.tolist():
        left_row, right_row = rows[left], rows[right]
        if components.find(left_row) == components.find(right_row):
            continue
        # Sets built per check and dropped: caching them costs gigabytes at 100,000 articles.
        left_set, right_set = set(shingles.of(left).tolist()), set(shingles.of(right).tolist())
        if is_near_duplicate(len(left_set & right_set), len(left_set), len(right_set)):
            components.union(left_row, right_row)


def _duplicate_kinds() -> pl.Expr:
    """How each copy relates to its cluster's representative."""
    shares_url = pl.any_horizontal(
        [
            pl.col(own).is_not_null() & (pl.col(own) == pl.col(f"representative_{other}"))
            for own in ("canonical_key", "url_key")
            for other in ("canonical_key", "url_key")
        ]
    )
    return (
        pl.when(pl.col("is_representative"))
        .then(pl.lit("unique"))
        .when(shares_url)
        .then(pl.lit("exact_url"))
        .when(pl.col("has_body") & (pl.col("fingerprint") == pl.col("representative_fingerprint")))
        .then(pl.lit("exact_body"))
        .otherwise(pl.lit("near"))
    )


def cluster_articles(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per input article: its cluster, how it joined it, and whether it represents it.

    Input columns: article_id, canonical_url, url, body, published_at, original_publisher,
    site_name, domain. The cluster key is the representative's article_id, so a re-run over
    the same articles gives the same keys.
    """
    missing = [column for column in INPUT_COLUMNS if column not in articles.columns]
    if missing:
        raise ValueError(f"cluster_articles needs columns {missing}")
    normalised = normalise_bodies(articles["body"])
    keyed = (
        articles.select(INPUT_COLUMNS)
        .with_row_index("row")
        .with_columns(
            pl.col("row").cast(pl.Int64),
            normalised.alias("normalised"),
            pl.Series([fingerprint_of_normalised(text) for text in normalised], dtype=pl.Utf8).alias(
                "fingerprint"
            ),
            (normalised != "").alias("has_body"),
            pl.when(normalised == "")
            .then(0)
            .otherwise(normalised.str.count_matches(" ") + 1)
            .alias("word_count"),
            _page_keys(articles["canonical_url"]).alias("canonical_key"),
            _page_keys(articles["url"]).alias("url_key"),
        )
    )
    components = _Components(keyed.height)
    components.union_groups(
        pl.concat([keyed["row"], keyed["row"]]),
        pl.concat([keyed["canonical_key"], keyed["url_key"]]),
    )
    components.union_groups(keyed["row"], keyed.select(pl.when("has_body").then("fingerprint")).to_series())
    _link_near_duplicates(components, keyed)
    keyed = keyed.with_columns(pl.Series("component", components.labels(), pl.Int64))
    representatives = choose_representatives(
        keyed.select(
            "row",
            "component",
            "article_id",
            "published_at",
            "original_publisher",
            "site_name",
            "domain",
        )
    )
    keyed = keyed.join(representatives, on="row")
    representative_columns = keyed.filter("is_representative").select(
        "component",
        pl.col("article_id").alias("cluster_key"),
        pl.col("canonical_key").alias("representative_canonical_key"),
        pl.col("url_key").alias("representative_url_key"),
        pl.col("fingerprint").alias("representative_fingerprint"),
    )
    return (
        keyed.join(representative_columns, on="component")
        .sort("row")
        .select(
            pl.col("article_id").cast(pl.Utf8),
            pl.col("cluster_key").cast(pl.Utf8),
            _duplicate_kinds().alias("duplicate_kind"),
            pl.col("is_representative"),
            pl.len().over("component").cast(pl.Int32).alias("cluster_size"),
        )
    )
