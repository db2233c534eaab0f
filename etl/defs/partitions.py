"""Partitions: one per landing batch (a delivery folder).

Dynamic rather than daily: deliveries are irregular (no folder on some days, a re-crawl archive
on others), a batch name need not be a date, and a daily calendar would fill the UI with empty
partitions. The sensor registers each new batch folder as it appears.
"""

import dagster as dg

landing_batches = dg.DynamicPartitionsDefinition(name="landing_batches")

# A range of batches runs as one run (one process, one warehouse transaction), so a backfill or
# the first load of a landing folder does not pay a run's start-up per batch, and
# `dagster asset materialize --partition-range` works from the command line.
batch_backfill_policy = dg.BackfillPolicy.single_run()
