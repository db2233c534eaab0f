"""`newsetl`: the analyst's command line.

Every command answers a bad argument, a missing or locked warehouse or an unknown name with one
line on stderr and exit code 2, never a traceback.
"""

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from etl.actor_dictionary_cli import add_dictionary_commands, counted_with_another_dictionary, recount_lines
from etl.candidate_commands import CandidateCommandError, add_candidate_commands
from etl.settings import (
    PROJECT_ROOT,
    RunTargets,
    dagster_home,
    default_landing_dir,
    default_warehouse_path,
    use_dagster_home,
)

if TYPE_CHECKING:
    from etl.runs import PipelineOutcome

USAGE_ERROR = 2
LOCAL_DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"


class CliError(Exception):
    """A problem worth one line to the user."""


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _print_json_line(record: dict[str, object]) -> None:
    print(json.dumps(record, ensure_ascii=False, default=_json_default))


def print_frame(frame: pl.DataFrame, output_format: str) -> None:
    if output_format == "csv":
        sys.stdout.write(frame.write_csv())
    elif output_format == "json":
        for record in frame.iter_rows(named=True):
            _print_json_line(record)
    else:
        from etl.terminal_tables import render_table

        sys.stdout.write(render_table(frame))


def _parse_params(pairs: Sequence[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for pair in pairs:
        key, separator, value = pair.partition("=")
        if not separator or not key:
            raise CliError(f"--param expects key=value, got {pair!r}")
        params[key] = value
    return params


def _landing_contents(landing: Path, batches: list[str] | None) -> str:
    """What the run found in the landing folder, or why it found nothing, in one line."""
    from etl.ingest import INPUT_SUFFIXES, ROOT_BATCH, list_landing_inputs

    inputs = list_landing_inputs(landing, batches)
    if not inputs:
        return (
            f"{landing} holds no input files{' in the batches asked for' if batches else ''}; expected"
            f" {landing}/<batch>/<page> or {landing}/<page>, a page being {', '.join(INPUT_SUFFIXES)};"
            " the warehouse's marts are refreshed only"
        )
    found = {item.batch_id for item in inputs}
    at_root = sum(1 for item in inputs if item.batch_id == ROOT_BATCH and "/" not in item.source_path)
    text = f"{len(inputs)} input files in {len(found)} batches"
    if at_root:
        text += f"; the {at_root} directly in {landing} form batch {ROOT_BATCH}"
    return text


def use_local_dagster_home(warehouse: Path) -> None:
    """Runs into the warehouse the UI shows go to the UI's instance (`.dagster_home`, as in the
    README's `dg dev` line) unless DAGSTER_HOME says otherwise: they then appear in the UI and
    its sensor does not load the same batches again. Runs into another warehouse keep a
    throwaway instance, so they do not mark the UI's batches as loaded."""
    if dagster_home() is None and warehouse.resolve() == default_warehouse_path().resolve():
        use_dagster_home(LOCAL_DAGSTER_HOME)


def command_run(args: argparse.Namespace) -> int:
    from etl.actors.user_dictionary import dictionary_in_use
    from etl.ingest.batch_names import check_batch_names
    from etl.runs import run_pipeline
    from etl.warehouse.database import read_connection
    from etl.warehouse.queries import run_named_query

    landing = Path(args.landing)
    if not landing.is_dir():
        raise CliError(f"landing folder not found: {landing}")
    # An invalid dictionary stops the run here, before the warehouse is opened or a page read.
    dictionary_in_use()
    targets = RunTargets(landing_dir=landing, warehouse_path=Path(args.warehouse))
    use_local_dagster_home(targets.warehouse_path)
    check_batch_names(args.batch or [])
    refused = _refused_batch_lines(landing, args.batch)
    try:
        contents = _landing_contents(landing, args.batch)
    except CliError:
        # With every batch folder refused, the refusals are why nothing was found.
        for line in refused:
            print(f"newsetl: {line}", file=sys.stderr)
        raise
    print(
        f"newsetl: running the pipeline on {landing} into {targets.warehouse_path}: {contents}",
        file=sys.stderr,
    )
    for line in refused:
        print(f"newsetl: {line}", file=sys.stderr)
    started = time.monotonic()
    outcome = run_pipeline(
        targets,
        batches=args.batch or None,
        log_level=args.log_level,
        on_wait=lambda message: print(f"newsetl: {message}", file=sys.stderr, flush=True),
    )
    elapsed = time.monotonic() - started
    if not outcome.success:
        raise CliError(
            f"runs failed for {', '.join(outcome.failed)}{_first_failure(outcome)}; see the log above"
        )
    with read_connection(targets.warehouse_path) as connection:
        summary = run_named_query(connection, "load_summary").row(0, named=True)
        trend = run_named_query(connection, "weekly_trend_top_actors", {"top": 6})
    landing_changes = _landing_changes(landing, targets.warehouse_path, outcome)
    print(
        " | ".join(
            [
                f"inputs {summary['inputs']}",
                f"loaded {summary['loaded']}",
                f"quarantined {summary['quarantined']}",
                f"skipped duplicates {summary['skipped_duplicate']}",
                f"skipped non-HTML {summary['skipped_non_html']}",
                f"mentions {summary['mentions']}",
                f"actors {summary['actors_mentioned']}",
                f"weeks {summary['weeks']}",
                f"{elapsed:.1f}s",
            ]
        )
    )
    for line in landing_changes:
        print(line)
    for line in recount_lines(outcome, targets.warehouse_path):
        print(line)
    print("\nMentions per actor per week (top actors):")
    print_frame(_pivot_trend(trend), "table")
    return 0


def _first_failure(outcome: "PipelineOutcome") -> str:
    """`: <step>: <error>` of the first failed step, the error's own cause when Dagster wrapped
    it (a lake file that cannot be read fails the loading of a step's input)."""
    for result in outcome.runs.values():
        for failure in result.get_step_failure_events():
            error = failure.event_specific_data.error
            if error is None:
                continue
            error = error.cause or error
            return f": {failure.step_key}: {error.message.strip().splitlines()[0]}"
    return ""


def _refused_batch_lines(landing: Path, batches: list[str] | None) -> list[str]:
    """One line per batch folder of this run that cannot be loaded, naming it and saying why;
    the other batches load. The landing folder itself unreadable is the user's error."""
    from etl.ingest.batch_names import refusal_line
    from etl.ingest.landing import read_landing_listing

    try:
        refused = read_landing_listing(landing).refused
    except OSError as problem:
        raise CliError(f"landing folder {landing} could not be read: {problem.strerror or problem}") from None
    if batches:
        refused = {name: reason for name, reason in refused.items() if name in batches}
        if refused:
            name, reason = next(iter(refused.items()))
            raise CliError(refusal_line(name, reason))
    return [refusal_line(name, reason) for name, reason in refused.items()]


def _landing_changes(landing: Path, warehouse: Path, outcome: "PipelineOutcome") -> list[str]:
    """One line for loaded inputs the landing folder no longer has (kept), one for inputs this
    run found overwritten (replaced); nothing when neither happened."""
    from etl.ingest import list_landing_inputs
    from etl.ingest.landing import read_landing_listing
    from etl.warehouse.database import read_connection
    from etl.warehouse.landing_changes import (
        CHANGE_COUNTS,
        missing_inputs,
        present_inputs,
        summarise_missing,
    )

    present = present_inputs(list_landing_inputs(landing))
    refused = read_landing_listing(landing).refused
    with read_connection(warehouse) as connection:
        missing = summarise_missing(connection, missing_inputs(connection, present, refused), present)
    lines = []
    if missing.inputs:
        lines.append(
            f"landing changes: {missing.inputs} loaded inputs are no longer in {landing}"
            f" ({missing.batches_gone} whole batch folders gone); kept: {missing.articles} articles,"
            f" {missing.mentions} mentions (`newsetl forget --landing {landing}` removes them)"
        )
    changed = outcome.materialized_totals("fact_article", list(CHANGE_COUNTS))
    if changed["changed_inputs"]:
        lines.append(
            f"landing changes: {changed['changed_inputs']} inputs changed since loaded, replaced:"
            f" articles -{changed['changed_articles_removed']} +{changed['changed_articles_added']},"
            f" mentions -{changed['changed_mentions_removed']} +{changed['changed_mentions_added']}"
        )
    return lines


def command_forget(args: argparse.Namespace) -> int:
    from etl.ingest import list_landing_inputs
    from etl.ingest.landing import read_landing_listing
    from etl.runs import run_pipeline
    from etl.warehouse.database import WarehouseMissing, write_transaction
    from etl.warehouse.landing_changes import (
        forget_inputs,
        missing_inputs,
        present_inputs,
        stranded_duplicates,
        summarise_missing,
    )
    from etl.warehouse.preflight import check_warehouse_contents, check_warehouse_file

    landing, warehouse = Path(args.landing), Path(args.warehouse)
    if not landing.is_dir():
        raise CliError(f"landing folder not found: {landing}")
    if not warehouse.exists():
        raise WarehouseMissing(f"no warehouse at {warehouse}: run `newsetl run` first")
    check_warehouse_file(warehouse, for_writing=True)
    check_warehouse_contents(warehouse, for_writing=True)
    present = present_inputs(list_landing_inputs(landing))
    # A batch folder that is there but refused (unreadable, say) is not gone: its rows stay.
    refused = read_landing_listing(landing).refused
    with write_transaction(warehouse) as connection:
        missing = missing_inputs(connection, present, refused)
        summary = summarise_missing(connection, missing, present)
        stranded = stranded_duplicates(connection, missing)
        if not args.dry_run:
            forget_inputs(connection, missing)
    reloaded = sorted(set(stranded["batch_id"]))
    if (summary.inputs or stranded.height) and not args.dry_run:
        # Clusters and marts were computed with the removed articles; a batch run rebuilds both.
        outcome = run_pipeline(RunTargets(landing, warehouse), batches=reloaded, log_level="WARNING")
        if not outcome.success:
            raise CliError(
                "reloading the duplicates' batches or refreshing the marts failed; see the log above"
            )
    line = (
        f"{'would remove' if args.dry_run else 'removed'} {summary.inputs} inputs no longer in {landing}:"
        f" {summary.articles} articles, {summary.mentions} mentions"
    )
    if stranded.height:
        line += (
            f"; {'would load' if args.dry_run else 'loaded'} {stranded.height} skipped duplicates still"
            f" present in their place (batches {', '.join(reloaded)} loaded again)"
        )
    print(line)
    return 0


def _pivot_trend(trend: pl.DataFrame) -> pl.DataFrame:
    if trend.is_empty():
        return trend
    order = trend.group_by("actor_name").agg(pl.col("mentions").sum()).sort("mentions", descending=True)
    wide = trend.pivot(on="actor_name", index="week_start", values="mentions").sort("week_start")
    return wide.select("week_start", *order["actor_name"].to_list()).fill_null(0)


def _parse_file(path: Path) -> tuple[str | None, object]:
    """(article_id, ParsedArticle or ParseFailure) for one file given on the command line."""
    import hashlib

    from etl.ingest import UnreadableInput, read_input_bytes
    from etl.parse import ParseFailure, parse_html
    from etl.parse.article_frame import article_id_for

    try:
        raw = read_input_bytes(path)
    except UnreadableInput as problem:
        return None, ParseFailure(str(problem), stage="ingest")
    except OSError as problem:
        return None, ParseFailure(f"unreadable file: {problem.strerror or problem}", stage="ingest")
    return article_id_for(hashlib.sha256(raw).hexdigest()), parse_html(raw)


def command_parse(args: argparse.Namespace) -> int:
    from etl.parse import ParseFailure
    from etl.parse.records import article_fields

    for name in args.files:
        article_id, outcome = _parse_file(Path(name))
        record: dict[str, object] = {"source_path": name, "article_id": article_id}
        if isinstance(outcome, ParseFailure):
            record.update(status="quarantined", stage=outcome.stage, reason=outcome.reason)
        else:
            record.update(article_fields(outcome), status="ok", reason=None)
        _print_json_line(record)
    return 0


def command_mentions(args: argparse.Namespace) -> int:
    from etl.actors import MATCHER_INPUT_SCHEMA, find_mentions
    from etl.actors.user_dictionary import actor_names, dictionary_in_use
    from etl.parse import ParseFailure

    dictionary = dictionary_in_use()
    names = actor_names(dictionary)
    for name in args.files:
        article_id, outcome = _parse_file(Path(name))
        if isinstance(outcome, ParseFailure):
            print(f"newsetl: {name}: quarantined ({outcome.reason})", file=sys.stderr)
            continue
        article = pl.DataFrame(
            {
                "article_id": [article_id],
                "title": [outcome.title],
                "body": [outcome.body],
                "published_at": [outcome.published_at],
                "language": [outcome.language],
            },
            schema=MATCHER_INPUT_SCHEMA,
        )
        for mention in find_mentions(article, dictionary).iter_rows(named=True):
            _print_json_line({"source_path": name, **mention, "actor_name": names.get(mention["actor_id"])})
    return 0


def command_query(args: argparse.Namespace) -> int:
    from etl.actor_directory import resolve_actor_param
    from etl.warehouse.database import read_connection
    from etl.warehouse.preflight import check_readable
    from etl.warehouse.queries import get_query, named_queries, run_named_query

    if args.list or not args.name:
        for query in named_queries().values():
            params = ", ".join(f"{p.name} ({p.sql_type})" for p in query.params) or "no parameters"
            print(f"{query.name}: {query.description} [{params}]")
        return 0
    query = get_query(args.name)
    params = _parse_params(args.param)
    check_readable(Path(args.warehouse))
    with read_connection(Path(args.warehouse)) as connection:
        frame = run_named_query(connection, args.name, resolve_actor_param(connection, query, params))
        note = counted_with_another_dictionary(connection)
    print_frame(frame, args.format)
    if note:
        print(f"newsetl: {note}", file=sys.stderr)
    return 0


def command_chart(args: argparse.Namespace) -> int:
    from etl.actor_directory import resolve_actor_param
    from etl.warehouse.charts import weekly_trend_chart
    from etl.warehouse.database import read_connection
    from etl.warehouse.preflight import check_readable
    from etl.warehouse.queries import get_query, run_named_query

    # Weekly rows of week_start, actor_id, actor_name and mentions; the defaults fetch every week
    # and enough actors, since the chart itself keeps the top ones.
    chartable = {
        "weekly_trend_top_actors": {"top": str(args.top)},
        "mentions_per_actor_per_week": {"limit": "10000000"},
    }
    if args.name not in chartable:
        raise CliError(f"query {args.name!r} cannot be charted; chartable: {', '.join(chartable)}")
    if args.top < 1:
        raise CliError(f"--top must be at least 1, got {args.top}")
    if args.dedup and args.name != "mentions_per_actor_per_week":
        raise CliError(f"--dedup needs mentions_per_actor_per_week; {args.name} counts raw mentions only")
    params = {**chartable[args.name], **_parse_params(args.param)}
    check_readable(Path(args.warehouse))
    with read_connection(Path(args.warehouse)) as connection:
        params = resolve_actor_param(connection, get_query(args.name), params)
        trend = run_named_query(connection, args.name, params)
    if args.dedup:
        trend = trend.with_columns(mentions=trend["mentions_dedup"])
    print(weekly_trend_chart(trend, Path(args.out), top=args.top, deduplicated=args.dedup))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from etl.analyst_cli import add_actor_lookup_commands, add_sql_command

    parser = argparse.ArgumentParser(prog="newsetl", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="materialize every asset, then print counts and the trend")
    run.add_argument("--landing", default=str(default_landing_dir()), help="landing folder (batches)")
    run.add_argument("--warehouse", default=str(default_warehouse_path()), help="DuckDB file")
    run.add_argument("--batch", action="append", metavar="BATCH", help="only this batch (repeatable)")
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    run.set_defaults(handler=command_run)

    parse = commands.add_parser("parse", help="print one JSON object per parsed input file")
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.set_defaults(handler=command_parse)

    forget = commands.add_parser(
        "forget", help="remove from the warehouse the loaded inputs whose landing files are gone"
    )
    forget.add_argument("--landing", default=str(default_landing_dir()), help="landing folder (batches)")
    forget.add_argument("--warehouse", default=str(default_warehouse_path()), help="DuckDB file")
    forget.add_argument("--dry-run", action="store_true", help="only count what would be removed")
    forget.set_defaults(handler=command_forget)

    mentions = commands.add_parser("mentions", help="print one JSON object per actor mention")
    mentions.add_argument("files", nargs="+", metavar="FILE")
    mentions.set_defaults(handler=command_mentions)

    query = commands.add_parser("query", help="run a named query from sql/queries")
    query.add_argument("name", nargs="?", help="query name (see --list)")
    query.add_argument("--list", action="store_true", help="list the named queries")
    query.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    query.add_argument("--format", default="table", choices=["table", "csv", "json"])
    query.add_argument("--warehouse", default=str(default_warehouse_path()), help="DuckDB file")
    query.set_defaults(handler=command_query)

    chart = commands.add_parser("chart", help="draw a weekly line chart of the top actors to a PNG")
    chart.add_argument("name", help="weekly_trend_top_actors or mentions_per_actor_per_week")
    chart.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    chart.add_argument("--top", type=int, default=8, help="how many actors get a line")
    chart.add_argument(
        "--dedup",
        action="store_true",
        help="count each syndicated story once (mentions_dedup), not each copy",
    )
    chart.add_argument("--out", required=True, metavar="FILE.png", help="where to write the PNG")
    chart.add_argument("--warehouse", default=str(default_warehouse_path()), help="DuckDB file")
    chart.set_defaults(handler=command_chart)

    add_sql_command(commands, str(default_warehouse_path()))

    actors = commands.add_parser("actors", help="the actor dictionary: list, show, ...")
    actor_commands = actors.add_subparsers(dest="actor_command", required=True)
    add_actor_lookup_commands(actor_commands, str(default_warehouse_path()))
    add_dictionary_commands(actor_commands)
    add_candidate_commands(actor_commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from etl.actors.dictionary import DictionaryError
    from etl.actors.user_dictionary import DictionaryFolderError, refusal
    from etl.ingest.batch_names import RefusedBatch
    from etl.warehouse.database import WarehouseLocked, WarehouseMissing
    from etl.warehouse.migrations import MigrationMismatch
    from etl.warehouse.preflight import WarehouseUnusable
    from etl.warehouse.queries import QueryError

    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (
        CliError,
        CandidateCommandError,
        QueryError,
        WarehouseMissing,
        WarehouseLocked,
        WarehouseUnusable,
        MigrationMismatch,
        RefusedBatch,
        DictionaryFolderError,
    ) as problem:
        print(f"newsetl: {problem}", file=sys.stderr)
        return USAGE_ERROR
    except DictionaryError as invalid:
        print(f"newsetl: {refusal(invalid)}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
