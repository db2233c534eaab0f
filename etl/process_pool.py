"""One warm process pool per worker count, shared by the stages that fan out (parse, mentions).

A backfill is many Dagster runs in one process; starting workers (imports, the language model,
the actor automaton) costs seconds, so the pool outlives a run and is shut down at exit.
forkserver: workers fork from a clean server that imported the stage modules once, not from this
process, whose threads belong to Dagster.
"""

import atexit
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

PRELOADED_MODULES = ["etl.parse.article_frame", "etl.actors"]
_POOLS: dict[int, ProcessPoolExecutor] = {}


def warm_pool(workers: int) -> ProcessPoolExecutor:
    pool = _POOLS.get(workers)
    if pool is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOADED_MODULES)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        _POOLS[workers] = pool
        atexit.register(pool.shutdown, wait=True, cancel_futures=True)
    return pool


def shutdown_pools() -> None:
    """Stop every warm pool (the next `warm_pool` starts a fresh one)."""
    while _POOLS:
        _workers, pool = _POOLS.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


def pooled_map(workers: int, function: Callable[[Task], Result], tasks: Iterable[Task]) -> Iterator[Result]:
    """`function` over `tasks` on the warm pool, results in task order, with at most two tasks
    per worker in flight: `Executor.map` would submit (and pickle) every task at once."""
    pool = warm_pool(workers)
    in_flight: deque[Future[Result]] = deque()
    try:
        for task in tasks:
            in_flight.append(pool.submit(function, task))
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    except BrokenProcessPool:
        # A worker died (killed, or a crash in native code): the next run starts a fresh pool.
        _POOLS.pop(workers, None)
        raise
