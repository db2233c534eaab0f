"""One warm process pool per worker count, shared by the stages that fan out (parse, mentions).

Starting workers (imports, the language model, the actor automaton) costs seconds, so a run's
steps share one pool, and the consecutive runs of one launcher (`etl.runs.run_pipeline`, inside
`pools_shared_by_runs`) share it too. Otherwise the pool is shut down when its run ends
(`end_of_run`, called by the code location's executor), not left to `atexit`: a run that the
daemon launches runs in a spawned child, where multiprocessing joins the pool's non-daemon
workers before any `atexit` handler runs, so the child, its forkserver and its workers (about
1 GB) waited for each other forever.

forkserver: workers fork from a clean server, not from this process, whose threads belong to
Dagster. The server preloads nothing: preloaded, it kept its own resident copy of the stage
modules (about 80 MB) for the pool's whole life, counted on top of the workers at the pipeline's
peak, to save each worker one import when the pool starts.

Workers die with the process that owns the pool, however it dies (kill -9 included). Nothing
else would stop them: a worker's parent is the forkserver, not the owner, and every worker holds
copies of the pipes whose closing would tell it and the forkserver that the owner is gone (the
forkserver's alive pipe, the task queue's writer). So each worker watches the owner's pid; when
the workers are gone the forkserver and the resource tracker see their pipes close and exit too.
"""

import atexit
import multiprocessing
import os
import select
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TypeVar

Task = TypeVar("Task")
Result = TypeVar("Result")

# Not even `__main__` (forkserver's default), which for a script or the CLI imports everything.
PRELOADED_MODULES: list[str] = []
_POOLS: dict[int, ProcessPoolExecutor] = {}
# How many `pools_shared_by_runs` blocks are open in this process.
_sharing_launchers = 0


def warm_pool(workers: int) -> ProcessPoolExecutor:
    pool = _POOLS.get(workers)
    if pool is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOADED_MODULES)
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=exit_with_owner, initargs=(os.getpid(),)
        )
        _POOLS[workers] = pool
        atexit.register(pool.shutdown, wait=True, cancel_futures=True)
    return pool


_OWNER_POLL_SECONDS = 1.0


def exit_with_owner(owner_pid: int) -> None:
    """Worker initializer: a daemon thread that ends this worker as soon as `owner_pid` exits."""
    try:
        owner = os.pidfd_open(owner_pid)
    except ProcessLookupError:
        os._exit(1)
    except (AttributeError, OSError):
        # No pidfd (not Linux, or a kernel before 5.3): poll for the owner instead.
        threading.Thread(target=_poll_owner, args=(owner_pid,), daemon=True, name="owner-watch").start()
        return
    threading.Thread(target=_wait_for_owner, args=(owner,), daemon=True, name="owner-watch").start()


def _wait_for_owner(owner: int) -> None:
    # A pidfd turns readable when its process exits.
    select.select([owner], [], [])
    os._exit(1)


def _poll_owner(owner_pid: int) -> None:
    while True:
        time.sleep(_OWNER_POLL_SECONDS)
        try:
            os.kill(owner_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            continue


def start_workers(workers: int, warm_up: Callable[[], object]) -> list[Future[object]]:
    """Start the warm pool's workers now, each taking one `warm_up` task (imports, models), and
    return without waiting: a launcher calls it before the steps that keep this process busy
    reading files, so the first parallel step does not wait for its workers to start."""
    pool = warm_pool(workers)
    return [pool.submit(warm_up) for _ in range(workers)]


def shutdown_pools() -> None:
    """Stop every warm pool (the next `warm_pool` starts a fresh one)."""
    while _POOLS:
        _workers, pool = _POOLS.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


def end_of_run() -> None:
    """A run has ended: its pools stop, unless a launcher shares them between its runs."""
    if not _sharing_launchers:
        shutdown_pools()


@contextmanager
def pools_shared_by_runs() -> Iterator[None]:
    """The runs inside share the warm pools (a run's end leaves them running for the next);
    the pools stop when the block ends, however it ends."""
    global _sharing_launchers
    _sharing_launchers += 1
    try:
        yield
    finally:
        _sharing_launchers -= 1
        end_of_run()


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
