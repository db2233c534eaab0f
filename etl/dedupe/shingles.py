"""Word shingles of normalised bodies, hashed to 64-bit integers with numpy.

Hashing each shingle in Python (datasketch's `MinHash.update` runs SHA-1 per shingle) costs
~40 M calls for 100,000 articles; here each word is hashed once by polars and a shingle is a
vectorised mix of its words' hashes.
"""

from dataclasses import dataclass

import numpy as np
import polars as pl

SHINGLE_WIDTH = 5

# Odd multipliers make the mix order-sensitive: "a b c d e" and "e d c b a" hash differently.
_POSITION_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
        0xC4CEB9FE1A85EC53,
        0x94D049BB133111EB,
        0xBF58476D1CE4E5B9,
    ],
    dtype=np.uint64,
)
# Polars' hash is deterministic for fixed seeds within one polars version; shingle hashes only
# ever meet other shingle hashes from the same run, so that is the stability they need.
_WORD_HASH_SEED = 0x5EED_D0C5


@dataclass(frozen=True)
class ShingleSets:
    """Shingle hashes of many documents, flat, with document d at hashes[offsets[d]:offsets[d+1]]."""

    hashes: np.ndarray
    offsets: np.ndarray

    def of(self, document: int) -> np.ndarray:
        return self.hashes[self.offsets[document] : self.offsets[document + 1]]


# numpy on 35 M-element arrays spends most of its time faulting in temporaries; blocks of this
# many elements stay in cache and run ~15x faster.
BLOCK = 1 << 18
_BODIES_PER_SLICE = 8192


def _mix_in_place(values: np.ndarray, scratch: np.ndarray) -> None:
    """splitmix64 finaliser: spreads every input bit over the output so the top 32 bits are fair."""
    for shift, multiplier in ((30, 0xBF58476D1CE4E5B9), (27, 0x94D049BB133111EB)):
        np.right_shift(values, np.uint64(shift), out=scratch)
        np.bitwise_xor(values, scratch, out=values)
        np.multiply(values, np.uint64(multiplier), out=values)
    np.right_shift(values, np.uint64(31), out=scratch)
    np.bitwise_xor(values, scratch, out=values)


def _hash_windows(word_hashes: np.ndarray, width: int) -> np.ndarray:
    """Hash of every window of `width` consecutive words in the flat word sequence."""
    windows = np.empty(max(word_hashes.size - width + 1, 0), dtype=np.uint64)
    term = np.empty(BLOCK, dtype=np.uint64)
    for start in range(0, windows.size, BLOCK):
        block = windows[start : start + BLOCK]
        scratch = term[: block.size]
        block.fill(0)
        for position in range(width):
            first = start + position
            np.multiply(word_hashes[first : first + block.size], _POSITION_MULTIPLIERS[position], out=scratch)
            np.add(block, scratch, out=block)
        _mix_in_place(block, scratch)
    return windows


def word_shingles(normalised_bodies: pl.Series, width: int = SHINGLE_WIDTH) -> ShingleSets:
    """Hash every run of `width` consecutive words of each body (bodies shorter than `width`
    words get no shingles)."""
    # Slices bound the memory of the exploded words (~50 bytes per word while it lives).
    parts = [
        _slice_shingles(normalised_bodies.slice(start, _BODIES_PER_SLICE), width)
        for start in range(0, normalised_bodies.len(), _BODIES_PER_SLICE)
    ]
    if not parts:
        return ShingleSets(np.empty(0, dtype=np.uint64), np.zeros(1, dtype=np.int64))
    offsets = [parts[0].offsets]
    for part in parts[1:]:
        offsets.append(part.offsets[1:] + offsets[-1][-1])
    return ShingleSets(
        hashes=np.concatenate([part.hashes for part in parts]), offsets=np.concatenate(offsets)
    )


def _slice_shingles(normalised_bodies: pl.Series, width: int) -> ShingleSets:
    words = normalised_bodies.str.split(" ")
    word_counts = words.list.len().to_numpy().astype(np.int64)
    word_hashes = words.explode().hash(_WORD_HASH_SEED).to_numpy().astype(np.uint64)
    windows = _hash_windows(word_hashes, width)
    word_ends = np.cumsum(word_counts)
    word_starts = word_ends - word_counts
    crosses_body_end = np.zeros(windows.size, dtype=bool)
    for back in range(1, width):
        window_start = word_ends - back
        inside = (window_start >= word_starts) & (window_start < windows.size)
        crosses_body_end[window_start[inside]] = True
    shingle_counts = np.maximum(word_counts - width + 1, 0)
    offsets = np.concatenate(([0], np.cumsum(shingle_counts))).astype(np.int64)
    return ShingleSets(hashes=windows[~crosses_body_end], offsets=offsets)
