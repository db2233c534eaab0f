"""The pipeline process keeps two glibc arenas, however many threads Dagster starts.

With glibc's default (eight arenas per core) each new thread got an arena of its own, and the
freed page bytes stayed in them: the process grew ~45 MB a run over a backfill (etl.memory)."""

import ctypes.util
import os
import platform
import subprocess
import sys

import pytest

from etl.memory import MALLOC_ARENAS

# Eight threads alive at once, each allocating: one arena each under glibc's default cap (an
# exited thread's arena is handed to the next one).
THREADS_THEN_ARENA_STATS = """
import etl, ctypes, threading
all_allocated = threading.Barrier(8)
def allocate():
    held = [bytes(1000) for _ in range(1000)]
    all_allocated.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads: thread.start()
for thread in threads: thread.join()
ctypes.CDLL(ctypes.util.find_library("c")).malloc_stats()
"""

glibc_only = pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc" or ctypes.util.find_library("c") is None, reason="glibc arenas"
)


def arenas_after_threads(env: dict[str, str]) -> int:
    script = "import ctypes.util\n" + THREADS_THEN_ARENA_STATS
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    return sum(1 for line in done.stderr.splitlines() if line.startswith("Arena "))


@glibc_only
def test_importing_etl_caps_the_arenas_of_later_threads() -> None:
    env = {key: value for key, value in os.environ.items() if key != "MALLOC_ARENA_MAX"}
    assert 1 <= arenas_after_threads(env) <= MALLOC_ARENAS


@glibc_only
def test_processes_started_by_the_pipeline_inherit_the_cap() -> None:
    import etl  # noqa: F401

    assert os.environ["MALLOC_ARENA_MAX"] == str(MALLOC_ARENAS)


@glibc_only
def test_an_explicit_setting_wins() -> None:
    env = {**os.environ, "MALLOC_ARENA_MAX": "6"}
    assert arenas_after_threads(env) > MALLOC_ARENAS


@glibc_only
def test_a_setting_that_is_not_a_number_is_ignored() -> None:
    env = {**os.environ, "MALLOC_ARENA_MAX": "two"}
    assert arenas_after_threads(env) > MALLOC_ARENAS
