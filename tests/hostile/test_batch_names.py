"""Batch names are names, never patterns, and one odd name never stops the batches beside it.

A batch folder called `news[1]` or `*` used to be read back from the lake as a glob pattern:
loading it replaced `news1`'s rows (22 mentions went to 0) and its own inputs never reached
ingest_log. A 250-byte name, or two spellings of one name, failed every batch of the run.
"""

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.ingest.batch_names import MAX_BATCH_NAME_BYTES
from etl.settings import SAMPLE_LANDING_DIR

FIRST, SECOND, THIRD = "2017-07-05", "2017-07-07", "2017-07-10"


def _run(landing: Path, warehouse: Path, *batches: str) -> int:
    chosen = [argument for batch in batches for argument in ("--batch", batch)]
    return main(
        ["run", "--landing", str(landing), "--warehouse", str(warehouse), "--log-level", "ERROR", *chosen]
    )


def _mentions(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return dict(connection.execute("SELECT batch_id, count(*) FROM fact_mention GROUP BY 1").fetchall())


def _logged(warehouse: Path, batch: str) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            "SELECT source_path FROM ingest_log WHERE batch_id = $b ORDER BY 1", {"b": batch}
        ).fetchall()
    return [row[0] for row in rows]


def _pages(landing: Path, batch: str) -> list[str]:
    return sorted(f"{batch}/{page.name}" for page in (landing / batch).iterdir())


def test_a_batch_named_like_a_pattern_loads_as_itself_and_leaves_its_lookalike_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "news.duckdb"
    shutil.copytree(SAMPLE_LANDING_DIR / FIRST, landing / "news1")
    assert _run(landing, warehouse, "news1") == 0
    news1_mentions = _mentions(warehouse)["news1"]
    assert news1_mentions > 0

    for batch, source in (("news[1]", SECOND), ("*", THIRD)):
        shutil.copytree(SAMPLE_LANDING_DIR / source, landing / batch)
        assert _run(landing, warehouse, batch) == 0, capsys.readouterr().err

        assert _mentions(warehouse)["news1"] == news1_mentions
        assert _logged(warehouse, batch) == _pages(landing, batch)
        assert _mentions(warehouse)[batch] > 0
    assert _logged(warehouse, "news1") == _pages(landing, "news1")


def test_odd_batch_names_are_refused_alone_and_the_others_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "news.duckdb"
    long_name = "n" * 250
    shutil.copytree(SAMPLE_LANDING_DIR / FIRST, landing / "good")
    shutil.copytree(SAMPLE_LANDING_DIR / SECOND, landing / long_name)
    shutil.copytree(SAMPLE_LANDING_DIR / SECOND, landing / "a...b")
    # A folder whose name holds the byte 0xff, and one spelled with the four characters `\xff`.
    page = next((SAMPLE_LANDING_DIR / THIRD).iterdir())
    raw_name = os.fsencode(landing) + b"/raw\xff"
    os.mkdir(raw_name)
    shutil.copy(page, os.fsdecode(raw_name + b"/p\xff.html"))
    (landing / "raw\\xff").mkdir()
    shutil.copy(page, landing / "raw\\xff" / "p\\xff.html")

    assert _run(landing, warehouse) == 0

    err = capsys.readouterr().err
    refused = [line for line in err.splitlines() if "refused" in line]
    assert len(refused) == 2
    assert f"is 250 bytes, more than the {MAX_BATCH_NAME_BYTES}" in err
    assert "batch 'a...b' refused: its name holds three dots" in err
    assert _logged(warehouse, "good") == _pages(landing, "good")
    # Two names, two batches, two inputs: the byte is escaped, and so is the backslash.
    assert _logged(warehouse, "raw\\xff") == ["raw\\xff/p\\xff.html"]
    assert _logged(warehouse, "raw\\x5cxff") == ["raw\\x5cxff/p\\x5cxff.html"]
    assert long_name not in _mentions(warehouse)


def test_a_refused_batch_asked_for_by_name_is_one_line_and_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "news.duckdb"
    long_name = "n" * 250
    shutil.copytree(SAMPLE_LANDING_DIR / FIRST, landing / long_name)

    assert _run(landing, warehouse, long_name) == 2

    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("newsetl: batch 'nnnn") and "refused: its name is 250 bytes" in err
    assert not warehouse.exists()
