"""`newsetl actors init DIR` and `newsetl actors check [DIR]`: start a dictionary of one's own
from the bundled one, and validate one. `etl/cli.py` adds them to its `actors` group; the work
is in `etl.actors.user_dictionary`."""

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

    from etl.runs import PipelineOutcome

USAGE_ERROR = 2


def add_dictionary_commands(actor_commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    init = actor_commands.add_parser(
        "init", help="write a copy of the bundled dictionary into DIR, to edit and use as NEWSETL_DICTIONARY"
    )
    init.add_argument("folder", metavar="DIR", help="a new or empty folder")
    init.set_defaults(handler=command_init)

    check = actor_commands.add_parser("check", help="validate a dictionary folder and print its counts")
    check.add_argument(
        "folder", nargs="?", metavar="DIR", help="the folder to check (default: the dictionary in use)"
    )
    check.set_defaults(handler=command_check)


def command_init(args: argparse.Namespace) -> int:
    from etl.actors.user_dictionary import start_dictionary
    from etl.settings import DICTIONARY_ENV

    folder = Path(args.folder)
    written = start_dictionary(folder)
    print(f"wrote {', '.join(path.name for path in written)} to {folder}")
    print(f"use it with: export {DICTIONARY_ENV}={folder.resolve()}")
    return 0


def command_check(args: argparse.Namespace) -> int:
    from etl.actors.dictionary import DictionaryError
    from etl.actors.user_dictionary import check_dictionary
    from etl.settings import dictionary_dir

    folder = Path(args.folder) if args.folder else dictionary_dir()
    try:
        summary = check_dictionary(folder)
    except DictionaryError as invalid:
        print(f"{folder}: invalid, {len(invalid.problems)} problem(s):", file=sys.stderr)
        for problem in invalid.problems:
            print(f"  {problem}", file=sys.stderr)
        return USAGE_ERROR
    for line in summary.lines():
        print(line)
    return 0


def recount_lines(outcome: "PipelineOutcome", warehouse: Path) -> list[str]:
    """What `newsetl run` says about the history after a dictionary change: the stored articles
    it counted again, each actor whose count changed with the weeks, and the stored articles
    left with an older dictionary's counts."""
    from etl.actors.user_dictionary import actor_names, dictionary_in_use
    from etl.settings import dictionary_dir
    from etl.warehouse.database import read_connection
    from etl.warehouse.recount import change_lines, merge_changes, stale_batches

    changes = merge_changes(outcome.materialized_metadata("fact_mention", "recount_changes"))
    dictionary = dictionary_in_use()
    lines = []
    if outcome.recounted_batches or changes["actors"]:
        changed = f"{len(changes['actors'])} actors changed" if changes["actors"] else "no actor changed"
        lines.append(
            f"recount: {changes['articles']} stored articles counted with dictionary {dictionary.version}"
            f" ({dictionary_dir()}), {len(outcome.recounted_batches)} batches of them from the lake;"
            f" {changed}"
        )
        lines.extend(change_lines(changes, actor_names(dictionary)))
    with read_connection(warehouse) as connection:
        left = stale_batches(connection, dictionary.version)
    if left:
        lines.append(
            f"recount: {sum(left.values())} stored articles in {len(left)} batches keep an older"
            " dictionary's counts: the lake no longer holds them (their landing files were removed"
            " before a reload)"
        )
    return lines


def counted_with_another_dictionary(connection: "duckdb.DuckDBPyConnection") -> str | None:
    """A note for query results read from articles counted with another dictionary than the one
    in use (until `newsetl run` recounts them); None when every stored article is current."""
    import duckdb

    from etl.actors import dictionary_dir_version
    from etl.settings import dictionary_dir
    from etl.warehouse.recount import stale_batches

    version = dictionary_dir_version(dictionary_dir())
    if version is None:
        return None
    try:
        stale = stale_batches(connection, version)
    except duckdb.Error:
        # A warehouse from before migration 007 has no version to compare.
        return None
    if not stale:
        return None
    return (
        f"note: {sum(stale.values())} stored articles were counted with another dictionary than the"
        f" one in use ({dictionary_dir()}); `newsetl run` recounts them"
    )
