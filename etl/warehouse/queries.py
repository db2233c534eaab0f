"""Named queries: `sql/queries/NAME.sql`, described by their header comments.

Header lines: `-- name: NAME`, `-- description: ...`, and one `-- param: NAME TYPE = DEFAULT --
doc` per parameter. Values always travel as bound parameters, converted to the declared type;
SQL text is never assembled from user input.
"""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import duckdb
import polars as pl

from etl.warehouse.sql_files import read_sql, sql_paths

_PARAM_LINE = re.compile(r"^--\s*param:\s*(\w+)\s+(\w+)\s*=\s*(\S+)\s*(?:--\s*(.*))?$")
_FIELD_LINE = re.compile(r"^--\s*(name|description):\s*(.*)$")

_CONVERTERS = {
    "VARCHAR": str,
    "DATE": date.fromisoformat,
    "INTEGER": int,
    "DOUBLE": float,
}


# What DuckDB raises for a bound value it cannot use, as opposed to a fault of the warehouse.
_REFUSED_VALUES = (
    duckdb.BinderException,
    duckdb.ConversionException,
    duckdb.InvalidInputException,
    duckdb.OutOfRangeException,
)


class QueryError(ValueError):
    """An unknown query, an unknown parameter or a value of the wrong type; the message says which."""


@dataclass(frozen=True, slots=True)
class QueryParam:
    name: str
    sql_type: str
    default: object
    doc: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[QueryParam, ...]
    sql: str


def _convert(param_name: str, sql_type: str, raw: str) -> object:
    if raw.upper() == "NULL":
        return None
    converter = _CONVERTERS.get(sql_type.upper())
    if converter is None:
        raise QueryError(f"parameter {param_name}: unsupported type {sql_type}")
    try:
        return converter(raw)
    except ValueError as error:
        raise QueryError(f"parameter {param_name}: {raw!r} is not a valid {sql_type}") from error


def _parse_header(file_stem: str, sql: str) -> NamedQuery:
    fields = {"name": file_stem, "description": ""}
    params = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        if match := _PARAM_LINE.match(line):
            name, sql_type, default, doc = match.groups()
            params.append(QueryParam(name, sql_type.upper(), _convert(name, sql_type, default), doc or ""))
        elif match := _FIELD_LINE.match(line):
            fields[match.group(1)] = match.group(2).strip()
    return NamedQuery(fields["name"], fields["description"], tuple(params), sql)


@cache
def named_queries() -> dict[str, NamedQuery]:
    queries = {}
    for path in sql_paths("queries"):
        query = _parse_header(path.stem, read_sql(f"queries/{path.name}"))
        queries[query.name] = query
    return queries


def get_query(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(sorted(queries))}")
    return queries[name]


def bind_params(query: NamedQuery, given: dict[str, object]) -> dict[str, object]:
    """Declared defaults overlaid with `given`; string values converted to the declared type."""
    declared = {param.name: param for param in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"query {query.name} has no parameter {', '.join(unknown)} (parameters: {known})")
    bound = {name: param.default for name, param in declared.items()}
    for name, value in given.items():
        param = declared[name]
        bound[name] = _convert(name, param.sql_type, value) if isinstance(value, str) else value
    return bound


def run_named_query(
    connection: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None
) -> pl.DataFrame:
    query = get_query(name)
    bound = bind_params(query, params or {})
    try:
        return connection.sql(query.sql, params=bound).pl()
    except duckdb.CatalogException as error:
        raise QueryError(f"query {name}: the warehouse lacks a table it needs ({error})") from error
    except _REFUSED_VALUES as error:
        # A value of the right type can still be out of range for its use (a negative LIMIT).
        raise QueryError(
            f"query {name}: DuckDB refused the parameters {_given(params)}: {_first_line(error)}"
        ) from error


def _given(params: dict[str, object] | None) -> str:
    return ", ".join(f"{key}={value}" for key, value in (params or {}).items()) or "(defaults)"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
