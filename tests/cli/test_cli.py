import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from etl.cli import main
from etl.settings import SAMPLE_LANDING_DIR
from etl.warehouse.migrations import migrate

EXPECTED = yaml.safe_load((SAMPLE_LANDING_DIR.parent / "expected.yaml").read_text(encoding="utf-8"))["pages"]
SEED = next(p for p in EXPECTED if p.get("url", "").endswith("/astana-5-opens-without-opposition-head/"))
SEED_FILE = SAMPLE_LANDING_DIR / SEED["path"]


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_parse_prints_the_seed_rendition(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SEED_FILE)]) == 0

    (record,) = _json_lines(capsys.readouterr().out)
    assert record["status"] == "ok"
    assert record["title"] == "انطلاق الجولة الخامسة من أستانا بغياب رئيس وفد المعارضة"
    assert record["published_at"].startswith("2017-07-04")
    assert record["language"] == "ar"
    assert record["original_publisher"] == "بلدي نيوز"
    assert record["body_source"] == "prose"
    assert record["field_notes"] == []
    assert "ألكسندر لافرينتييف" in record["body"]
    assert "مقالات ذات صلة" not in record["body"]
    assert "الشرع وفيدان" not in record["body"]


def test_parse_reports_quarantined_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    truncated = next(p for p in EXPECTED if p["path"].endswith(".gz") and p["outcome"] == "quarantined")

    assert main(["parse", str(empty), str(SAMPLE_LANDING_DIR / truncated["path"])]) == 0

    first, second = _json_lines(capsys.readouterr().out)
    assert (first["status"], second["status"]) == ("quarantined", "quarantined")
    assert "empty" in first["reason"]
    assert second["reason"].startswith("truncated gzip")


def test_mentions_of_the_seed_rendition(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mentions", str(SEED_FILE)]) == 0

    mentions = _json_lines(capsys.readouterr().out)
    actors = {m["actor_id"] for m in mentions}
    assert {"alexander-lavrentiev", "staffan-de-mistura", "mohammed-alloush"} <= actors
    assert not actors & {"recep-tayyip-erdogan", "ahmed-al-sharaa", "hakan-fidan", "sdf"}
    first = mentions[0]
    assert set(first) >= {
        "source_path",
        "article_id",
        "actor_id",
        "actor_name",
        "surface",
        "start",
        "end",
        "field",
    }
    assert all(m["source_path"] == str(SEED_FILE) for m in mentions)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "mentions_per_actor_per_week", "--warehouse", "{missing}"], "no warehouse at"),
        (["run", "--landing", "{missing}"], "landing folder not found"),
        (
            ["query", "mentions_per_actor_per_week", "--param", "oops", "--warehouse", "{missing}"],
            "key=value",
        ),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    missing = str(tmp_path / "nothing" / "here.duckdb")
    assert main([arg.replace("{missing}", missing) for arg in argv]) == 2

    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_unknown_query_is_named_in_one_line(tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl.cli",
            "query",
            "no_such_query",
            "--warehouse",
            str(tmp_path / "w.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 2
    (line,) = completed.stderr.strip().splitlines()
    assert line.startswith("newsetl: unknown query 'no_such_query'; known: ")
    assert "mentions_per_actor_per_week" in line


def test_a_parameter_duckdb_refuses_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """`--param limit=-1` is a valid INTEGER that DuckDB's LIMIT refuses (a BinderException)."""
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        migrate(connection)
    completed = subprocess.run(
        [sys.executable, "-m", "etl.cli", "query", "top_actors", "--param", "limit=-1",
         "--warehouse", str(warehouse)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert completed.returncode == 2
    assert completed.stdout == ""
    (line,) = completed.stderr.strip().splitlines()
    assert line == (
        "newsetl: query top_actors: DuckDB refused the parameters limit=-1:"
        " Binder Error: LIMIT/OFFSET cannot be negative"
    )
