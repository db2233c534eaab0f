"""Where things live and how long to wait: every path and limit, and the environment variables
that move them. Each function reads the environment when it is called, not at import, so the
CLI, the tests and the definitions `dagster dev` loads see the same values."""

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
SAMPLE_LANDING_DIR = PROJECT_ROOT / "sample_corpus" / "landing"

WAREHOUSE_ENV = "NEWSETL_WAREHOUSE"
LANDING_ENV = "NEWSETL_LANDING"
LAKE_ENV = "NEWSETL_LAKE"
LOCK_WAIT_ENV = "NEWSETL_LOCK_WAIT_SECONDS"
DUCKDB_MEMORY_ENV = "NEWSETL_DUCKDB_MEMORY_LIMIT"
DICTIONARY_ENV = "NEWSETL_DICTIONARY"
BUNDLED_DICTIONARY_DIR = PROJECT_ROOT / "etl" / "actors" / "data"
# Dagster's own variable: the instance (run history, partitions) of this process.
DAGSTER_HOME_ENV = "DAGSTER_HOME"


def default_warehouse_path() -> Path:
    return Path(os.environ.get(WAREHOUSE_ENV, PROJECT_ROOT / "warehouse" / "news.duckdb"))


def default_landing_dir() -> Path:
    return Path(os.environ.get(LANDING_ENV, SAMPLE_LANDING_DIR))


def default_lake_dir(warehouse_path: Path | None = None) -> Path:
    """Parquet copies of the intermediate frames: `NEWSETL_LAKE`, else the `lake/` folder beside
    the warehouse they feed (`warehouse_path`, else the default warehouse)."""
    if LAKE_ENV in os.environ:
        return Path(os.environ[LAKE_ENV])
    return (warehouse_path or default_warehouse_path()).parent / "lake"


def dictionary_dir() -> Path:
    """The actor dictionary folder: `NEWSETL_DICTIONARY`, else the bundled one."""
    return Path(os.environ.get(DICTIONARY_ENV, BUNDLED_DICTIONARY_DIR))


def lock_wait_seconds() -> float:
    """How long a connection waits for another process to release the warehouse file."""
    return float(os.environ.get(LOCK_WAIT_ENV, "120"))


def duckdb_memory_limit() -> str:
    """DuckDB's buffer pool for the pipeline's connections. DuckDB's own default is 80 % of
    RAM, and it keeps every block it read cached: a whole-warehouse scan then makes the
    pipeline process as large as the warehouse. Past the limit DuckDB spills to disk."""
    return os.environ.get(DUCKDB_MEMORY_ENV, "128MB")


def dagster_home() -> Path | None:
    """The Dagster instance's folder when one is configured; None means a throwaway instance."""
    home = os.environ.get(DAGSTER_HOME_ENV)
    return Path(home) if home else None


def use_dagster_home(path: Path) -> None:
    """Make `path` the Dagster instance of this process and of every process it starts."""
    os.environ[DAGSTER_HOME_ENV] = str(path)


@dataclass(frozen=True, slots=True)
class RunTargets:
    """What one run reads and writes: a landing folder, a warehouse file, and the lake, which
    follows the rule of `default_lake_dir` for that warehouse."""

    landing_dir: Path
    warehouse_path: Path

    @property
    def lake_dir(self) -> Path:
        return default_lake_dir(self.warehouse_path)

    def environment(self) -> dict[str, str]:
        """This process's environment, with the variables that point another process's runs (a
        code server's, a daemon's) at these targets."""
        return {
            **os.environ,
            LANDING_ENV: str(self.landing_dir),
            WAREHOUSE_ENV: str(self.warehouse_path),
            LAKE_ENV: str(self.lake_dir),
        }
