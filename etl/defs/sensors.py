"""The landing sensor: new batch folders become partitions, and one run loads them all; a
registered batch whose files changed (a late file, a rewritten one) is loaded again."""

import hashlib
import json
from collections.abc import Iterable

import dagster as dg

from etl.defs.jobs import ingest_batch_job
from etl.defs.partitions import RUN_BYTES, contiguous_ranges, landing_batches, plan_runs, range_tags
from etl.defs.resources import LandingFolder
from etl.ingest.batch_names import refusal_line
from etl.ingest.fingerprints import batch_fingerprints, changed_batches
from etl.ingest.landing import read_landing_listing


def range_run_requests(
    landing: LandingFolder, batches: list[str], fingerprints: dict[str, str] | None = None
) -> list[dg.RunRequest]:
    """One run per size group of the batches (the groups `newsetl run` makes), each a partition
    range under the single-run backfill policy; `batches` must be consecutive in registration
    order. The run key carries the batches' fingerprints, so a later change of the same batches
    is a new run, not a duplicate key the daemon drops."""
    fingerprints = fingerprints or {}
    return [
        dg.RunRequest(
            run_key=f"{group[0]}...{group[-1]}:{_digest(fingerprints.get(batch, '') for batch in group)}",
            tags=range_tags(group),
        )
        for group in plan_runs(landing.root, batches, RUN_BYTES)
    ]


def _digest(parts: Iterable[str]) -> str:
    """One short key for a group's fingerprints, however many batches it spans."""
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()


_LANDING_SENSOR_DESCRIPTION = """Registers the landing folders that are not yet partitions and
requests one range run for them, and requests runs for the registered batches whose files
changed since the last tick. The instance's partitions say which batches are known (a batch
registered by `newsetl run` with the same DAGSTER_HOME is not requested again); the cursor keeps
each batch's fingerprint (a digest of its files' names, sizes and modification times, one short
string per batch). A batch first seen registered, without one, gets one recorded and no run.
Folders that cannot be loaded (unreadable, names a partition key cannot carry) are logged, one
line each."""


# The description, not a docstring: Dagster shows a sensor's description= in the UI, and
# ignores its function's docstring.
@dg.sensor(
    job=ingest_batch_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=_LANDING_SENSOR_DESCRIPTION,
)
def landing_batches_sensor(context: dg.SensorEvaluationContext, landing: LandingFolder) -> dg.SensorResult:
    if not landing.root.is_dir():
        return dg.SensorResult(skip_reason=f"landing folder {landing.root} does not exist")
    try:
        listing = read_landing_listing(landing.root)
    except OSError as problem:
        # Raising would fail every tick until someone reads the sensor's log; skipping says why.
        reason = problem.strerror or problem
        return dg.SensorResult(skip_reason=f"landing folder {landing.root} could not be read: {reason}")
    for name, reason in listing.refused.items():
        context.log.warning(refusal_line(name, reason))
    registered = context.instance.get_dynamic_partitions(landing_batches.name)
    fresh = sorted(set(listing.batches) - set(registered))
    recorded: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    # Refused folders are the listing's to report; only loadable batches are watched.
    loadable = set(listing.batches)
    fingerprints = batch_fingerprints(landing.root)
    current = {batch: digest for batch, digest in fingerprints.items() if batch in loadable}
    changed = changed_batches(recorded, current)
    # Gone folders keep their fingerprint: a folder put back unchanged is not loaded again.
    cursor = json.dumps({**recorded, **current}, sort_keys=True, separators=(",", ":"))
    requests = range_run_requests(landing, fresh, current)
    for batches in contiguous_ranges(registered, changed):
        requests += range_run_requests(landing, batches, current)
    if not requests:
        refused = f"; refused: {', '.join(listing.refused)}" if listing.refused else ""
        return dg.SensorResult(
            skip_reason=f"no new batch folders and no changed batches{refused}", cursor=cursor
        )
    if fresh:
        context.log.info(f"{len(fresh)} new batches ({fresh[0]}…{fresh[-1]})")
    if changed:
        context.log.info(
            f"{len(changed)} registered batches with new or changed files: {', '.join(changed[:10])}"
        )
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[landing_batches.build_add_request(fresh)] if fresh else [],
        cursor=cursor,
    )
