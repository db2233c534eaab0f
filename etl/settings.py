"""Where things live: the project's folders and the environment variables that move them."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
SAMPLE_LANDING_DIR = PROJECT_ROOT / "sample_corpus" / "landing"

WAREHOUSE_ENV = "NEWSETL_WAREHOUSE"
LANDING_ENV = "NEWSETL_LANDING"
LAKE_ENV = "NEWSETL_LAKE"
LOCK_WAIT_ENV = "NEWSETL_LOCK_WAIT_SECONDS"
DUCKDB_MEMORY_ENV = "NEWSETL_DUCKDB_MEMORY_LIMIT"


def default_warehouse_path() -> Path:
    return Path(os.environ.get(WAREHOUSE_ENV, PROJECT_ROOT / "warehouse" / "news.duckdb"))


def default_landing_dir() -> Path:
    return Path(os.environ.get(LANDING_ENV, SAMPLE_LANDING_DIR))


def default_lake_dir() -> Path:
    """Parquet copies of the intermediate frames, next to the warehouse they feed."""
    return Path(os.environ.get(LAKE_ENV, default_warehouse_path().parent / "lake"))


def lock_wait_seconds() -> float:
    """How long a connection waits for another process to release the warehouse file."""
    return float(os.environ.get(LOCK_WAIT_ENV, "120"))


def duckdb_memory_limit() -> str:
    """DuckDB's buffer pool for the pipeline's connections. DuckDB's own default is 80 % of
    RAM, and it keeps every block it read cached: a whole-warehouse scan then makes the
    pipeline process as large as the warehouse. Past the limit DuckDB spills to disk."""
    return os.environ.get(DUCKDB_MEMORY_ENV, "128MB")
