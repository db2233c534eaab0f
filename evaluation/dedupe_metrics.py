"""Pair precision and recall of a clustering against the true stories."""

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class PairScores:
    precision: float
    recall: float
    f1: float
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int
    same_event_merged_pairs: int


def _pairs(groups: list[str], frame: pl.DataFrame) -> int:
    sizes = frame.group_by(groups).len()["len"].cast(pl.Int64)
    return int((sizes * (sizes - 1) // 2).sum())


def pair_scores(clusters: pl.DataFrame, truth: pl.DataFrame) -> PairScores:
    """Score every pair of articles: predicted together (same cluster_key) against truly
    together (same story_id); also count pairs of different stories on one event merged."""
    joined = clusters.select("article_id", "cluster_key").join(truth, on="article_id")
    predicted = _pairs(["cluster_key"], joined)
    true = _pairs(["story_id"], joined)
    correct = _pairs(["cluster_key", "story_id"], joined)
    same_event = _pairs(["cluster_key", "event_id"], joined) - correct
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairScores(precision, recall, f1, predicted, true, correct, same_event)
