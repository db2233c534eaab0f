"""Resources: where the landing folder, the lake and the warehouse are, and how to write there."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from etl.settings import default_lake_dir, default_landing_dir, default_warehouse_path
from etl.warehouse.database import read_connection, write_transaction


class LandingFolder(dg.ConfigurableResource):
    """The folder the crawler delivers into: one sub-folder per batch."""

    path: str = str(default_landing_dir())

    @property
    def root(self) -> Path:
        return Path(self.path)


class DuckDBWarehouse(dg.ConfigurableResource):
    """The DuckDB file; a write holds the file only for the span of one transaction."""

    path: str = str(default_warehouse_path())
    lock_wait_seconds: float = 120.0

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with write_transaction(Path(self.path), self.lock_wait_seconds) as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with read_connection(Path(self.path), self.lock_wait_seconds) as connection:
            yield connection


class ParquetLakeIOManager(dg.ConfigurableIOManager):
    """Stores polars frames as Parquet, one file per asset (and partition).

    Written by hand because dagster-polars' manager breaks on polars 2.x; Parquet rather than
    pickle so the stored frames can be read by DuckDB and by anything else.
    """

    base_dir: str = str(default_lake_dir())

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        path = Path(self.base_dir).joinpath(*context.asset_key.path)
        if context.has_asset_partitions:
            return path / f"{context.asset_partition_key}.parquet"
        return path.with_suffix(".parquet")

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        path = self._path(context)
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_suffix(".parquet.tmp")
        obj.write_parquet(staging)
        # Rename so a reader never sees a half-written file, even if this process is killed.
        staging.replace(path)

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        return pl.read_parquet(self._path(context))
