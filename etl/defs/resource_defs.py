"""The resources every asset of the code location is bound to."""

import dagster as dg

from etl.defs.resources import DuckDBWarehouse, LandingFolder, ParquetLakeIOManager


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "landing": LandingFolder(),
            "warehouse": DuckDBWarehouse(),
            "io_manager": ParquetLakeIOManager(),
        }
    )
