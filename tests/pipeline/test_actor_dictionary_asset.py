"""The actor dictionary asset records what it validated and stores no copy of it."""

from pathlib import Path

import dagster as dg

from etl.defs.actor_assets import actor_dictionary
from etl.defs.resources import ActorDictionaryFiles, ParquetLakeIOManager


def test_actor_dictionary_records_its_version_and_counts_and_writes_nothing(tmp_path: Path) -> None:
    files = ActorDictionaryFiles()
    dictionary = files.load()
    lake = tmp_path / "lake"

    result = dg.materialize(
        [actor_dictionary],
        resources={"actor_dictionary_files": files, "io_manager": ParquetLakeIOManager(base_dir=str(lake))},
    )

    (materialization,) = result.asset_materializations_for_node("actor_dictionary")
    metadata = {key: value.value for key, value in materialization.metadata.items()}
    assert metadata["dictionary_version"] == dictionary.version
    assert metadata["actors"] == dictionary.dim_actor.height
    assert metadata["aliases"] == dictionary.actor_aliases.height
    assert metadata["roles"] == dictionary.roles.height
    assert "iran" in metadata["preview"]
    assert metadata["actors"] > 50 and metadata["aliases"] > metadata["actors"]
    assert not lake.exists()
