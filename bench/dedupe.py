"""Dedupe benchmark: pair precision/recall on the generated set, time and memory at 100,000.

    uv run python -m bench.dedupe [--articles 100000] [--eval-articles 20000]

Prints the quality bars (pair precision ≥ 0.98, recall ≥ 0.95, no same-event merge), the wall
time and peak RSS of `cluster_articles` on the large set (bar: ≤ 120 s on 2 cores), a split of
that time by step, and datasketch's own MinHash on a sample for comparison.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl
from datasketch import LeanMinHash, MinHash, MinHashLSH

from bench.machine import machine_line
from etl.dedupe import DEDUPE_VERSION, cluster_articles
from etl.dedupe.clusters import MIN_WORDS_FOR_NEAR
from etl.dedupe.minhash import NUM_PERMUTATIONS, candidate_pairs, minhash_signatures
from etl.dedupe.shingles import SHINGLE_WIDTH, word_shingles
from etl.dedupe.text import normalise_bodies
from evaluation.dedupe_metrics import pair_scores
from evaluation.dedupe_set import generate_evaluation_set

Result = TypeVar("Result")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mib() -> float:
    resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return resident_pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(step: Callable[[], Result]) -> tuple[Result, float]:
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


def report_quality(article_count: int) -> None:
    evaluation = generate_evaluation_set(article_count)
    clusters, seconds = timed(lambda: cluster_articles(evaluation.articles))
    scores = pair_scores(clusters, evaluation.truth)
    stories = evaluation.truth["story_id"].n_unique()
    print(f"\n== quality: {evaluation.articles.height} articles, {stories} true stories ==")
    print(f"clusters: {clusters['cluster_key'].n_unique()}  ({seconds:.1f} s)")
    print(
        f"pair precision {scores.precision:.4f} (bar 0.98)  recall {scores.recall:.4f} (bar 0.95)"
        f"  F1 {scores.f1:.4f}"
    )
    print(
        f"pairs: predicted {scores.predicted_pairs}, true {scores.true_pairs}, "
        f"correct {scores.correct_pairs}; same-event different-story pairs merged: "
        f"{scores.same_event_merged_pairs} (bar 0)"
    )
    kinds = clusters.group_by("duplicate_kind").len().sort("duplicate_kind")
    print("duplicate_kind: " + ", ".join(f"{k} {n}" for k, n in kinds.iter_rows()))
    missed = (
        clusters.join(evaluation.truth, on="article_id")
        .with_columns(pl.len().over("story_id", "cluster_key").alias("cluster_share"))
        .filter(pl.col("cluster_share") < pl.col("cluster_share").max().over("story_id"))
        .group_by("copy")
        .len()
        .sort("len", descending=True)
        .head(5)
    )
    print(
        "copies outside their story's largest cluster, by edit: "
        + ("; ".join(f"{c} ({n})" for c, n in missed.iter_rows()) or "none")
    )


def report_speed(article_count: int) -> None:
    """Cluster in a fresh process so its peak RSS is the stage's, not the generator's."""
    articles = generate_evaluation_set(article_count).articles
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.parquet"
        articles.write_parquet(path)
        del articles
        subprocess.run([sys.executable, "-m", "bench.dedupe", "--cluster-parquet", str(path)], check=True)


def cluster_parquet(path: Path) -> None:
    articles = pl.read_parquet(path)
    rss_loaded = current_rss_mib()
    rss_reading = peak_rss_mib()
    cpu_before = cpu_seconds()
    clusters, seconds = timed(lambda: cluster_articles(articles))
    cpu = cpu_seconds() - cpu_before
    rss_peak = peak_rss_mib()
    words = articles["body"].str.count_matches(r"\s+") + 1
    print(f"\n== speed: {articles.height} articles, mean {words.mean():.0f} words ==")
    print(
        f"cluster_articles: {seconds:.1f} s wall (bar 120 s), {cpu:.1f} s CPU, "
        f"{articles.height / seconds:,.0f} articles/s, {clusters['cluster_key'].n_unique()} "
        f"clusters; load average after the run {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"peak RSS of the clustering process: {rss_peak:.0f} MiB; before clustering "
        f"{rss_loaded:.0f} MiB resident with the articles loaded (reading them peaked at "
        f"{rss_reading:.0f} MiB)"
    )
    normalised, normalise_seconds = timed(lambda: normalise_bodies(articles["body"]))
    long_bodies = normalised.filter(normalised.str.count_matches(" ") + 1 >= MIN_WORDS_FOR_NEAR)
    shingles, shingle_seconds = timed(lambda: word_shingles(long_bodies))
    signatures, signature_seconds = timed(lambda: minhash_signatures(shingles))
    pairs, candidate_seconds = timed(lambda: candidate_pairs(signatures))
    print(
        f"steps (all bodies, before exact-duplicate removal): normalise {normalise_seconds:.1f} s, "
        f"{SHINGLE_WIDTH}-word shingles {shingle_seconds:.1f} s ({shingles.hashes.size:,}), "
        f"{NUM_PERMUTATIONS}-permutation MinHash {signature_seconds:.1f} s, "
        f"LSH candidates {candidate_seconds:.1f} s ({len(pairs):,} pairs)"
    )
    report_datasketch(long_bodies.head(2000), signature_seconds / long_bodies.len())


def report_datasketch(sample: pl.Series, seconds_per_body: float) -> None:
    """datasketch's MinHash hashes each shingle with SHA-1 in Python: the comparison that
    justifies the numpy signatures."""

    def datasketch_index() -> None:
        index = MinHashLSH(threshold=0.4, num_perm=NUM_PERMUTATIONS)
        for number, text in enumerate(sample):
            words = text.split(" ")
            shingles = {" ".join(words[i : i + SHINGLE_WIDTH]).encode() for i in range(len(words))}
            signature = MinHash(num_perm=NUM_PERMUTATIONS)
            signature.update_batch(list(shingles))
            index.insert(str(number), LeanMinHash(signature))

    _, seconds = timed(datasketch_index)
    per_body = seconds / sample.len()
    print(
        f"datasketch MinHash + MinHashLSH on {sample.len()} bodies: {per_body * 1e3:.2f} ms per body"
        f" (≈ {per_body * 1e5:.0f} s per 100,000) against {seconds_per_body * 1e3:.3f} ms per body"
        " for the numpy signatures"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--eval-articles", type=int, default=20_000)
    parser.add_argument("--cluster-parquet", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.cluster_parquet:
        cluster_parquet(arguments.cluster_parquet)
        return
    print(machine_line(f"polars {pl.__version__}", f"numpy {np.__version__}", f"dedupe {DEDUPE_VERSION}"))
    report_quality(arguments.eval_articles)
    report_speed(arguments.articles)


if __name__ == "__main__":
    main()
