"""Pair precision and recall of a clustering against the true stories."""

from dataclasses import dataclass

import polars as pl

from evaluation.precision_recall import PrecisionRecall


@dataclass(frozen=True)
class PairScores(PrecisionRecall):
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int
    same_event_merged_pairs: int

    @property
    def true_positives(self) -> int:
        return self.correct_pairs

    @property
    def false_positives(self) -> int:
        return self.predicted_pairs - self.correct_pairs

    @property
    def false_negatives(self) -> int:
        return self.true_pairs - self.correct_pairs


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
    return PairScores(predicted, true, correct, same_event)
