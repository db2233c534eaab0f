"""An actor asked for by any of its names: its id, its English or Arabic display name, or an alias.

Names are compared after the matcher's own folding (etl/actors/normalise.py: case, Latin
diacritics, Arabic marks, hamza and letter variants, hyphens), so "BASHAR AL ASSAD", "بشار
الاسد" and "بشار الأسد" are one name. The names come from the warehouse's dim_actor (every actor
its mentions may reference) and the aliases of the dictionary in use.
"""

from dataclasses import dataclass
from difflib import get_close_matches

import polars as pl

from etl.actors.normalise import fold

# Which kind of name wins when one text names several actors in different ways: "Assad" as
# an alias of several actors still resolves if it is exactly one actor's id or display name.
NAME_KINDS = ("actor_id", "display_name", "alias")
ACTOR_NAMES_SCHEMA = {"actor_id": pl.Utf8, "name": pl.Utf8, "name_kind": pl.Utf8, "name_key": pl.Utf8}
SUGGESTIONS = 3


class UnknownActor(ValueError):
    """No actor, or more than one, goes by the name asked for; the message names the candidates."""


@dataclass(frozen=True, slots=True)
class ActorMatch:
    actor_id: str
    name: str
    name_kind: str


def name_key(text: str) -> str:
    """The form two names are compared in: folded, spaces collapsed."""
    return " ".join(fold(text).split())


def actor_names(dim_actor: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """Every name each actor goes by, one row each (ACTOR_NAMES_SCHEMA). `dim_actor` needs
    actor_id, name_en and name_ar; `aliases` actor_id and alias (the dictionary's actor_aliases)."""
    display = dim_actor.unpivot(index="actor_id", on=["name_en", "name_ar"], value_name="name")
    rows = pl.concat(
        [
            dim_actor.select(
                "actor_id", pl.col("actor_id").alias("name"), pl.lit("actor_id").alias("name_kind")
            ),
            display.select("actor_id", "name", pl.lit("display_name").alias("name_kind")),
            aliases.filter(pl.col("actor_id").is_in(dim_actor["actor_id"].implode())).select(
                "actor_id", pl.col("alias").alias("name"), pl.lit("alias").alias("name_kind")
            ),
        ]
    ).filter(pl.col("name").is_not_null() & (pl.col("name").str.strip_chars() != ""))
    keyed = rows.with_columns(pl.col("name").map_elements(name_key, return_dtype=pl.Utf8).alias("name_key"))
    return keyed.unique(["actor_id", "name_key", "name_kind"], maintain_order=True).cast(ACTOR_NAMES_SCHEMA)


def resolve_actor(names: pl.DataFrame, text: str) -> ActorMatch:
    """The one actor `text` names; UnknownActor with the closest names when none or several do."""
    key = name_key(text)
    matches = names.filter(pl.col("name_key") == key)
    for kind in NAME_KINDS:
        of_kind = matches.filter(pl.col("name_kind") == kind)
        actor_ids = of_kind["actor_id"].unique().sort().to_list()
        if len(actor_ids) == 1:
            row = of_kind.row(0, named=True)
            return ActorMatch(row["actor_id"], row["name"], row["name_kind"])
        if len(actor_ids) > 1:
            raise UnknownActor(
                f"{text!r} names {len(actor_ids)} actors: {_described(names, actor_ids)}; ask by actor id"
            )
    raise UnknownActor(f"unknown actor {text!r}{_suggestion(names, key)}")


def search_actors(names: pl.DataFrame, text: str) -> list[str]:
    """The ids of actors one of whose names contains `text` (folded), sorted."""
    key = name_key(text)
    return (
        names.filter(pl.col("name_key").str.contains(key, literal=True))["actor_id"].unique().sort().to_list()
    )


def display_name(names: pl.DataFrame, actor_id: str) -> str:
    """The actor's English display name, else its Arabic one, else its id."""
    for_actor = names.filter((pl.col("actor_id") == actor_id) & (pl.col("name_kind") == "display_name"))
    return for_actor["name"][0] if for_actor.height else actor_id


def _suggestion(names: pl.DataFrame, key: str) -> str:
    keys = names["name_key"].unique().to_list()
    close = get_close_matches(key, keys, n=SUGGESTIONS * 3, cutoff=0.6)
    actor_ids: list[str] = []
    for close_key in close:
        for actor_id in names.filter(pl.col("name_key") == close_key)["actor_id"].to_list():
            if actor_id not in actor_ids:
                actor_ids.append(actor_id)
    if not actor_ids:
        return "; `newsetl actors list --search TEXT` finds actors by part of a name"
    return f"; closest: {_described(names, actor_ids[:SUGGESTIONS])}"


def _described(names: pl.DataFrame, actor_ids: list[str]) -> str:
    return ", ".join(f"{display_name(names, actor_id)} ({actor_id})" for actor_id in actor_ids)
