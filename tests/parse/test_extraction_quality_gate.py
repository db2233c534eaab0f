"""The extraction quality gate: the parser on a fixed sample of every dev set in ../shared/data
must stay within 0.005 of the floors committed in evaluation/extraction_floors.yaml, and must not
quarantine a page whose reference has an article body. A quality gate, not a timing test."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.dev_sets import DEV_SETS, shared_data_present
from evaluation.extraction_figures import extraction_figures
from evaluation.extraction_gate import committed_floors, gated_figures, sample_pages, shortfalls
from evaluation.extractors import project_extractions


@pytest.fixture
def dev_data(shared_dir: Path) -> Path:
    if not shared_data_present():
        pytest.skip(f"dev sets not found under {shared_dir / 'data'}: the quality gate needs ../shared")
    return shared_dir / "data"


@pytest.mark.parametrize("dev_set", sorted(DEV_SETS))
def test_extraction_holds_its_floors(dev_data: Path, dev_set: str) -> None:
    pages = sample_pages(dev_set)
    figures = extraction_figures(pages, project_extractions(pages))
    measured = gated_figures(figures)

    assert set(committed_floors()[dev_set]) == set(measured), "every measured figure has a floor"
    assert not shortfalls(dev_set, measured), f"measured {measured}"
    assert figures.quarantined_with_body == 0, "a page with a real article body was quarantined"
