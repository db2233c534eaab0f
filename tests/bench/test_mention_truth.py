from collections import Counter

import pytest

from bench.mention_truth import (
    articles_frame,
    per_page_actor,
    project_text,
    reference_text,
    trafilatura_text,
    truth,
)
from etl.actors import current_dictionary, find_mentions
from evaluation.dev_sets import wcxb_available, wcxb_pages


def test_chrome_and_lost_are_counted_per_page_and_actor():
    counted = Counter({("p1", "jordan"): 3, ("p1", "israel"): 1, ("p2", "syria"): 2})
    reference = Counter({("p1", "jordan"): 1, ("p1", "israel"): 2, ("p2", "syria"): 2, ("p3", "iran"): 1})
    result = truth(counted, reference)
    # Two extra Jordans are chrome; one Israel and the Iran of an emptied page are lost.
    assert (result.counted, result.reference, result.chrome, result.lost) == (6, 6, 2, 2)
    assert result.precision == pytest.approx(1 - 2 / 6)
    assert result.recall == pytest.approx(1 - 2 / 6)


@pytest.mark.skipif(not wcxb_available(), reason="needs ../shared/data/wcxb-dev-articles (not in repo)")
def test_the_three_texts_of_a_real_page_go_through_the_pipeline_matcher():
    page = next(page for page in wcxb_pages()[:10] if page.name == "0004")
    texts = {
        "newsetl": project_text(page),
        "trafilatura": trafilatura_text(page),
        "reference": reference_text(page),
    }
    languages = [texts["newsetl"].language]
    assert languages == ["en"]
    counts = {
        source: per_page_actor(find_mentions(articles_frame([page], [text], languages), current_dictionary()))
        for source, text in texts.items()
    }
    # "an advisory committee to the United States Department of Agriculture (USDA)"
    assert counts["reference"][("0004", "united-states")] >= 1
    assert counts["newsetl"][("0004", "united-states")] >= 1
    assert counts["trafilatura"][("0004", "united-states")] >= 1
