"""Landing changes are explicit: a deleted file and a deleted batch folder keep their loaded
articles and are reported, an overwritten file is replaced and reported, and `newsetl forget`
is the one way to remove what the landing folder no longer has."""

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.settings import SAMPLE_LANDING_DIR
from etl.warehouse.database import read_connection
from etl.warehouse.load import table_fingerprints

KEPT_BATCH, GONE_BATCH = "2017-07-05", "2017-07-07"
DELETED = f"{KEPT_BATCH}/shamtoday-astana-5-round-begins.html"
OVERWRITTEN = f"{KEPT_BATCH}/aggregator-astana-5-opens-without-opposition-head.html"
NEW_VERSION = SAMPLE_LANDING_DIR / "2017-07-10"


def _run(landing: Path, warehouse: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert (
        main(["run", "--landing", str(landing), "--warehouse", str(warehouse), "--log-level", "ERROR"]) == 0
    )
    return [line for line in capsys.readouterr().out.splitlines() if line.startswith("landing changes:")]


def _held(warehouse: Path, source_path: str) -> tuple[int, int, int]:
    """(ingest_log rows, articles, mentions) the warehouse holds for one input."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            "SELECT (SELECT count(*) FROM ingest_log WHERE source_path = $p),"
            " (SELECT count(*) FROM fact_article WHERE source_path = $p),"
            " (SELECT count(*) FROM fact_mention JOIN fact_article USING (article_id)"
            "  WHERE source_path = $p)",
            {"p": source_path},
        ).fetchall()[0]


def _batch_held(warehouse: Path, batch: str) -> tuple[int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            "SELECT (SELECT count(*) FROM fact_article WHERE batch_id = $b),"
            " (SELECT count(*) FROM fact_mention WHERE batch_id = $b)",
            {"b": batch},
        ).fetchall()[0]


def test_deleted_files_and_folders_keep_their_articles_until_forgotten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing = tmp_path / "landing"
    for batch in (KEPT_BATCH, GONE_BATCH):
        shutil.copytree(SAMPLE_LANDING_DIR / batch, landing / batch)
    warehouse = tmp_path / "wh" / "news.duckdb"
    assert _run(landing, warehouse, capsys) == []
    with read_connection(warehouse) as connection:
        clean = table_fingerprints(connection)
    deleted_rows = _held(warehouse, DELETED)
    assert deleted_rows[:2] == (1, 1) and deleted_rows[2] > 0
    gone_articles, gone_mentions = _batch_held(warehouse, GONE_BATCH)
    assert gone_articles > 0

    # A deleted file: its batch is loaded again, its article and mentions stay, and the run says so.
    (landing / DELETED).unlink()
    (changes,) = _run(landing, warehouse, capsys)
    assert _held(warehouse, DELETED) == deleted_rows
    with read_connection(warehouse) as connection:
        assert table_fingerprints(connection) == clean
    assert "1 loaded inputs are no longer in" in changes
    assert f"(0 whole batch folders gone); kept: 1 articles, {deleted_rows[2]} mentions" in changes

    # A deleted batch folder: the same rule.
    shutil.rmtree(landing / GONE_BATCH)
    (changes,) = _run(landing, warehouse, capsys)
    assert _batch_held(warehouse, GONE_BATCH) == (gone_articles, gone_mentions)
    gone_inputs = len(list((SAMPLE_LANDING_DIR / GONE_BATCH).iterdir()))
    assert f"{1 + gone_inputs} loaded inputs are no longer in" in changes
    assert f"(1 whole batch folders gone); kept: {1 + gone_articles} articles," in changes

    # `newsetl forget` removes them, and only them.
    assert main(["forget", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0
    assert capsys.readouterr().out.startswith(f"removed {1 + gone_inputs} inputs no longer in {landing}: ")
    assert _held(warehouse, DELETED) == (0, 0, 0)
    assert _batch_held(warehouse, GONE_BATCH) == (0, 0)
    assert _held(warehouse, OVERWRITTEN)[:2] == (1, 1)
    assert _run(landing, warehouse, capsys) == []


def test_an_overwritten_file_is_replaced_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / KEPT_BATCH, landing / KEPT_BATCH)
    warehouse = tmp_path / "wh" / "news.duckdb"
    _run(landing, warehouse, capsys)
    _, _, old_mentions = _held(warehouse, OVERWRITTEN)

    new_version = next(path for path in sorted(NEW_VERSION.iterdir()) if path.suffix == ".html")
    shutil.copy(new_version, landing / OVERWRITTEN)
    (changes,) = _run(landing, warehouse, capsys)

    logged, articles, new_mentions = _held(warehouse, OVERWRITTEN)
    assert (logged, articles) == (1, 1)
    assert new_mentions != old_mentions
    assert changes == (
        f"landing changes: 1 inputs changed since loaded, replaced: articles -1 +1,"
        f" mentions -{old_mentions} +{new_mentions}"
    )


def _logged(warehouse: Path, source_path: str) -> tuple[str, str] | None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        row = connection.execute(
            "SELECT outcome, article_id FROM ingest_log WHERE source_path = ?", [source_path]
        ).fetchone()
    return row


def test_forget_loads_a_present_duplicate_in_place_of_its_forgotten_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A recrawled copy logged as `skipped_duplicate` points at the original's article; once the
    original file is gone and forgotten, the copy is loaded instead of pointing at nothing."""
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / KEPT_BATCH, landing / KEPT_BATCH)
    recrawl = f"2017-07-09/{Path(DELETED).name}"
    (landing / recrawl).parent.mkdir()
    shutil.copy(landing / DELETED, landing / recrawl)
    warehouse = tmp_path / "wh" / "news.duckdb"
    _run(landing, warehouse, capsys)
    original = _held(warehouse, DELETED)
    assert original[:2] == (1, 1) and original[2] > 0
    outcome, article_id = _logged(warehouse, recrawl)
    assert outcome == "skipped_duplicate"

    (landing / DELETED).unlink()
    assert main(["forget", "--landing", str(landing), "--warehouse", str(warehouse), "--dry-run"]) == 0
    assert "; would load 1 skipped duplicates still present in their place" in capsys.readouterr().out
    assert main(["forget", "--landing", str(landing), "--warehouse", str(warehouse)]) == 0

    reported = capsys.readouterr().out.strip()
    assert reported.endswith(
        "mentions; loaded 1 skipped duplicates still present in their place (batches 2017-07-09 loaded again)"
    )
    assert _held(warehouse, DELETED) == (0, 0, 0)
    assert _logged(warehouse, recrawl) == ("loaded", article_id)
    assert _held(warehouse, recrawl) == original
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute(
            "SELECT count(*) FROM ingest_log WHERE article_id NOT IN (SELECT article_id FROM fact_article)"
        ).fetchone() == (0,)
