"""newsetl: raw news HTML to a DuckDB warehouse of actor mentions (see README.md)."""

import os

# polars allocates its Arrow buffers with a bundled jemalloc that keeps freed pages for about
# ten seconds before returning them. A run frees a few hundred megabytes at every step, so the
# next step's peak would stack on pages nobody uses (measured: 1.06 GB → 0.91 GB peak on a
# 10,000-page backfill). jemalloc reads this once, when polars is first imported; importing
# `etl` before polars is enough (worker processes inherit it). An explicit setting wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")

# Imported here so every entry point (the CLI, the code location, the workers) caps glibc's
# arenas before Dagster starts its threads; see etl.memory.
from etl.memory import limit_malloc_arenas

limit_malloc_arenas()
