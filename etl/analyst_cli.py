"""The analyst's subcommands of `newsetl`: `actors list`, `actors show` and `sql`.

Their work lives in etl/actor_directory.py and etl/sql_shell.py, imported when a command runs,
so building the parser (and `newsetl --help`) loads neither DuckDB nor the dictionary.
"""

import argparse
import sys
from pathlib import Path

FORMATS = ["table", "csv", "json"]


def command_actors_list(args: argparse.Namespace) -> int:
    from etl.actor_directory import actor_list
    from etl.cli import print_frame
    from etl.warehouse.database import read_connection

    with read_connection(Path(args.warehouse)) as connection:
        actors = actor_list(connection, args.type, args.search)
    print_frame(actors, args.format)
    return 0


def command_actors_show(args: argparse.Namespace) -> int:
    from etl.actor_directory import actor_profile
    from etl.terminal_tables import render_table
    from etl.warehouse.database import read_connection

    with read_connection(Path(args.warehouse)) as connection:
        sections = actor_profile(connection, args.actor)
    for title, frame in sections:
        print(title)
        print(render_table(frame) if frame.height else "(none)\n")
    return 0


def command_sql(args: argparse.Namespace) -> int:
    from etl.sql_shell import interactive_shell, run_shell

    warehouse = Path(args.warehouse)
    if args.command_text is not None:
        lines = args.command_text.splitlines(keepends=True)
        return run_shell(warehouse, lines, args.format, stop_on_error=True)
    if not sys.stdin.isatty():
        return run_shell(warehouse, sys.stdin, args.format, stop_on_error=True)
    return interactive_shell(warehouse, args.format)


def add_actor_lookup_commands(actor_commands: argparse._SubParsersAction, warehouse_default: str) -> None:
    """`newsetl actors list` and `newsetl actors show`."""
    listing = actor_commands.add_parser("list", help="the warehouse's actors with their mentions")
    listing.add_argument("--type", help="only actors of this type (person, state, organisation, ...)")
    listing.add_argument("--search", metavar="TEXT", help="only actors one of whose names contains TEXT")
    listing.add_argument("--format", default="table", choices=FORMATS)
    listing.add_argument("--warehouse", default=warehouse_default, help="DuckDB file")
    listing.set_defaults(handler=command_actors_list)

    show = actor_commands.add_parser(
        "show", help="one actor by id, name or alias: aliases, roles, first and last mention, weekly total"
    )
    show.add_argument("actor", help="an actor id, display name or alias, in Arabic or English")
    show.add_argument("--warehouse", default=warehouse_default, help="DuckDB file")
    show.set_defaults(handler=command_actors_show)


def add_sql_command(commands: argparse._SubParsersAction, warehouse_default: str) -> None:
    """`newsetl sql`."""
    sql = commands.add_parser("sql", help="a read-only SQL shell on the warehouse (or run one statement)")
    sql.add_argument(
        "-c", "--command", dest="command_text", metavar="SQL", help="run these statements and exit"
    )
    sql.add_argument("--format", default="table", choices=FORMATS)
    sql.add_argument("--warehouse", default=warehouse_default, help="DuckDB file")
    sql.set_defaults(handler=command_sql)
