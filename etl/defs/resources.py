"""Resources: where the landing folder, the lake and the warehouse are, and how to write there;
`resources()` binds one of each to every asset of the code location.

A path or limit left unset is read from `etl.settings` when the resource is used, not when this
module is imported: `NEWSETL_LANDING`, `NEWSETL_WAREHOUSE`, `NEWSETL_LAKE`,
`NEWSETL_LOCK_WAIT_SECONDS` and `NEWSETL_DICTIONARY` then mean the same to `dagster dev` as to
`newsetl run`."""

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from etl.actors import ActorDictionary, current_dictionary
from etl.actors.dictionary_files import DictionaryFiles
from etl.memory import release_free_memory, release_step_garbage
from etl.settings import default_lake_dir, default_landing_dir, default_warehouse_path, dictionary_dir
from etl.warehouse.database import read_connection, write_transaction
from etl.warehouse.preflight import check_lake_files


class LandingFolder(dg.ConfigurableResource):
    """The folder the crawler delivers into: one sub-folder per batch."""

    path: str | None = None

    @property
    def root(self) -> Path:
        return Path(self.path) if self.path else default_landing_dir()


class ActorDictionaryFiles(dg.ConfigurableResource):
    """The actor dictionary: a folder with actors.yaml (actors with aliases), roles.yaml (dated
    roles) and optionally name_context.yaml. `folder` unset: `NEWSETL_DICTIONARY`, else the
    bundled dictionary; `actors_path`/`roles_path` name the two files one by one."""

    folder: str | None = None
    actors_path: str | None = None
    roles_path: str | None = None

    @property
    def files(self) -> DictionaryFiles:
        in_folder = DictionaryFiles.in_folder(Path(self.folder) if self.folder else dictionary_dir())
        return DictionaryFiles.beside(
            Path(self.actors_path) if self.actors_path else in_folder.actors,
            Path(self.roles_path) if self.roles_path else in_folder.roles,
        )

    def load(self) -> ActorDictionary:
        """The compiled dictionary; DictionaryError (naming file, entry and problem) if invalid."""
        files = self.files
        return current_dictionary(files.actors, files.roles)


class DuckDBWarehouse(dg.ConfigurableResource):
    """The DuckDB file; a write holds the file only for the span of one transaction."""

    path: str | None = None
    lock_wait_seconds: float | None = None

    @property
    def file(self) -> Path:
        return Path(self.path) if self.path else default_warehouse_path()

    @contextmanager
    def write(self, memory_limit: str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        with write_transaction(self.file, self.lock_wait_seconds, memory_limit) as connection:
            yield connection

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with read_connection(self.file, self.lock_wait_seconds) as connection:
            yield connection


def batch_parts(frame: pl.DataFrame, batches: Sequence[str]) -> Iterator[tuple[str, pl.DataFrame]]:
    """Each batch's rows. Stages emit a batch's rows together, so they are usually one
    contiguous run: sliced then, not filtered, because a filter copies raw_html's page bytes."""
    batch_ids = frame["batch_id"]
    for batch in batches:
        positions = (batch_ids == batch).arg_true()
        count = positions.len()
        if count and positions[-1] - positions[0] + 1 == count:
            yield batch, frame.slice(positions[0], count)
        else:
            yield batch, frame.filter(pl.col("batch_id") == batch)


def stored_partitions(lake_dir: Path, asset: str, partitions: Sequence[str]) -> dict[str, int]:
    """The partitions of `asset` that the lake at `lake_dir` holds a file for (where
    `ParquetLakeIOManager` stores them), with the file's size in bytes."""
    files = {partition: lake_dir / asset / f"{partition}.parquet" for partition in partitions}
    return {partition: path.stat().st_size for partition, path in files.items() if path.is_file()}


class ParquetLakeIOManager(dg.ConfigurableIOManager):
    """Stores polars frames as Parquet, one file per asset (and partition).

    Written by hand because dagster-polars' manager breaks on polars 2.x; Parquet rather than
    pickle so the stored frames can be read by DuckDB and by anything else.
    """

    base_dir: str | None = None

    def _asset_dir(self, context: dg.OutputContext | dg.InputContext) -> Path:
        lake = Path(self.base_dir) if self.base_dir else default_lake_dir()
        return lake.joinpath(*context.asset_key.path)

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        release_step_garbage()
        if not context.has_asset_partitions:
            self._write(self._asset_dir(context).with_suffix(".parquet"), obj)
            return
        # A run over a range of batches returns one frame; each batch's rows go to that batch's
        # file, so a later run of any single batch reads exactly its own rows.
        for batch, rows in batch_parts(obj, context.asset_partition_keys):
            self._write(self._asset_dir(context) / f"{batch}.parquet", rows)
        release_free_memory()

    def load_input(self, context: dg.InputContext) -> pl.DataFrame | pl.LazyFrame:
        """A DataFrame, or a LazyFrame scan when the input is annotated `pl.LazyFrame`, so a
        step that needs a few columns reads only those (the warehouse load never reads the
        page bytes that are most of raw_html)."""
        release_step_garbage()
        lazy = context.dagster_type.typing_type is pl.LazyFrame
        if not context.has_asset_partitions:
            check_lake_files([self._asset_dir(context).with_suffix(".parquet")])
            scan = _scan_file(self._asset_dir(context).with_suffix(".parquet"))
            return scan if lazy else scan.collect()
        paths = [self._asset_dir(context) / f"{batch}.parquet" for batch in context.asset_partition_keys]
        missing = [path.stem for path in paths if not path.exists()]
        if missing:
            raise FileNotFoundError(
                f"{context.asset_key.to_user_string()} has no stored batch {', '.join(missing[:5])}:"
                " materialize it first"
            )
        check_lake_files(paths)
        scan = pl.concat([_scan_file(path) for path in paths], how="vertical_relaxed")
        return scan if lazy else scan.collect()

    @staticmethod
    def _write(path: Path, frame: pl.DataFrame) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One temporary file per writer: two runs of the same batch at once each rename their
        # own, whole file into place. Batch names are capped (etl.ingest.batch_names) so that
        # this name stays within a file name's 255 bytes.
        staging = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            frame.write_parquet(staging)
            # Rename so a reader never sees a half-written file, even if this process is killed.
            staging.replace(path)
        except BaseException:
            # A failed write (a full disk) must not leave its part-file on the disk it filled.
            staging.unlink(missing_ok=True)
            raise


def _scan_file(path: Path) -> pl.LazyFrame:
    """The Parquet file at exactly this path: a batch named `news[1]` or `*` is a name, never a
    pattern that would read other batches' files."""
    return pl.scan_parquet(path, glob=False)


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "landing": LandingFolder(),
            "actor_dictionary_files": ActorDictionaryFiles(),
            "warehouse": DuckDBWarehouse(),
            "io_manager": ParquetLakeIOManager(),
        }
    )
