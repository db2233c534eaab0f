"""Batch names: which landing folder names can be a batch, checked once, where batches are listed
or asked for by name.

A batch name is a Dagster partition key, a lake file name (`<batch>.parquet`, with its writer's
temporary file beside it) and a value in every warehouse table. A name that cannot be all three
is refused alone and aloud, with the reason; the other batches load. Names are never patterns:
`news[1]` or `*` is a batch like any other, because every lake read and write takes a literal path.
"""

import unicodedata
from collections.abc import Iterable

# A file name holds at most 255 bytes; the lake's temporary file adds `.parquet` and the writer's
# pid (`etl.defs.resources`), and a name's undecodable bytes take four characters each as text.
MAX_BATCH_NAME_BYTES = 200
# Dagster refuses "..." in a partition key (it separates a range's ends); a comma separates the
# partitions of `dagster job backfill --partitions`, which the scale-out backfill uses.
_FORBIDDEN_SUBSTRINGS = {"...": "three dots", ",": "a comma"}


class RefusedBatch(ValueError):
    """A batch asked for by name that cannot be one; the message is the one line to show."""


def batch_name_problem(batch: str) -> str | None:
    """Why `batch` (a folder name as text) cannot be a batch name, or None when it can."""
    size = len(batch.encode())
    if size > MAX_BATCH_NAME_BYTES:
        return f"its name is {size} bytes, more than the {MAX_BATCH_NAME_BYTES} a lake file name can carry"
    if any(unicodedata.category(character) == "Cc" for character in batch):
        return "its name holds a control character, which a Dagster partition key cannot"
    for substring, described in _FORBIDDEN_SUBSTRINGS.items():
        if substring in batch:
            return f"its name holds {described}, which a Dagster partition key cannot"
    return None


def refusal_line(batch: str, problem: str) -> str:
    shown = batch if len(batch) <= 60 else f"{batch[:40]}…{batch[-12:]}"
    return f"batch {shown!r} refused: {problem}; rename the folder to load it"


def check_batch_names(batches: Iterable[str]) -> None:
    """Raise RefusedBatch for the first name that cannot be a batch."""
    for batch in batches:
        problem = batch_name_problem(batch)
        if problem is not None:
            raise RefusedBatch(refusal_line(batch, problem))
