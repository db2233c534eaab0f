"""Score off-the-shelf extraction (trafilatura + htmldate) on the sample corpus.

Usage: uv run python -m sample_corpus.baseline

A figure to beat, and a check that the corpus' traps bite: boilerplate that names actors, a
modified date after the published one, a crawl-day widget and pages without any machine date.
"""

import gzip
import time
from collections import Counter

import yaml

from sample_corpus import EXPECTED_PATH, LANDING_DIR
from sample_corpus.actor_forms import find_actors


def landing_bytes(path: str) -> bytes:
    data = (LANDING_DIR / path).read_bytes()
    return gzip.decompress(data) if path.endswith(".gz") else data


def score_page(entry: dict) -> dict[str, bool]:
    import htmldate
    import trafilatura

    raw = landing_bytes(entry["path"])
    text = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
    found = find_actors(f"{entry['title']}\n{text}")
    found_date = htmldate.find_date(raw, original_date=True, outputformat="%Y-%m-%d")
    return {
        "body_actors_exact": found == set(entry["body_actors"]),
        "boilerplate_actor_leaked": bool(found & set(entry["boilerplate_actors"])),
        "body_snippets_kept": all(snippet in text for snippet in entry["body_snippets"]),
        "boilerplate_snippets_dropped": not any(s in text for s in entry["boilerplate_snippets"]),
        "published_date_right": found_date == entry["published"],
    }


def main() -> None:
    expected = yaml.safe_load(EXPECTED_PATH.read_text(encoding="utf-8"))["pages"]
    loaded = [entry for entry in expected if entry["outcome"] == "loaded"]
    started = time.perf_counter()
    scores = [(entry["template"], score_page(entry)) for entry in loaded]
    elapsed = time.perf_counter() - started
    print(f"trafilatura + htmldate on {len(loaded)} loaded pages ({elapsed:.1f} s)")
    metrics = list(scores[0][1])
    templates = sorted({template for template, _ in scores})
    print(f"{'template':<22}" + "".join(f"{metric:>30}" for metric in metrics))
    for template in [*templates, "all"]:
        rows = [score for t, score in scores if template in (t, "all")]
        totals = Counter(metric for score in rows for metric, ok in score.items() if ok)
        print(f"{template:<22}" + "".join(f"{f'{totals[m]}/{len(rows)}':>30}" for m in metrics))


if __name__ == "__main__":
    main()
