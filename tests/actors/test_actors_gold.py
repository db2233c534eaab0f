import tempfile
from pathlib import Path

from evaluation.actor_gold import (
    GOLD_JSONL,
    GOLD_MARKED,
    gold_from_marked,
    load_gold,
    parse_marked,
    predicted_spans,
    score,
    write_gold_jsonl,
)


def test_markup_offsets_are_computed_not_counted():
    text, spans = parse_marked("قال [[بشار الأسد|bashar-al-assad]] إن [[[[UN|united-nations]] envoy|x]] جاء")
    assert text == "قال بشار الأسد إن UN envoy جاء"
    assert [(actor, text[start:end]) for actor, start, end in spans] == [
        ("bashar-al-assad", "بشار الأسد"),
        ("united-nations", "UN"),
        ("x", "UN envoy"),
    ]


def test_gold_jsonl_is_built_from_the_marked_source():
    with tempfile.TemporaryDirectory() as directory:
        rebuilt = Path(directory) / "gold.jsonl"
        write_gold_jsonl(gold_from_marked(GOLD_MARKED), rebuilt)
        assert rebuilt.read_text(encoding="utf-8") == GOLD_JSONL.read_text(encoding="utf-8")


def test_gold_set_size_and_labels(dictionary):
    items = load_gold(GOLD_JSONL)
    by_language = {lang: [i for i in items if i.lang == lang] for lang in ("ar", "en")}
    assert len(by_language["ar"]) >= 60
    assert len(by_language["en"]) >= 40
    actor_ids = set(dictionary.dim_actor["actor_id"])
    for item in items:
        for actor_id, start, end in item.expected:
            assert actor_id in actor_ids
            assert 0 <= start < end <= len(item.text)


def test_gold_bars_precision_and_recall_per_language(dictionary):
    items = load_gold(GOLD_JSONL)
    scores = score(items, predicted_spans(items, dictionary))
    for lang in ("ar", "en"):
        assert scores[lang].precision >= 0.97, scores[lang]
        assert scores[lang].recall >= 0.93, scores[lang]


def test_longer_name_traps_are_found_exactly(dictionary):
    """Aliases inside longer names ("Jordan Munoz", "U.S. Bank Stadium") and their look-alikes
    that do count ("Jordan said", "Unlike Israel,"): no error allowed on any trap."""
    traps = [item for item in load_gold(GOLD_JSONL) if item.tag == "longer-name"]
    assert len(traps) >= 40
    assert sum(not item.expected for item in traps) >= 15
    predicted = predicted_spans(traps, dictionary)
    wrong = {item.item_id: item.text for item in traps if predicted[item.item_id] != set(item.expected)}
    assert not wrong


def test_scoring_counts_exact_spans_only():
    items = load_gold(GOLD_JSONL)[:1]
    perfect = {items[0].item_id: set(items[0].expected)}
    assert score(items, perfect)[items[0].lang].f1 == 1.0
    shifted = {items[0].item_id: {(a, s + 1, e) for a, s, e in items[0].expected}}
    assert score(items, shifted)[items[0].lang].true_positives == 0
