"""The warehouse table registry: every table of the warehouse, named once in `sql/tables.yaml`
with its role, key columns, the SQL file that fills it, the checks reported on it and the
pipeline outputs its rows come from (as a dbt schema file sits next to its models). The load,
the Dagster table assets with their checks and metadata, and the tests read it from here."""

from dataclasses import dataclass
from enum import StrEnum

import yaml

from etl.settings import SQL_DIR


class TableRole(StrEnum):
    DIMENSION = "dimension"
    """Shared by every batch: a load upserts the rows its batches bring."""
    BATCH = "batch"
    """Every row belongs to one batch (`batch_id`): a load replaces its inputs' rows."""
    MART = "mart"
    """Rebuilt whole from the facts after the loads."""
    DISCOVERY = "discovery"
    """Rebuilt whole by `actor_candidates` from the stored bodies and mentions."""


REGISTRY_PATH = SQL_DIR / "tables.yaml"


@dataclass(frozen=True, slots=True)
class WarehouseTable:
    """One entry of `sql/tables.yaml` (its header says what each field means)."""

    name: str
    key_columns: tuple[str, ...]
    role: TableRole
    built_from: tuple[str, ...]
    # Under `sql/`, as `read_sql` takes it.
    load_sql: str
    # (check name, what it verifies) per asset check reported on this table.
    checks: tuple[tuple[str, str], ...]
    description: str
    preview_columns: tuple[str, ...]


def _read_registry() -> tuple[WarehouseTable, ...]:
    """The tables of `sql/tables.yaml`, in its (load) order."""
    entries: dict[str, dict] = yaml.safe_load(REGISTRY_PATH.read_text(encoding="utf-8"))
    return tuple(
        WarehouseTable(
            name=name,
            role=TableRole(entry["role"]),
            key_columns=tuple(entry["key"]),
            load_sql=entry["load"],
            description=entry["description"],
            built_from=tuple(entry["built_from"]),
            checks=tuple(entry.get("checks", {}).items()),
            preview_columns=tuple(entry.get("preview", ())),
        )
        for name, entry in entries.items()
    )


WAREHOUSE_TABLES = _read_registry()
_BY_NAME = {table.name: table for table in WAREHOUSE_TABLES}


def warehouse_table(name: str) -> WarehouseTable:
    return _BY_NAME[name]


def tables_of_role(*roles: TableRole) -> tuple[WarehouseTable, ...]:
    """The registry's tables of these roles, in load order."""
    return tuple(table for table in WAREHOUSE_TABLES if table.role in roles)


# The tables a batch load writes, in one transaction: one Dagster table asset each.
LOADED_TABLES = tables_of_role(TableRole.DIMENSION, TableRole.BATCH)
