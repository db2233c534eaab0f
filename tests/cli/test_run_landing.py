"""`newsetl run` on landing folders of unusual shape: pages at the root, or nothing at all."""

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.cli import main
from etl.ingest import ROOT_BATCH
from etl.settings import SAMPLE_LANDING_DIR


def _batch_inputs(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute("SELECT batch_id, count(*) FROM ingest_log GROUP BY 1").fetchall()
    return dict(rows)


def test_pages_directly_in_the_landing_folder_load_as_a_batch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_LANDING_DIR / "2017-07-05", landing / "2017-07-05")
    root_pages = sorted((SAMPLE_LANDING_DIR / "2017-07-07").iterdir())
    for page in root_pages:
        shutil.copy(page, landing / page.name)
    warehouse = tmp_path / "wh" / "news.duckdb"

    assert (
        main(["run", "--landing", str(landing), "--warehouse", str(warehouse), "--log-level", "WARNING"]) == 0
    )

    captured = capsys.readouterr()
    folder_pages = len(list((landing / "2017-07-05").iterdir()))
    assert _batch_inputs(warehouse) == {"2017-07-05": folder_pages, ROOT_BATCH: len(root_pages)}
    assert f"the {len(root_pages)} directly in {landing} form batch {ROOT_BATCH}" in captured.err
    assert captured.out.startswith(f"inputs {folder_pages + len(root_pages)} |")


def test_an_empty_landing_folder_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    landing = tmp_path / "landing"
    (landing / "2017-07-05").mkdir(parents=True)
    (landing / "notes.txt").write_text("not a page")

    code = main(
        [
            "run",
            "--landing",
            str(landing),
            "--warehouse",
            str(tmp_path / "news.duckdb"),
            "--log-level",
            "WARNING",
        ]
    )

    assert code == 0
    err = capsys.readouterr().err
    assert f"{landing} holds no input files; expected {landing}/<batch>/<page> or {landing}/<page>" in err
