"""The live process tree, read from /proc: what the tests that count processes left behind by a
run (kill -9 of the launcher, daemon-launched runs) look at."""

from pathlib import Path


def parents() -> dict[int, int]:
    """pid -> parent pid of every live process that is not a zombie."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: fields follow the last ")".
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if state != "Z":
            found[int(entry.name)] = int(parent)
    return found


def descendants(roots: set[int]) -> set[int]:
    """Every live process below `roots`, at any depth."""
    tree = parents()
    found: set[int] = set()
    frontier = set(roots)
    while frontier:
        frontier = {pid for pid, parent in tree.items() if parent in frontier} - found
        found |= frontier
    return found


def children(pid: int) -> set[int]:
    return {child for child, parent in parents().items() if parent == pid}


def alive(pids: set[int]) -> set[int]:
    return pids & set(parents())
