"""`newsetl run` and `dg dev` share one Dagster instance, so command-line runs show in the UI
and its sensor does not load their batches again."""

import os
from pathlib import Path

import pytest

from etl.cli import LOCAL_DAGSTER_HOME, use_local_dagster_home
from etl.settings import WAREHOUSE_ENV, default_warehouse_path


@pytest.fixture
def no_dagster_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv(WAREHOUSE_ENV, str(tmp_path / "ui" / "news.duckdb"))
    return tmp_path


def test_runs_into_the_uis_warehouse_use_the_readme_instance(no_dagster_home: Path) -> None:
    use_local_dagster_home(default_warehouse_path())

    assert os.environ["DAGSTER_HOME"] == str(LOCAL_DAGSTER_HOME)
    assert (LOCAL_DAGSTER_HOME / "dagster.yaml").is_file()


def test_runs_into_another_warehouse_keep_a_throwaway_instance(no_dagster_home: Path) -> None:
    use_local_dagster_home(no_dagster_home / "elsewhere" / "news.duckdb")

    assert "DAGSTER_HOME" not in os.environ


def test_an_explicit_dagster_home_wins(no_dagster_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAGSTER_HOME", str(no_dagster_home / "home"))

    use_local_dagster_home(default_warehouse_path())

    assert os.environ["DAGSTER_HOME"] == str(no_dagster_home / "home")
