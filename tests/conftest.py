"""Shared fixtures: the evaluation data beside the repo (optional) and temporary warehouses."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"evaluation data not found at {SHARED_DIR} (../shared beside the repo)")
    return SHARED_DIR


@pytest.fixture
def warehouse_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "news.duckdb"
