"""Inputs of the name-span stage for the candidate tests: article texts and no claimed spans."""

from __future__ import annotations

import polars as pl

NO_CLAIMS = pl.DataFrame(schema={"article_id": pl.Utf8, "field": pl.Utf8, "start": pl.Int32, "end": pl.Int32})


def texts(*bodies: tuple[str, str]) -> pl.DataFrame:
    """One article per (body, language), ids a0, a1, ..., without titles."""
    return pl.DataFrame(
        {
            "article_id": [f"a{index}" for index in range(len(bodies))],
            "title": [None] * len(bodies),
            "body": [body for body, _ in bodies],
            "language": [language for _, language in bodies],
        },
        schema={"article_id": pl.Utf8, "title": pl.Utf8, "body": pl.Utf8, "language": pl.Utf8},
    )
