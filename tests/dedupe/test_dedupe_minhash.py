import numpy as np
import polars as pl
import pytest

from etl.dedupe.minhash import candidate_pairs, minhash_signatures
from etl.dedupe.shingles import ShingleSets, word_shingles


def words(count: int, offset: int = 0) -> str:
    return " ".join(f"w{number}" for number in range(offset, offset + count))


def test_shingles_are_five_word_windows_inside_each_body() -> None:
    shingles = word_shingles(pl.Series(["a b c d e f", "x y", "a b c d e", "b c d e f"]))
    assert shingles.offsets.tolist() == [0, 2, 2, 3, 4]
    first, _, third, fourth = (shingles.of(document).tolist() for document in range(4))
    assert third == first[:1]
    assert fourth == first[1:]
    assert len(set(first)) == 2


def test_shingle_hash_depends_on_word_order() -> None:
    shingles = word_shingles(pl.Series(["a b c d e", "e d c b a"]))
    assert shingles.of(0)[0] != shingles.of(1)[0]


def test_shingles_do_not_cross_body_boundaries_across_slices() -> None:
    bodies = pl.Series([words(7, offset) for offset in range(0, 70_000, 7)])
    shingles = word_shingles(bodies)
    assert np.diff(shingles.offsets).tolist() == [3] * bodies.len()
    assert np.array_equal(shingles.of(9_999), word_shingles(bodies.tail(1)).hashes)


def test_signature_agreement_estimates_jaccard() -> None:
    base = words(400)
    overlapping = words(400, offset=200)  # 196 shared shingles of 604: Jaccard 0.32
    shingles = word_shingles(pl.Series([base, overlapping, words(400, offset=5_000)]))
    signatures = minhash_signatures(shingles, num_permutations=256)
    estimate = float(np.mean(signatures[0] == signatures[1]))
    assert estimate == pytest.approx(196 / 604, abs=0.08)
    assert np.mean(signatures[0] == signatures[2]) < 0.03


def test_candidates_pair_near_copies_and_not_unrelated_bodies() -> None:
    story = words(300)
    trimmed = words(250)
    unrelated = [words(300, offset=1_000 * (index + 1)) for index in range(50)]
    signatures = minhash_signatures(word_shingles(pl.Series([story, *unrelated, trimmed])))
    pairs = candidate_pairs(signatures)
    assert pairs.tolist() == [[0, 51]]


def test_a_body_without_shingles_is_refused() -> None:
    empty = ShingleSets(hashes=np.array([1, 2], dtype=np.uint64), offsets=np.array([0, 2, 2]))
    with pytest.raises(ValueError, match="at least one shingle"):
        minhash_signatures(empty)
