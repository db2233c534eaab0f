"""Frames as terminal tables that line up: rich measures each cell's display width (Arabic marks
take no column, wide characters two), where counting characters with `len()` misaligns rows.

Cells wrap between words, never inside one. A snippet longer than a cell holds is cut around
the mention it was taken for (the row's `surface`), so the actor's name stays in view.
"""

import io
import shutil
from datetime import date, datetime

import polars as pl
from rich import box
from rich.console import Console
from rich.table import Table

# Without a terminal (a pipe, a file, a test) the table gets this many columns.
UNATTACHED_WIDTH = 200
# Longer texts are cut to this many characters before the table wraps them.
CELL_CHARS = 160
SNIPPET_CHARS = 120
ELLIPSIS = "…"
NULL_TEXT = "null"


def snippet_window(snippet: str, mention: str | None, max_chars: int = SNIPPET_CHARS) -> str:
    """`snippet` cut to about `max_chars` characters centred on the first `mention` in it (on the
    middle when the mention is not found), at word boundaries, each cut marked with an ellipsis."""
    if len(snippet) <= max_chars:
        return snippet
    found = snippet.casefold().find(mention.casefold()) if mention else -1
    centre = found + len(mention) // 2 if found >= 0 and mention else len(snippet) // 2
    start = max(0, min(centre - max_chars // 2, len(snippet) - max_chars))
    end = start + max_chars
    if start > 0:
        space = snippet.find(" ", start)
        start = space + 1 if 0 <= space < (found if found >= 0 else centre) else start
    if end < len(snippet):
        space = snippet.rfind(" ", start, end)
        end = space if space > max(found + len(mention or ""), start) else end
    return (
        f"{ELLIPSIS if start > 0 else ''}{snippet[start:end].strip()}{ELLIPSIS if end < len(snippet) else ''}"
    )


def _cell_text(value: object) -> str:
    if value is None:
        return NULL_TEXT
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, list):
        return ", ".join(_cell_text(item) for item in value)
    text = str(value)
    if len(text) <= CELL_CHARS:
        return text
    space = text.rfind(" ", 0, CELL_CHARS)
    return text[: space if space > 0 else CELL_CHARS] + ELLIPSIS


def _row_cells(row: dict[str, object]) -> list[str]:
    cells = []
    for name, value in row.items():
        if name == "snippet" and isinstance(value, str):
            mention = row.get("surface")
            cells.append(snippet_window(value, mention if isinstance(mention, str) else None))
        else:
            cells.append(_cell_text(value))
    return cells


def terminal_width() -> int:
    return shutil.get_terminal_size((UNATTACHED_WIDTH, 24)).columns


def render_table(frame: pl.DataFrame, width: int | None = None) -> str:
    """The frame as a text table at most `width` columns wide (the terminal's by default)."""
    table = Table(box=box.MARKDOWN, show_edge=True, pad_edge=True)
    for name, dtype in frame.schema.items():
        table.add_column(name, justify="right" if dtype.is_numeric() else "left", overflow="fold")
    for row in frame.iter_rows(named=True):
        table.add_row(*_row_cells(row))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or terminal_width(), color_system=None, highlight=False)
    console.print(table, crop=False)
    # The Markdown box draws no top or bottom edge, only blank lines where they would be.
    return "\n".join(line for line in buffer.getvalue().splitlines() if line.strip()) + "\n"
