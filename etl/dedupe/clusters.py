"""Cluster articles into stories: exact URL, exact body, then verified near-duplicates."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from etl.dedupe.minhash import NUM_PERMUTATIONS, candidate_pairs, minhash_signatures
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


# Rows in -> their bodies, in the order asked.
BodyLookup = Callable[[np.ndarray], pl.Series]
# Bodies are normalised, shingled and signed a slice at a time (only the signatures are kept),
# and read back for verification a block of pairs at a time. Both are bounded in bytes of body
# text, not in rows: a real page's body is 100 to 100,000 characters, so a row count that fits
# short pages overflows on long ones. Shingling holds ~3 times a slice's text.
SLICE_BYTES = 16 * 1024 * 1024
VERIFY_BYTES = 16 * 1024 * 1024
# Pairs per verification block at most, however short their bodies.
VERIFY_BLOCK_PAIRS = 20_000


def byte_bounded_slices(
    frames: Iterable[pl.DataFrame], column: str, max_bytes: int
) -> Iterator[pl.DataFrame]:
    """The rows of `frames`, in order, regrouped so each slice's `column` holds at most
    `max_bytes` of UTF-8 (a single longer value is a slice of its own)."""
    pending: list[pl.DataFrame] = []
    pending_rows = 0
    pending_bytes = 0
    for frame in frames:
        start = 0
        for index, size in enumerate(frame[column].str.len_bytes().fill_null(0).to_list()):
            if pending_rows + index - start and pending_bytes + size > max_bytes:
                pending.append(frame.slice(start, index - start))
                yield pl.concat(pending)
                pending, pending_rows, pending_bytes, start = [], 0, 0, index
            pending_bytes += size
        if start < frame.height:
            pending.append(frame.slice(start))
            pending_rows += frame.height - start
    if pending_rows:
        yield pl.concat(pending)


@dataclass(frozen=True)
class BodyFeatures:
    """Per article row: body fingerprint, word count, shingle count and MinHash signature
    (a zero row where the body is too short to shingle)."""

    fingerprints: list[str]
    word_counts: np.ndarray
    shingle_counts: np.ndarray
    signatures: np.ndarray


def body_features(body_slices: Iterable[pl.DataFrame], rows: int) -> BodyFeatures:
    fingerprints: list[str] = [""] * rows
    word_counts = np.zeros(rows, dtype=np.int64)
    shingle_counts = np.zeros(rows, dtype=np.int64)
    signatures = np.zeros((rows, NUM_PERMUTATIONS), dtype=np.uint32)
    for part in body_slices:
        positions = part["row"].to_numpy()
        normalised = normalise_bodies(part["body"])
        for position, text in zip(positions.tolist(), normalised.to_list(), strict=True):
            fingerprints[position] = fingerprint_of_normalised(text)
        counts = normalised.str.count_matches(" ").to_numpy() + 1
        counts[(normalised == "").to_numpy()] = 0
        word_counts[positions] = counts
        shingled = counts >= SHINGLE_WIDTH
        if shingled.any():
            shingles = word_shingles(normalised.filter(pl.Series(shingled)))
            shingle_counts[positions[shingled]] = np.diff(shingles.offsets)
            signatures[positions[shingled]] = minhash_signatures(shingles)
    return BodyFeatures(fingerprints, word_counts, shingle_counts, signatures)


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


# Pairs compared at once: each side's signatures are gathered into a block of 64 columns, so
# 8,192 pairs hold ~4 MB (65,536 held ~90 MB with the comparison, the peak of clustering).
AGREEMENT_BLOCK_PAIRS = 8192


def _agreements(signatures: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Share of MinHash positions on which each pair agrees (the Jaccard estimate)."""
    agreements = np.zeros(len(pairs), dtype=np.float64)
    columns = signatures.shape[1]
    for start in range(0, len(pairs), AGREEMENT_BLOCK_PAIRS):
        chunk = pairs[start : start + AGREEMENT_BLOCK_PAIRS]
        same = np.count_nonzero(signatures[chunk[:, 0]] == signatures[chunk[:, 1]], axis=1)
        agreements[start : start + AGREEMENT_BLOCK_PAIRS] = same / columns
    return agreements


def _plausible(signatures: np.ndarray, sizes: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Mask of pairs whose MinHash estimate is not far below both bars.

    Most LSH candidates are pages sharing a footer or rival stories sharing a phrase; their
    estimated overlap is a few per cent. The margins (0.15 Jaccard, 0.2 containment) are about
    2.5 standard errors of a 64-permutation estimate near the bars (0.06), so few true pairs
    are lost here, and those usually join their cluster through another copy.
    """
    agreements = _agreements(signatures, pairs)
    smaller = np.minimum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    larger = np.maximum(sizes[pairs[:, 0]], sizes[pairs[:, 1]])
    containment = agreements * (smaller + larger) / ((1 + agreements) * smaller)
    return (agreements >= MIN_JACCARD - 0.15) | (
        (containment >= MIN_CONTAINMENT - 0.2) & (smaller / larger >= MIN_LENGTH_RATIO)
    )


def _plausible_candidates(signatures: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """LSH candidates that pass `_plausible`, strongest estimated overlap first."""
    pairs = candidate_pairs(signatures, keep=lambda found: _plausible(signatures, sizes, found))
    order = np.argsort(-_agreements(signatures, pairs), kind="stable")
    return pairs[order]


def _link_near_duplicates(
    components: _Components,
    keyed: pl.DataFrame,
    features: BodyFeatures,
    bodies_of: BodyLookup,
    body_bytes: np.ndarray,
) -> None:
    """Near-duplicate search over one row per distinct body long enough to shingle.

    A candidate pair already joined (by URL, by body or through other copies) needs no check,
    which skips most pairs inside large syndication clusters. Pairs are verified strongest
    first, a block at a time: only the bodies of one block's pairs (at most VERIFY_BYTES) are
    read back and shingled, so memory grows neither with the articles nor with their length.
    """
    distinct_bodies = (
        keyed.filter(pl.col("word_count") >= max(MIN_WORDS_FOR_NEAR, SHINGLE_WIDTH))
        .group_by("fingerprint", maintain_order=True)
        .agg(pl.col("row").first())
    )
    if distinct_bodies.height < 2:
        return
    rows = distinct_bodies["row"].to_numpy()
    signatures = features.signatures[rows]
    pairs = rows[_plausible_candidates(signatures, features.shingle_counts[rows])]
    for block, needed in _verify_blocks(components, pairs, body_bytes):
        shingles = word_shingles(normalise_bodies(bodies_of(needed)))
        position = {row: index for index, row in enumerate(needed.tolist())}
        for left_row, right_row in block:
            if components.find(left_row) == components.find(right_row):
                continue
            # Sets built per check and dropped: caching them costs gigabytes at 100,000 articles.
            left_set = set(shingles.of(position[left_row]).tolist())
            right_set = set(shingles.of(position[right_row]).tolist())
            if is_near_duplicate(len(left_set & right_set), len(left_set), len(right_set)):
                components.union(left_row, right_row)


def _verify_blocks(
    components: _Components, pairs: np.ndarray, body_bytes: np.ndarray
) -> Iterator[tuple[list[tuple[int, int]], np.ndarray]]:
    """Blocks of the (row, row) pairs not yet joined, in order, each with the sorted rows whose
    bodies it needs: at most VERIFY_BYTES of them (a single longer pair is a block of its own)."""
    block: list[tuple[int, int]] = []
    needed: set[int] = set()
    size = 0
    for left, right in pairs.tolist():
        if components.find(left) == components.find(right):
            continue
        extra = sum(int(body_bytes[row]) for row in {left, right} - needed)
        if block and (size + extra > VERIFY_BYTES or len(block) == VERIFY_BLOCK_PAIRS):
            yield block, np.array(sorted(needed), dtype=np.int64)
            block, needed, size = [], set(), 0
            extra = sum(int(body_bytes[row]) for row in {left, right})
        block.append((left, right))
        needed.update((left, right))
        size += extra
    if block:
        yield block, np.array(sorted(needed), dtype=np.int64)


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
    bodies = articles["body"]
    numbered = pl.DataFrame({"body": bodies}).with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
    slices = byte_bounded_slices(numbered.iter_slices(), "body", SLICE_BYTES)
    body_bytes = bodies.str.len_bytes().fill_null(0).to_numpy()
    return cluster_streamed(articles.drop("body"), slices, lambda rows: bodies.gather(rows), body_bytes)


def cluster_streamed(
    articles: pl.DataFrame,
    body_slices: Iterable[pl.DataFrame],
    bodies_of: BodyLookup,
    body_bytes: np.ndarray,
) -> pl.DataFrame:
    """`cluster_articles` without holding every body: `articles` has the input columns except
    body, one row per article; `body_slices` yields (row, body) frames covering every row once,
    in any order, where row is the article's position in `articles`; `bodies_of(rows)` returns
    those rows' bodies in that order (read again only for candidate pairs); `body_bytes` is each
    row's body size in bytes, or an upper estimate, which bounds those read-backs."""
    features = body_features(body_slices, articles.height)
    keyed = (
        articles.select([column for column in INPUT_COLUMNS if column != "body"])
        .with_row_index("row")
        .with_columns(
            pl.col("row").cast(pl.Int64),
            pl.Series("fingerprint", features.fingerprints, dtype=pl.Utf8),
            pl.Series("word_count", features.word_counts, dtype=pl.Int64),
            _page_keys(articles["canonical_url"]).alias("canonical_key"),
            _page_keys(articles["url"]).alias("url_key"),
        )
        .with_columns((pl.col("word_count") > 0).alias("has_body"))
    )
    components = _Components(keyed.height)
    components.union_groups(
        pl.concat([keyed["row"], keyed["row"]]),
        pl.concat([keyed["canonical_key"], keyed["url_key"]]),
    )
    components.union_groups(keyed["row"], keyed.select(pl.when("has_body").then("fingerprint")).to_series())
    _link_near_duplicates(components, keyed, features, bodies_of, body_bytes)
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
