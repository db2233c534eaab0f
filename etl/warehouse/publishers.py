"""One key per publisher: `original_publisher` as credited ("Reuters", "رويترز", "(أ.ف.ب)")
folded and looked up in the alias table `data/publishers.yaml`, so counts by publisher do not
split one agency by script or spelling. The warehouse keeps both the credited name and the key."""

import re
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import yaml

from etl.arabic_text import fold_arabic
from etl.warehouse.sql_files import read_sql

PUBLISHERS_PATH = Path(__file__).parent / "data" / "publishers.yaml"
PUBLISHER_KEYS_SCHEMA = {"original_publisher": pl.Utf8, "publisher_key": pl.Utf8}
_PUNCTUATION = re.compile(r"[^\w\s]")


class PublisherTableError(ValueError):
    """The alias table is malformed or gives one alias two keys."""


def publisher_form(name: str) -> str:
    """The form names are compared in: Arabic folds, case folded, punctuation and spaces to one space."""
    return " ".join(_PUNCTUATION.sub(" ", fold_arabic(name).casefold()).split())


@cache
def publisher_aliases(path: Path = PUBLISHERS_PATH) -> dict[str, str]:
    """Each alias's folded form mapped to its publisher's key (the key itself is an alias too)."""
    keys: dict[str, str] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        key = entry["key"]
        for alias in [key, *entry["aliases"]]:
            form = publisher_form(alias)
            if keys.setdefault(form, key) != key:
                raise PublisherTableError(
                    f"{path.name}: {alias!r} is an alias of both {keys[form]} and {key}"
                )
    return keys


def publisher_key(name: str | None) -> str | None:
    """The key of the alias table's entry that `name` is an alias of, else None."""
    if name is None:
        return None
    return publisher_aliases().get(publisher_form(name))


def publisher_keys(names: pl.Series) -> pl.DataFrame:
    """One row per distinct credited name with its key (PUBLISHER_KEYS_SCHEMA): the alias table's
    key, else the first (in sort order) of the names credited that fold to the same form, so
    "Baladi News" and "BALADI NEWS" share a key that still reads as a name."""
    distinct = names.drop_nulls().unique().sort().to_list()
    first_spelling: dict[str, str] = {}
    for name in distinct:
        first_spelling.setdefault(publisher_form(name), name)
    keys = [publisher_key(name) or first_spelling[publisher_form(name)] for name in distinct]
    rows = pl.DataFrame({"original_publisher": distinct, "publisher_key": keys}, schema=PUBLISHER_KEYS_SCHEMA)
    return rows.filter(pl.col("original_publisher").str.strip_chars() != "")


def key_publishers(connection: duckdb.DuckDBPyConnection) -> None:
    """Set publisher_key on every fact_article row whose key is missing or out of date: the rows
    just loaded, every row after an edit of the alias table, and the rows of a name whose first
    spelling a new article changed."""
    credited = connection.sql(read_sql("meta/credited_publishers")).pl()["original_publisher"]
    connection.register("staged_publisher_keys", publisher_keys(credited))
    connection.execute(read_sql("load/publisher_keys"))
    connection.unregister("staged_publisher_keys")
