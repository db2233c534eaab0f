"""`newsetl actors candidates | accept | reject`: the candidate queue and its curation.

Accept and reject write the analyst's own dictionary folder (`NEWSETL_DICTIONARY`, or
`--dictionary DIR`), never the bundled one inside the package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from etl.settings import BUNDLED_DICTIONARY_DIR, DICTIONARY_ENV, default_warehouse_path, dictionary_dir


class CandidateCommandError(Exception):
    """A problem worth one line to the user (exit 2)."""


def _editable_dictionary(given: str | None) -> Path:
    folder = Path(given) if given else dictionary_dir()
    if folder.resolve() == BUNDLED_DICTIONARY_DIR.resolve():
        raise CandidateCommandError(
            "the bundled dictionary is in use and is not edited: start your own with"
            f" `newsetl actors init DIR`, then set {DICTIONARY_ENV}=DIR (or pass --dictionary DIR)"
        )
    if not (folder / "actors.yaml").is_file():
        raise CandidateCommandError(f"no actors.yaml in {folder}: `newsetl actors init {folder}` writes one")
    return folder


def _refresh_candidates(warehouse: Path) -> None:
    """Rank the candidates from the warehouse as it is now: `newsetl run` leaves them to the ones
    who ask (they read every stored body), and the hourly schedule refreshes them in the UI."""
    from etl.cli import use_local_dagster_home
    from etl.runs import refresh_candidates
    from etl.settings import RunTargets, default_landing_dir
    from etl.warehouse.database import WarehouseMissing
    from etl.warehouse.preflight import check_warehouse_contents, check_warehouse_file

    if not warehouse.exists():
        raise WarehouseMissing(f"no warehouse at {warehouse}: run `newsetl run` first")
    check_warehouse_file(warehouse, for_writing=True)
    check_warehouse_contents(warehouse, for_writing=True)
    use_local_dagster_home(warehouse)
    print(f"newsetl: ranking the candidates from the articles in {warehouse}", file=sys.stderr)
    result = refresh_candidates(RunTargets(landing_dir=default_landing_dir(), warehouse_path=warehouse))
    if not result.success:
        raise CandidateCommandError("refreshing the candidates failed; see the log above")


def command_candidates(args: argparse.Namespace) -> int:
    import json

    from etl.warehouse.database import read_connection
    from etl.warehouse.queries import run_named_query

    if args.limit < 1:
        raise CandidateCommandError(f"--limit must be at least 1, got {args.limit}")
    if not args.no_refresh:
        _refresh_candidates(Path(args.warehouse))
    with read_connection(Path(args.warehouse)) as connection:
        ranked = run_named_query(connection, "actor_candidates", {"limit": args.limit})
    if args.format == "json":
        for record in ranked.to_dicts():
            print(json.dumps(record, ensure_ascii=False, default=str))
        return 0
    from etl.actors.candidates import CANDIDATE_PREVIEW_COLUMNS
    from etl.cli import print_frame

    flat = ranked.select(
        *CANDIDATE_PREVIEW_COLUMNS,
        "proposed_role",
        surfaces=ranked["surfaces"].list.join(" | "),
        co_named_actors=ranked["co_named_actors"].list.join(" "),
    )
    print_frame(flat, args.format)
    return 0


def _candidate(warehouse: Path, candidate_id: str):
    from etl.actors.curation import CandidateRecord
    from etl.warehouse.database import read_connection
    from etl.warehouse.sql_files import read_sql

    with read_connection(warehouse) as connection:
        rows = connection.execute(
            read_sql("meta/candidate_record"), {"candidate_id": candidate_id}
        ).fetchall()
    if not rows:
        raise CandidateCommandError(
            f"no candidate {candidate_id!r} in {warehouse}: `newsetl actors candidates` lists them"
        )
    found_id, name, proposed_type, surfaces = rows[0]
    return CandidateRecord(
        found_id,
        name,
        proposed_type,
        tuple((item["surface"], item["language"], item["mentions"]) for item in surfaces if item["surface"]),
    )


def command_accept(args: argparse.Namespace) -> int:
    from etl.actors.curation import CurationError, accept_candidate

    folder = _editable_dictionary(args.dictionary)
    if (args.role is None) != (args.role_from is None):
        raise CandidateCommandError("--role and --from go together")
    role_from = _iso_date(args.role_from) if args.role_from else None
    candidate = _candidate(Path(args.warehouse), args.candidate)
    try:
        actor_id, aliases = accept_candidate(
            folder, candidate, args.id, args.merge_into, args.role, role_from
        )
    except CurationError as problem:
        raise CandidateCommandError(str(problem)) from None
    written = "; ".join(
        f"{language} {strength}: {', '.join(items)}"
        for language, by_strength in aliases.items()
        for strength, items in by_strength.items()
    )
    print(f"accepted {candidate.candidate_id} as {actor_id} in {folder / 'actors.yaml'} ({written})")
    print("the next `newsetl run` recounts the stored articles with it", file=sys.stderr)
    return 0


def command_reject(args: argparse.Namespace) -> int:
    from etl.actors.curation import CurationError, reject_candidate

    folder = _editable_dictionary(args.dictionary)
    candidate = _candidate(Path(args.warehouse), args.candidate)
    try:
        reject_candidate(folder, candidate, args.reason, dt.datetime.now(dt.UTC).date())
    except CurationError as problem:
        raise CandidateCommandError(str(problem)) from None
    print(f"rejected {candidate.candidate_id} ({candidate.name}) in {folder / 'rejected.yaml'}")
    return 0


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CandidateCommandError(f"--from expects a date as YYYY-MM-DD, got {value!r}") from None


def add_candidate_commands(actor_commands: argparse._SubParsersAction) -> None:
    """The candidate subcommands of `newsetl actors`."""
    candidates = actor_commands.add_parser("candidates", help="names the bodies repeat that no actor claims")
    candidates.add_argument("--warehouse", default=str(default_warehouse_path()), help="DuckDB file")
    candidates.add_argument("--limit", type=int, default=40, help="at most this many, best first")
    candidates.add_argument("--format", default="table", choices=["table", "csv", "json"])
    candidates.add_argument(
        "--no-refresh", action="store_true", help="print the stored ranking without ranking again first"
    )
    candidates.set_defaults(handler=command_candidates)

    accept = actor_commands.add_parser("accept", help="add a candidate to your dictionary")
    accept.add_argument("candidate", metavar="CANDIDATE", help="a candidate_id from `actors candidates`")
    accept.add_argument("--warehouse", default=str(default_warehouse_path()), help="DuckDB file")
    accept.add_argument("--dictionary", metavar="DIR", help=f"dictionary folder (default: {DICTIONARY_ENV})")
    accept.add_argument("--id", metavar="SLUG", help="the new actor's id (default: the candidate's)")
    accept.add_argument("--merge-into", metavar="ACTOR", help="add the writings to this existing actor")
    accept.add_argument("--role", metavar="ROLE", help="make it the holder of this role (roles.yaml)")
    accept.add_argument("--from", dest="role_from", metavar="DATE", help="the day it took the role")
    accept.set_defaults(handler=command_accept)

    reject = actor_commands.add_parser("reject", help="keep a candidate's name out of the queue")
    reject.add_argument("candidate", metavar="CANDIDATE", help="a candidate_id from `actors candidates`")
    reject.add_argument("--reason", required=True, help="why it is not an actor")
    reject.add_argument("--warehouse", default=str(default_warehouse_path()), help="DuckDB file")
    reject.add_argument("--dictionary", metavar="DIR", help=f"dictionary folder (default: {DICTIONARY_ENV})")
    reject.set_defaults(handler=command_reject)
