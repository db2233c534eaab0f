"""A range of batches runs as one run, and each partition's materialization still describes its
own batch: row counts, languages and previews read back from the run's event log."""

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from etl.definitions import defs
from etl.defs.partitions import contiguous_ranges, range_tags
from etl.runs import run_config_for
from etl.settings import SAMPLE_LANDING_DIR, RunTargets
from etl.warehouse.catalog import failing_keys
from etl.warehouse.integrity import integrity_report

TWO_BATCHES = ["2017-07-05", "2017-07-24"]
RangeRun = tuple[dg.DagsterInstance, RunTargets, str]


@pytest.fixture(scope="module")
def range_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RangeRun]:
    root = tmp_path_factory.mktemp("range")
    for batch in TWO_BATCHES:
        shutil.copytree(SAMPLE_LANDING_DIR / batch, root / "landing" / batch)
    targets = RunTargets(root / "landing", root / "wh" / "news.duckdb")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("landing_batches", TWO_BATCHES)
        result = defs.resolve_job_def("ingest_batch_job").execute_in_process(
            run_config=run_config_for(targets, "WARNING"), instance=instance, tags=range_tags(TWO_BATCHES)
        )
        assert result.success
        yield instance, targets, result.run_id


def _partition_metadata(instance: dg.DagsterInstance, run_id: str, asset: str) -> dict[str, dict]:
    """The run's materializations of `asset`, by partition, from the instance's event log."""
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    materializations = [record.event_log_entry.asset_materialization for record in records]
    by_partition = {
        event.partition: {key: value.value for key, value in event.metadata.items()}
        for event in materializations
        if event.asset_key == dg.AssetKey(asset)
    }
    assert sorted(by_partition) == TWO_BATCHES, by_partition.keys()
    return by_partition


def test_each_articles_partition_reports_its_own_batch(range_run: RangeRun) -> None:
    instance, targets, run_id = range_run
    metadata = _partition_metadata(instance, run_id, "articles")

    for batch in TWO_BATCHES:
        stored = pl.read_parquet(targets.lake_dir / "articles" / f"{batch}.parquet")
        assert metadata[batch]["dagster/row_count"] == stored.height
        assert metadata[batch]["languages"] == dict(stored.group_by("language").len().iter_rows())
        assert metadata[batch]["body_sources"] == dict(stored.group_by("body_source").len().iter_rows())
        assert sum(metadata[batch]["body_sources"].values()) == stored.height
        for title in stored["title"].drop_nulls():
            assert title[:40].replace("|", "\\|") in metadata[batch]["preview"]
    counts = [metadata[batch]["dagster/row_count"] for batch in TWO_BATCHES]
    assert counts[0] != counts[1], "the two batches should differ, or the test proves nothing"


def test_each_fact_mention_partition_reports_its_own_rows_and_the_table(range_run: RangeRun) -> None:
    instance, targets, run_id = range_run
    metadata = _partition_metadata(instance, run_id, "fact_mention")
    with duckdb.connect(str(targets.warehouse_path), read_only=True) as connection:
        per_batch = dict(
            connection.execute("SELECT batch_id, count(*) FROM fact_mention GROUP BY 1").fetchall()
        )
        columns = connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = 'fact_mention' ORDER BY ordinal_position"
        ).fetchall()

    for batch in TWO_BATCHES:
        assert metadata[batch]["dagster/partition_row_count"] == per_batch[batch]
        assert metadata[batch]["dagster/row_count"] == sum(per_batch.values())
        schema = metadata[batch]["dagster/column_schema"]
        assert [(column.name, column.type) for column in schema.columns] == columns
        described = {column.name: column.description for column in schema.columns}
        assert described["mention_id"] == "`article_id:field:start_offset`"
        assert "dictionary files" in described["dictionary_version"]
        assert "matcher" in described["extractor_version"]
        assert metadata[batch]["dagster/table_name"] == "news.main.fact_mention"
        assert metadata[batch]["duckdb_path"] == str(targets.warehouse_path)
    assert per_batch[TWO_BATCHES[0]] != per_batch[TWO_BATCHES[1]]


def test_each_ingest_log_partition_reconciles_its_own_inputs(range_run: RangeRun) -> None:
    instance, _, run_id = range_run
    metadata = _partition_metadata(instance, run_id, "ingest_log")

    for batch in TWO_BATCHES:
        files = len(list((SAMPLE_LANDING_DIR / batch).iterdir()))
        assert metadata[batch]["inputs"] == files
        assert metadata[batch]["dagster/partition_row_count"] == files


def test_a_late_batch_runs_apart_from_the_range_it_does_not_border() -> None:
    registered = ["2017-07-05", "2017-07-07", "2017-07-10", "2017-07-01"]

    assert contiguous_ranges(registered, ["2017-07-01", "2017-07-05", "2017-07-07"]) == [
        ["2017-07-05", "2017-07-07"],
        ["2017-07-01"],
    ]


def test_failing_integrity_checks_name_their_rows(range_run: RangeRun, tmp_path: Path) -> None:
    _, targets, _ = range_run
    broken = tmp_path / "broken.duckdb"
    shutil.copy(targets.warehouse_path, broken)
    with duckdb.connect(str(broken)) as connection:
        moved = connection.execute("SELECT min(mention_id) FROM fact_mention").fetchall()[0][0]
        connection.execute("UPDATE fact_mention SET surface = surface || 'x' WHERE mention_id = ?", [moved])
        connection.execute(
            "INSERT INTO fact_mention SELECT * REPLACE ('orphan:body:0' AS mention_id, 'gone' AS article_id)"
            " FROM fact_mention LIMIT 1"
        )
        report = integrity_report(connection, TWO_BATCHES, datetime.now(UTC))
        keys = failing_keys(connection, TWO_BATCHES)

    assert report.foreign_keys["mentions_without_article"] == 1
    assert keys == {
        "foreign_keys_resolve": {"mentions_without_article": ["orphan:body:0"]},
        "mention_offsets_in_text": {"misplaced_mentions": [moved]},
    }
