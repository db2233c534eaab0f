"""SQL lives in `sql/` as files; this is the one place that reads them."""

from functools import cache
from pathlib import Path

from etl.settings import SQL_DIR


@cache
def read_sql(relative_path: str) -> str:
    """The text of `sql/<relative_path>` (".sql" may be omitted)."""
    path = SQL_DIR / relative_path
    if path.suffix != ".sql":
        path = path.with_suffix(".sql")
    return path.read_text(encoding="utf-8")


def sql_paths(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))
