"""The one code location: everything under `etl/defs`, run in process.

In-process execution because the warehouse steps share one DuckDB file, which admits one
writing process at a time; parallel work belongs before the warehouse, in Parquet. The executor
(`etl/defs/executor.py`) also ends the run's worker pools with the run.
"""

import warnings
from pathlib import Path

import dagster as dg

from etl.defs.executor import in_process_executor

# Data versions on outputs are how a dictionary change marks mentions stale; the API is marked
# beta, and the warning on every materialization says nothing the reader can act on.
warnings.filterwarnings("ignore", category=dg.BetaWarning)

defs = dg.Definitions.merge(
    dg.load_from_defs_folder(path_within_project=Path(__file__).parent),
    dg.Definitions(executor=in_process_executor),
)
