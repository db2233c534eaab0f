"""`newsetl actors init DIR` and `newsetl actors check [DIR]`: start a dictionary of one's own
from the bundled one, and validate one. `etl/cli.py` adds them to its `actors` group; the work
is in `etl.actors.user_dictionary`."""

import argparse
import sys
from pathlib import Path

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
