"""Scores of an extracted body against a dev page's truth, as the published benchmarks define them.

Word-F1 is the WCXB metric (lowercased `\\w+` tokens as multisets; Arabic harakat and tatweel
stripped first, since `\\w+` splits words at them). Snippet counts are trafilatura's own
evaluation on traf-eval: a `with` snippet found is a true positive, missing a false negative; a
`without` snippet found is a false positive, missing a true negative; whitespace is collapsed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from etl.arabic_text import HARAKAT, QURANIC_MARKS, TATWEEL
from evaluation.precision_recall import PrecisionRecall

# Marks split words at `\w+`; the scorer drops them as the pipeline does.
ARABIC_MARKS = re.compile(f"[{re.escape(''.join((*HARAKAT, *QURANIC_MARKS, TATWEEL)))}]")
WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(ARABIC_MARKS.sub("", text.lower())))


def word_f1(extracted: str, expected: str) -> float:
    got, want = words(extracted), words(expected)
    if not got and not want:
        return 1.0
    overlap = sum((got & want).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def collapsed(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class SnippetCounts(PrecisionRecall):
    true_positives: int = 0
    false_negatives: int = 0
    false_positives: int = 0
    true_negatives: int = 0
    # trafilatura's evaluation scores a page set without snippets 0.
    SCORE_WITHOUT_COUNTS: ClassVar[float] = 0.0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.true_positives + other.true_positives,
            self.false_negatives + other.false_negatives,
            self.false_positives + other.false_positives,
            self.true_negatives + other.true_negatives,
        )


def snippet_counts(extracted: str, with_snippets: tuple[str, ...], without: tuple[str, ...]) -> SnippetCounts:
    text = collapsed(extracted)
    found = sum(collapsed(s) in text for s in with_snippets)
    leaked = sum(collapsed(s) in text for s in without)
    return SnippetCounts(found, len(with_snippets) - found, leaked, len(without) - leaked)


def leaks_boilerplate(extracted: str, without: tuple[str, ...]) -> bool:
    text = collapsed(extracted)
    return any(collapsed(s) in text for s in without)
