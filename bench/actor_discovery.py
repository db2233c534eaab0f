"""Leave-one-out for the actor candidates: remove actors from a copy of the dictionary, count
again, and see whether the candidate queue finds them.

Usage: uv run python -m bench.actor_discovery [--corpus sample|dev|both] [--remove 12] [--top 25]

Runs the pipeline once with the bundled dictionary over the corpus (the sample corpus, the dev
sets in ../shared/data as one batch, or both), then per corpus: removes the `--remove` actors
most often named in English bodies (by distinct stories) and the two named only in Arabic,
together with the role holders that name them; counts mentions with that dictionary; finds
the candidates (etl/actors/name_spans.py + candidates.py, the stage the `actor_candidates`
asset runs); and prints
- recall of the removed actors in the top N (a candidate whose writing is one of the actor's
  aliases), and which were missed;
- splits: removed actors found as two or more candidates of the top N;
- precision of the top N against REAL_NAMES below plus the full dictionary's aliases (a
  candidate counts when one of its writings is a real person's or organisation's name);
- the cost of the candidate stage in seconds per 1,000 articles.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import tempfile
import time
from pathlib import Path

import polars as pl
import yaml

from bench.machine import machine_line
from etl.actors import find_mentions, load_dictionary
from etl.actors.candidates import CandidateTables, build_candidates, role_cues
from etl.actors.curation import CandidateRecord, CurationError, accept_candidate
from etl.actors.name_spans import name_spans
from etl.actors.normalise import normalise_alias
from etl.actors.places import gazetteer
from etl.runs import run_pipeline
from etl.settings import BUNDLED_DICTIONARY_DIR, SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.database import read_connection
from evaluation.dev_sets import arabic_pages, shared_data_present, traf_eval_pages, wcxb_pages

BUNDLED = BUNDLED_DICTIONARY_DIR
# Real people and organisations the corpora name that the bundled dictionary does not hold,
# checked by hand against the pages: a top candidate among them is a true find.
REAL_NAMES = frozenset(
    normalise_alias(name)
    for name in (
        "Hayat Tahrir al-Sham",
        "Asma al-Assad",
        "Rex Tillerson",
        "Tillerson",
        "Jens Stoltenberg",
        "Theresa May",
        "Emmanuel Macron",
        "Macron",
        "Angela Merkel",
        "Merkel",
        "Boris Johnson",
        "Xi Jinping",
        "Joe Biden",
        "Biden",
        "Kamala Harris",
        "Elon Musk",
        "Musk",
        "Mark Zuckerberg",
        "Zuckerberg",
        "Jeff Bezos",
        "Bill Gates",
        "Tim Cook",
        "Apple",
        "Microsoft",
        "Amazon",
        "Tesla",
        "Meta",
        "OpenAI",
        "Nvidia",
        "European Commission",
        "Supreme Court",
        "Federal Reserve",
        "Fed",
        "Pentagon",
        "White House",
        "Congress",
        "Senate",
        "Democrats",
        "Republicans",
        "Labour",
        "Conservatives",
        "Brexit",
        "NASA",
        "FBI",
        "CIA",
        "WHO",
        "EU",
        "NATO",
        "Volodymyr Zelensky",
        "Zelensky",
        "Keir Starmer",
        "Starmer",
        "Rishi Sunak",
        "Sunak",
        "Justin Trudeau",
        "Trudeau",
        "Narendra Modi",
        "Modi",
        "Pope Francis",
        "Taylor Swift",
    )
)
ARABIC_ONLY = 2


def write_dev_landing(landing: Path) -> int:
    """The dev sets' pages as one batch folder (plain HTML, as a crawler would deliver them)."""
    batch = landing / "dev"
    batch.mkdir(parents=True, exist_ok=True)
    count = 0
    for source, pages in (("wcxb", wcxb_pages()), ("traf", traf_eval_pages()), ("ar", arabic_pages())):
        for index, page in enumerate(pages):
            (batch / f"{source}-{index:04d}.html.gz").write_bytes(gzip.compress(page.raw))
            count += 1
    return count


def stored_articles(warehouse: Path, batches: list[str]) -> pl.DataFrame:
    with read_connection(warehouse) as connection:
        return connection.sql(
            "SELECT article_id, title, body, language, published_at, date_key AS day, domain,"
            " coalesce(cluster_key, article_id) AS story FROM fact_article WHERE batch_id IN"
            " (SELECT unnest($batches))",
            params={"batches": batches},
        ).pl()


def removed_actors(
    mentions: pl.DataFrame, articles: pl.DataFrame, remove: int
) -> tuple[list[str], list[str]]:
    """The actors most often named in English bodies (by stories), and those named only in Arabic."""
    named = mentions.join(articles.select("article_id", "language", "story"), on="article_id")
    english = (
        named.filter((pl.col("language") == "en") & (pl.col("field") == "body"))
        .group_by("actor_id")
        .agg(pl.col("story").n_unique().alias("stories"))
        .filter(pl.col("stories") >= 2)
        .sort(["stories", "actor_id"], descending=[True, False])
    )
    languages = named.group_by("actor_id").agg(pl.col("language").unique())
    arabic_only = (
        languages.filter(pl.col("language").list.eval(pl.element() == "ar").list.all())
        .join(named.group_by("actor_id").len(), on="actor_id")
        .sort(["len", "actor_id"], descending=[True, False])
    )
    return english["actor_id"].head(remove).to_list(), arabic_only["actor_id"].head(ARABIC_ONLY).to_list()


def reduced_dictionary(folder: Path, removed: set[str]) -> tuple[Path, Path]:
    """A copy of the bundled dictionary without the removed actors and the role holders that
    name them (a role left without holders goes too)."""
    folder.mkdir(parents=True, exist_ok=True)
    actors = yaml.safe_load((BUNDLED / "actors.yaml").read_text(encoding="utf-8"))
    roles = yaml.safe_load((BUNDLED / "roles.yaml").read_text(encoding="utf-8"))
    kept_roles = []
    for role in roles:
        role["holders"] = [holder for holder in role["holders"] if holder["actor_id"] not in removed]
        if role["holders"]:
            kept_roles.append(role)
    (folder / "actors.yaml").write_text(
        yaml.safe_dump([a for a in actors if a["actor_id"] not in removed], allow_unicode=True),
        encoding="utf-8",
    )
    (folder / "roles.yaml").write_text(yaml.safe_dump(kept_roles, allow_unicode=True), encoding="utf-8")
    return folder / "actors.yaml", folder / "roles.yaml"


def actor_writings(actor_id: str) -> set[str]:
    aliases = load_dictionary().actor_aliases.filter(pl.col("actor_id") == actor_id)
    return set(aliases["alias_normalised"].to_list())


def evaluate(articles: pl.DataFrame, remove: int, top: int, work: Path) -> None:
    full = load_dictionary()
    full_mentions = find_mentions(articles, full)
    english, arabic = removed_actors(full_mentions, articles, remove)
    removed = set(english) | set(arabic)
    reduced = load_dictionary(*reduced_dictionary(work, removed))
    claimed = find_mentions(articles, reduced)
    started = time.perf_counter()
    gazetteer()
    print(f"gazetteer loaded once per process: {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    roles = role_cues(reduced.roles)
    spans = name_spans(articles, claimed, role_phrases=frozenset(roles))
    tables = build_candidates(spans, articles.select("article_id", "day", "domain", "story"), claimed, roles)
    seconds = time.perf_counter() - started
    ranked = tables.candidates.head(top)
    surfaces = tables.surfaces.group_by("candidate_id").agg(pl.col("surface"), pl.col("language"))
    writings = {
        row["candidate_id"]: {
            (normalise_alias(s), lang) for s, lang in zip(row["surface"], row["language"], strict=True)
        }
        for row in surfaces.iter_rows(named=True)
    }
    print(
        f"articles {articles.height}; removed (English) {', '.join(english)};"
        f" removed (Arabic only) {', '.join(arabic) or '-'}"
    )
    found: dict[str, list[int]] = {}
    for actor_id in sorted(removed):
        aliases = actor_writings(actor_id)
        hits = [
            rank
            for rank, candidate_id in zip(ranked["rank"], ranked["candidate_id"], strict=True)
            if {key for key, _ in writings.get(candidate_id, set())} & aliases
        ]
        found[actor_id] = hits
    english_found = [actor for actor in english if found[actor]]
    arabic_found = [
        actor
        for actor in arabic
        if any(
            lang == "ar"
            for candidate_id in ranked["candidate_id"]
            for key, lang in writings.get(candidate_id, set())
            if key in actor_writings(actor)
        )
    ]
    splits = [actor for actor, hits in found.items() if len(hits) > 1]
    real = {name for name in REAL_NAMES} | set(full.actor_aliases["alias_normalised"].to_list())
    precise = [
        candidate_id
        for candidate_id in ranked["candidate_id"]
        if {key for key, _ in writings.get(candidate_id, set())} & real
    ]
    print(
        f"recall in the top {top}: English {len(english_found)}/{len(english)},"
        f" Arabic-only with an Arabic surface {len(arabic_found)}/{len(arabic)}"
    )
    for actor in sorted(removed):
        print(f"  {actor}: {'ranks ' + ', '.join(map(str, found[actor])) if found[actor] else 'missed'}")
    print(f"split over two or more top-{top} candidates: {len(splits)}/{len(removed)} {splits}")
    bodies = dict(articles.select("article_id", "body").iter_rows())
    evidenced = {
        candidate_id
        for candidate_id, article_id, snippet in tables.evidence.select(
            "candidate_id", "article_id", "snippet"
        ).rows()
        if snippet in (bodies.get(article_id) or "")
    }
    print(
        f"top-{top} candidates with a snippet found in its article's body:"
        f" {len(evidenced & set(ranked['candidate_id']))}/{ranked.height}"
    )
    _accept_and_recount(articles, full_mentions, tables, ranked, found, work)
    print(
        f"precision of the top {top} (removed actors, dictionary aliases or REAL_NAMES):"
        f" {len(precise)}/{ranked.height}"
    )
    print(
        f"top {top}: " + "; ".join(f"{r}. {n}" for r, n in zip(ranked["rank"], ranked["name"], strict=True))
    )
    print(
        f"candidate stage: {seconds:.2f} s for {articles.height} articles ="
        f" {1000 * seconds / max(articles.height, 1):.2f} s per 1,000 articles ({spans.height} name spans)"
    )


def _accept_and_recount(
    articles: pl.DataFrame,
    full_mentions: pl.DataFrame,
    tables: CandidateTables,
    ranked: pl.DataFrame,
    found: dict[str, list[int]],
    work: Path,
) -> None:
    """Accept each found actor's best candidate into the reduced dictionary (as `newsetl actors
    accept` does), count again, and compare its body mentions with the full dictionary's."""
    ranks = dict(zip(ranked["rank"], ranked["candidate_id"], strict=True))
    for actor_id, hits in sorted(found.items()):
        if not hits:
            continue
        candidate_id = ranks[hits[0]]
        row = tables.candidates.filter(pl.col("candidate_id") == candidate_id).row(0, named=True)
        surfaces = tables.surfaces.filter(pl.col("candidate_id") == candidate_id)
        record = CandidateRecord(
            candidate_id,
            row["name"],
            row["proposed_type"],
            tuple(surfaces.select("surface", "language", "mentions").rows()),
        )
        folder = work.parent / f"accepted-{actor_id}"
        shutil.copytree(work, folder, dirs_exist_ok=True)
        try:
            accept_candidate(folder, record, actor_id="accepted-actor")
        except CurationError as problem:
            print(f"  accept {candidate_id} for {actor_id}: refused ({problem})")
            continue
        recounted = find_mentions(articles, load_dictionary(folder / "actors.yaml", folder / "roles.yaml"))
        counts = []
        for language in ("en", "ar", None):
            chosen = articles if language is None else articles.filter(pl.col("language") == language)
            gained = _body_mentions(recounted, "accepted-actor", chosen.select("article_id"))
            full = _body_mentions(full_mentions, actor_id, chosen.select("article_id"))
            if full or gained:
                counts.append(f"{language or 'total'} {gained}/{full} ({gained / max(full, 1):.0%})")
        print(f"  accept {candidate_id} for {actor_id}: body mentions accepted/full: {', '.join(counts)}")


def _body_mentions(mentions: pl.DataFrame, actor_id: str, articles: pl.DataFrame) -> int:
    chosen = mentions.filter((pl.col("actor_id") == actor_id) & (pl.col("field") == "body"))
    return chosen.join(articles, on="article_id", how="semi").height


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="both", choices=["sample", "dev", "both"])
    parser.add_argument("--remove", type=int, default=12, help="English-frequent actors removed")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the landing folder and warehouse here (reused when present)"
    )
    args = parser.parse_args()
    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="actor-discovery-") as scratch:
        root = Path(args.keep or scratch)
        landing = root / "landing"
        reuse = (root / "news.duckdb").exists()
        if reuse:
            shutil.rmtree(landing)
        corpora: dict[str, list[str]] = {}
        if args.corpus in ("sample", "both"):
            shutil.copytree(SAMPLE_LANDING_DIR, landing)
            corpora["sample corpus"] = sorted(
                path.name for path in SAMPLE_LANDING_DIR.iterdir() if path.is_dir()
            )
        if args.corpus in ("dev", "both"):
            if not shared_data_present():
                raise SystemExit("the dev sets (../shared/data) are not here")
            write_dev_landing(landing)
            corpora["dev sets"] = ["dev"]
        warehouse = root / "news.duckdb"
        started = time.perf_counter()
        if not reuse:
            outcome = run_pipeline(RunTargets(landing, warehouse), log_level="WARNING")
            if not outcome.success:
                raise SystemExit(f"the pipeline failed: {outcome.failed}")
            print(f"pipeline (bundled dictionary): {time.perf_counter() - started:.1f} s")
        for name, batches in corpora.items():
            print(f"\n== {name}")
            evaluate(
                stored_articles(warehouse, batches),
                args.remove,
                args.top,
                root / f"dictionary-{len(batches)}",
            )


if __name__ == "__main__":
    main()
