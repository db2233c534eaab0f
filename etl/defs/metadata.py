"""Metadata shown in the Dagster UI next to each materialization: counts and a small preview."""

import dagster as dg
import polars as pl

PREVIEW_ROWS = 5
_PREVIEW_TEXT_CHARS = 60


def frame_preview(
    frame: pl.DataFrame, columns: list[str] | None = None, rows: int = PREVIEW_ROWS
) -> dg.MetadataValue:
    """The first rows as a Markdown table, long text cut short so the table stays readable."""
    shown = frame.select(columns) if columns else frame
    shown = shown.head(rows).with_columns(
        pl.col(pl.Utf8).str.slice(0, _PREVIEW_TEXT_CHARS),
    )
    header = "| " + " | ".join(shown.columns) + " |"
    rule = "| " + " | ".join("---" for _ in shown.columns) + " |"
    lines = [header, rule]
    for row in shown.iter_rows():
        cells = ["" if value is None else str(value).replace("|", "\\|").replace("\n", " ") for value in row]
        lines.append("| " + " | ".join(cells) + " |")
    return dg.MetadataValue.md("\n".join(lines))


def frame_metadata(frame: pl.DataFrame, columns: list[str] | None = None) -> dict[str, object]:
    return {"dagster/row_count": frame.height, "preview": frame_preview(frame, columns)}
