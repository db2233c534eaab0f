"""Hand freed heap memory back to the operating system between steps.

A run reads a few hundred megabytes of pages as ~100 KB Python bytes objects; glibc keeps the
freed chunks in its arenas, so without a trim the process stays at its high-water mark and the
next run's peak stacks on top of it. `malloc_trim` is glibc's; elsewhere this does nothing.
"""

import ctypes
import ctypes.util
from functools import cache


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None


def release_free_memory() -> None:
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
