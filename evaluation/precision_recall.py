"""Precision, recall and F1 from match counts, for every scorer in evaluation/."""

from typing import ClassVar


class PrecisionRecall:
    """Precision, recall and F1 of a record that has `true_positives`, `false_positives` and
    `false_negatives` (as fields or properties)."""

    __slots__ = ()
    true_positives: int
    false_positives: int
    false_negatives: int
    # Precision when nothing was found, recall when nothing was expected: 1.0 (nothing wrong was
    # said) unless a published metric this reproduces says 0.0.
    SCORE_WITHOUT_COUNTS: ClassVar[float] = 1.0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else self.SCORE_WITHOUT_COUNTS

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else self.SCORE_WITHOUT_COUNTS

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
