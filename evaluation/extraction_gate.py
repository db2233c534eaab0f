"""The extraction quality gate: a fixed sample of every dev set and the floors it must hold.

The floors (`extraction_floors.yaml`) are committed figures of the current parser on that sample;
the gate fails when a change drops a figure more than `TOLERANCE` below its floor. Raise a floor
when a change lifts a figure, so the gain is kept.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from evaluation.dev_sets import DEV_SETS, DevPage
from evaluation.extraction_figures import ExtractionFigures

FLOORS_PATH = Path(__file__).with_name("extraction_floors.yaml")
TOLERANCE = 0.005
# Every SAMPLE_STEP-th page of a large set (sorted by name), so the sample is fixed and spans the
# set; a set of at most SMALL_SET pages is taken whole.
SAMPLE_STEP = 3
SMALL_SET = 60


def sample_pages(dev_set: str) -> list[DevPage]:
    pages = DEV_SETS[dev_set]()
    return pages if len(pages) <= SMALL_SET else pages[::SAMPLE_STEP]


def gated_figures(figures: ExtractionFigures) -> dict[str, float]:
    """The figures the gate holds: those the set has truth for."""
    gated: dict[str, float] = {}
    if figures.word_f1 is not None:
        gated["word_f1"] = figures.word_f1
    if figures.snippets is not None:
        gated["snippet_f1"] = figures.snippets.f1
    if figures.date_accuracy is not None:
        gated["date_accuracy"] = figures.date_accuracy
    return gated


def committed_floors() -> dict[str, dict[str, float]]:
    return yaml.safe_load(FLOORS_PATH.read_text(encoding="utf-8"))


def shortfalls(dev_set: str, measured: dict[str, float]) -> list[str]:
    """One line per figure that fell more than TOLERANCE below its floor."""
    floors = committed_floors()[dev_set]
    return [
        f"{dev_set} {name} {measured.get(name, 0.0):.4f} < floor {floor:.4f} - {TOLERANCE}"
        for name, floor in floors.items()
        if measured.get(name, 0.0) < floor - TOLERANCE
    ]
