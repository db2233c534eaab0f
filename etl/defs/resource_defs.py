"""The resources every asset of the code location is bound to."""

import dagster as dg

from etl.defs.resources import ActorDictionaryFiles, DuckDBWarehouse, LandingFolder, ParquetLakeIOManager


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
