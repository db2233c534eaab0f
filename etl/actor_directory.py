"""The actors as an analyst asks for them: by any name, listed, or shown one at a time.

Names come from the warehouse's dim_actor (every actor a mention may reference, with its display
names) and the aliases of the dictionary in use; `newsetl query`, `newsetl chart` and `newsetl
actors` resolve an `actor` parameter through them to the actor id the SQL filters on.
"""

import duckdb
import polars as pl

from etl.actors.lookup import (
    ActorMatch,
    UnknownActor,
    actor_names,
    display_name,
    resolve_actor,
    search_actors,
)
from etl.actors.user_dictionary import dictionary_in_use
from etl.warehouse.queries import NamedQuery, QueryError, run_named_query
from etl.warehouse.sql_files import read_sql

ACTOR_PARAM = "actor"


def warehouse_actor_names(connection: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every name of every actor in the warehouse's dim_actor, aliases from the dictionary."""
    dim_actor = connection.sql(read_sql("meta/actor_directory")).pl()
    return actor_names(dim_actor, dictionary_in_use().actor_aliases)


def resolve_actor_param(
    connection: duckdb.DuckDBPyConnection, query: NamedQuery, params: dict[str, object]
) -> dict[str, object]:
    """`params` with its actor, if the query takes one and it is given, replaced by the actor's id;
    QueryError (with the closest names) when no actor, or several, go by it."""
    given = params.get(ACTOR_PARAM)
    takes_actor = any(param.name == ACTOR_PARAM for param in query.params)
    if not takes_actor or not isinstance(given, str) or given.upper() == "NULL":
        return params
    return {**params, ACTOR_PARAM: _resolved(warehouse_actor_names(connection), given).actor_id}


def _resolved(names: pl.DataFrame, text: str) -> ActorMatch:
    """The actor `text` names; a QueryError (a bad parameter, one line for the user) otherwise."""
    try:
        return resolve_actor(names, text)
    except UnknownActor as problem:
        raise QueryError(str(problem)) from problem


def actor_list(
    connection: duckdb.DuckDBPyConnection, actor_type: str | None, search: str | None
) -> pl.DataFrame:
    """The warehouse's actors, most mentioned first, of one type and matching a name part if asked."""
    actors = connection.sql(read_sql("meta/actor_list")).pl()
    if actor_type:
        actors = actors.filter(pl.col("actor_type") == actor_type)
    if search:
        actors = actors.filter(
            pl.col("actor_id").is_in(search_actors(warehouse_actor_names(connection), search))
        )
    return actors


def actor_profile(connection: duckdb.DuckDBPyConnection, actor: str) -> list[tuple[str, pl.DataFrame]]:
    """One actor, asked for by any name: its titled sections (identity, aliases, roles, mentions,
    weekly series), each a frame."""
    names = warehouse_actor_names(connection)
    actor_id = _resolved(names, actor).actor_id
    dictionary = dictionary_in_use()
    identity = connection.sql(read_sql("meta/actor_list")).pl().filter(pl.col("actor_id") == actor_id)
    aliases = (
        dictionary.actor_aliases.filter(pl.col("actor_id") == actor_id)
        .select("language", "strength", "alias")
        .sort("language", "strength", "alias")
    )
    roles = (
        dictionary.roles.filter(pl.col("actor_id") == actor_id)
        .group_by("role_id", "valid_from", "valid_to", "language")
        .agg(pl.col("phrase").sort().str.join(" / ").alias("phrases"))
        .sort("valid_from", "role_id", "language", nulls_last=True)
    )
    first_seen = run_named_query(connection, "actor_first_seen", {ACTOR_PARAM: actor_id}).select(
        "first_seen", "first_domain", "first_title", "last_seen", "mentions", "articles"
    )
    weekly = run_named_query(
        connection, "mentions_per_actor_per_week", {ACTOR_PARAM: actor_id, "limit": 100_000}
    )
    return [
        (f"{display_name(names, actor_id)} ({actor_id})", identity),
        ("aliases", aliases),
        ("roles (held between valid_from and valid_to)", roles),
        ("first and last mention", first_seen),
        (
            "mentions per week (every week from the first to the last article, 0 where not named)",
            weekly.select("week_start", "mentions", "articles", "mentions_dedup", "articles_dedup"),
        ),
    ]
