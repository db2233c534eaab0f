"""MinHash signatures over shingle sets and LSH banding into candidate pairs.

The permutations are multiply-shift hashes, (a·x + b) >> 32 over uint64, evaluated for all
shingles of a block of documents at once; the minimum per document comes from
`np.minimum.reduceat`. Bands of two rows are exact 64-bit keys (two 32-bit minima side by side),
so bucketing needs no further hashing: documents whose key agrees in any band are candidates.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from etl.dedupe.shingles import BLOCK, ShingleSets

NUM_PERMUTATIONS = 64
# Two 32-bit minima make one exact 64-bit bucket key.
ROWS_PER_BAND = 2
_PERMUTATION_SEED = 20171010
_THREADS = 2
# Buckets this large are boilerplate shared by unrelated pages or a story copied very often;
# pairing each member with one anchor keeps the pair count linear instead of quadratic.
_ALL_PAIRS_MAX_BUCKET = 8


def _permutations(count: int) -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(_PERMUTATION_SEED)
    multipliers = generator.integers(1, 2**63, size=count, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    increments = generator.integers(0, 2**63, size=count, dtype=np.uint64)
    return multipliers, increments


def _document_blocks(offsets: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive document ranges holding about BLOCK shingles each."""
    blocks: list[tuple[int, int]] = []
    first = 0
    documents = offsets.size - 1
    while first < documents:
        last = int(np.searchsorted(offsets, offsets[first] + BLOCK, side="right")) - 1
        last = min(max(last, first + 1), documents)
        blocks.append((first, last))
        first = last
    return blocks


def _sign_blocks(
    shingles: ShingleSets,
    blocks: list[tuple[int, int]],
    permutations: tuple[np.ndarray, np.ndarray],
    signatures: np.ndarray,
) -> None:
    multipliers, increments = permutations
    counts = np.diff(shingles.offsets)
    permuted_buffer = np.empty(max(int(counts.max(initial=0)), BLOCK), dtype=np.uint64)
    for first, last in blocks:
        values = shingles.hashes[shingles.offsets[first] : shingles.offsets[last]]
        starts = shingles.offsets[first:last] - shingles.offsets[first]
        permuted = permuted_buffer[: values.size]
        for column in range(multipliers.size):
            np.multiply(values, multipliers[column], out=permuted)
            np.add(permuted, increments[column], out=permuted)
            np.right_shift(permuted, np.uint64(32), out=permuted)
            signatures[first:last, column] = np.minimum.reduceat(permuted, starts)


def minhash_signatures(shingles: ShingleSets, num_permutations: int = NUM_PERMUTATIONS) -> np.ndarray:
    """Return a (documents, num_permutations) uint32 matrix of per-permutation minima.

    Every document must have at least one shingle: an empty set has no minimum, and giving it
    a sentinel would make all empty documents collide. numpy releases the GIL inside its loops,
    so alternate blocks go to two threads.
    """
    counts = np.diff(shingles.offsets)
    if counts.size and counts.min() < 1:
        raise ValueError("every document needs at least one shingle")
    permutations = _permutations(num_permutations)
    signatures = np.empty((counts.size, num_permutations), dtype=np.uint32)
    blocks = _document_blocks(shingles.offsets)
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        for done in [
            pool.submit(_sign_blocks, shingles, blocks[thread::_THREADS], permutations, signatures)
            for thread in range(_THREADS)
        ]:
            done.result()
    return signatures


def _pairs_in_buckets(members: np.ndarray, bucket_starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    pairs = [np.empty((0, 2), dtype=np.int64)]
    for size in np.unique(sizes):
        starts = bucket_starts[sizes == size]
        if size <= _ALL_PAIRS_MAX_BUCKET:
            left, right = np.triu_indices(int(size), k=1)
            pairs.append(
                np.stack(
                    [members[starts[:, None] + left].ravel(), members[starts[:, None] + right].ravel()],
                    axis=1,
                )
            )
        else:
            offsets = np.arange(1, int(size))
            pairs.append(
                np.stack(
                    [
                        np.repeat(members[starts], offsets.size),
                        members[(starts[:, None] + offsets).ravel()],
                    ],
                    axis=1,
                )
            )
    return np.concatenate(pairs)


def candidate_pairs(
    signatures: np.ndarray, keep: Callable[[np.ndarray], np.ndarray] | None = None
) -> np.ndarray:
    """Return unique (i, j) document pairs, i < j, that agree on both rows of at least one band.

    With 32 bands of 2 rows a pair of Jaccard J is a candidate with probability 1 - (1 - J²)³²:
    0.996 at J = 0.4 (the merge bar), 0.73 at 0.2, 0.28 at 0.1. `keep`, a per-pair test
    returning a mask, drops pairs as each band finds them, so they are never all held at once.
    """
    documents, columns = signatures.shape
    # Pairs are merged into the unique set band by band: holding every band's raw pairs at once
    # took ~200 MB at 100,000 articles whose bodies share stock phrases.
    codes = np.empty(0, dtype=np.int64)
    for band in range(columns // ROWS_PER_BAND):
        keys = (signatures[:, 2 * band].astype(np.uint64) << np.uint64(32)) | signatures[
            :, 2 * band + 1
        ].astype(np.uint64)
        # Ordering ties by the next band's key varies which member anchors a large bucket.
        tie_break = signatures[:, (2 * band + 2) % columns]
        order = np.lexsort((tie_break, keys))
        sorted_keys = keys[order]
        boundaries = np.flatnonzero(np.diff(sorted_keys)) + 1
        bucket_starts = np.concatenate(([0], boundaries))
        sizes = np.diff(np.concatenate((bucket_starts, [documents])))
        shared = sizes >= 2
        if shared.any():
            pairs = np.sort(_pairs_in_buckets(order, bucket_starts[shared], sizes[shared]), axis=1)
            if keep is not None:
                pairs = pairs[keep(pairs)]
            codes = np.union1d(codes, pairs[:, 0] * np.int64(documents) + pairs[:, 1])
    return np.stack([codes // documents, codes % documents], axis=1)
