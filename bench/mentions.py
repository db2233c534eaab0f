"""Actor-mention benchmark: gold-set precision/recall/F1 per language, and Arabic throughput.

Run: ``uv run python -m bench.mentions [--errors] [--megabytes 4]``. Throughput is UTF-8 bytes
of Arabic body text per second of CPU time on one core (polars pinned to one thread), with the
full dictionary, dictionary build excluded; best of several runs because the machine is shared.
"""

from __future__ import annotations

import os

os.environ["POLARS_MAX_THREADS"] = "1"

import argparse
import datetime as dt
import json
import time

import polars as pl

from bench.machine import machine_line
from etl.actors import find_mentions, load_dictionary
from evaluation.actor_gold import GOLD_JSONL, errors, load_gold, predicted_spans, score
from evaluation.dev_sets import ARABIC_DIR, SHARED_DATA

PARAGRAPHS_PER_ARTICLE = 8
BARS = {"precision": 0.97, "recall": 0.93, "megabytes_per_second": 10.0}


def news_bodies() -> list[str]:
    """Real Arabic article bodies from ../shared (CNN Arabic 2013, LBC 2026, the seed page)."""
    bodies = []
    cnn = ARABIC_DIR / "cnn-arabic-2013.expected.txt"
    if cnn.exists():
        bodies.append(cnn.read_text(encoding="utf-8"))
    lbc = ARABIC_DIR / "lbcgroup-2026.expected.json"
    if lbc.exists():
        sections = json.loads(lbc.read_text(encoding="utf-8"))["V1"]["body"]["sections"]
        bodies.append("\n".join(p for section in sections for p in section["paragraphs"]))
    seed = SHARED_DATA.parent / "seed" / "000_c5dbd98b06193d0a.txt"
    if seed.exists():
        bodies.append(seed.read_text(encoding="utf-8").split("مقالات ذات صلة")[0])
    return bodies


def gold_bodies() -> list[str]:
    """The gold Arabic paragraphs grouped into article-sized bodies: far denser in actor names
    than real news (about one mention per 80 bytes), so a harder case for throughput."""
    paragraphs = [item.text for item in load_gold(GOLD_JSONL) if item.lang == "ar"]
    return [
        "\n".join(paragraphs[i : i + PARAGRAPHS_PER_ARTICLE])
        for i in range(0, len(paragraphs), PARAGRAPHS_PER_ARTICLE)
    ]


def corpus(bodies: list[str], megabytes: float) -> pl.DataFrame:
    sizes = [len(body.encode("utf-8")) for body in bodies]
    copies = max(1, int(megabytes * 1e6 / sum(sizes)))
    texts = bodies * copies
    return pl.DataFrame(
        {
            "article_id": [f"bench-{i:06d}" for i in range(len(texts))],
            "title": [None] * len(texts),
            "body": texts,
            "published_at": [dt.datetime(2017, 7, 4, 12, tzinfo=dt.UTC)] * len(texts),
            "language": ["ar"] * len(texts),
        },
        schema_overrides={"title": pl.Utf8, "published_at": pl.Datetime("us", "UTC")},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list gold false positives/negatives")
    parser.add_argument("--megabytes", type=float, default=4.0)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()

    print(machine_line(f"polars {pl.__version__}", "POLARS_MAX_THREADS=1"))
    started = time.perf_counter()
    dictionary = load_dictionary()
    print(
        f"dictionary {dictionary.version}: {dictionary.dim_actor.height} actors, "
        f"{dictionary.actor_aliases.height} aliases, {dictionary.roles['phrase'].n_unique()} "
        f"role phrases, built in {time.perf_counter() - started:.2f} s (excluded below)"
    )

    items = load_gold(GOLD_JSONL)
    predicted = predicted_spans(items, dictionary)
    print("\ngold set (exact actor_id+start+end)   bars: P >= 0.97, R >= 0.93")
    for lang, result in score(items, predicted).items():
        verdict = (
            "PASS" if result.precision >= BARS["precision"] and result.recall >= BARS["recall"] else "FAIL"
        )
        print(
            f"  {lang}: items={result.items} tp={result.true_positives} "
            f"fp={result.false_positives} fn={result.false_negatives} "
            f"precision={result.precision:.3f} recall={result.recall:.3f} f1={result.f1:.3f} "
            f"{verdict}"
        )
    if arguments.errors:
        for line in errors(items, predicted):
            print("   ", line)

    corpora = {"real news bodies": news_bodies(), "gold paragraphs (dense)": gold_bodies()}
    for name, bodies in corpora.items():
        if not bodies:
            print(f"\n{name}: skipped, ../shared is not present")
            continue
        throughput(name, corpus(bodies, arguments.megabytes), dictionary, arguments.repeats)


def throughput(name: str, articles: pl.DataFrame, dictionary, repeats: int) -> None:
    size = sum(len(body.encode("utf-8")) for body in articles["body"])
    cpu_seconds = []
    wall_seconds = []
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        mentions = find_mentions(articles, dictionary)
        cpu_seconds.append(time.process_time() - cpu)
        wall_seconds.append(time.perf_counter() - wall)
    best_cpu = min(cpu_seconds)
    megabytes_per_second = size / 1e6 / best_cpu
    verdict = "PASS" if megabytes_per_second >= BARS["megabytes_per_second"] else "FAIL"
    print(
        f"\narabic throughput, {name}: {size / 1e6:.2f} MB in {articles.height} articles, "
        f"{mentions.height} mentions"
    )
    print(
        f"  best of {repeats}: {best_cpu:.3f} s CPU ({min(wall_seconds):.3f} s wall) "
        f"-> {megabytes_per_second:.1f} MB/s on one core (bar >= 10 MB/s) {verdict}"
    )
    print(f"  all runs CPU s: {', '.join(f'{s:.3f}' for s in cpu_seconds)}")


if __name__ == "__main__":
    main()
