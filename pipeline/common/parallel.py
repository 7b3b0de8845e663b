"""Map a pure function over many items on every core, in input order, serially when that is cheaper.

Why: the per-document parse and the dedup slot reading are pure and CPU-bound, and a full
build of a large corpus runs them on thousands of items; one core does half the work a
2-core machine could. Workers start by ``forkserver`` (never ``fork`` from a process that
may hold other threads' locks, such as Dagster's), so a main module must be import-safe
(the usual ``if __name__ == "__main__"`` guard; ``python -m package`` is always safe). A pool
that breaks (a worker killed, say by the OOM killer) costs speed, not results: the items it
had not returned are done here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKERS_ENV = "PIPELINE_WORKERS"
"""Set to 1 to run everything in this process (debugging, profiling); default: one per usable core."""


def worker_count() -> int:
    """Processes to use: ``PIPELINE_WORKERS`` if set, else the cores this process may run on."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, len(os.sched_getaffinity(0)))


class Workers:
    """Worker processes started on first use and shared by several ``map`` calls (a build maps
    batch after batch; starting a pool per batch would cost more than small batches save)."""

    def __init__(self, preload: Sequence[str] = ()) -> None:
        self.preload = list(preload)
        self._pool: ProcessPoolExecutor | None = None
        self._broken = False

    def map(self, function: Callable[[T], R], items: Sequence[T], *, min_items: int, chunksize: int = 1) -> Iterator[R]:
        """``map(function, items)`` on the workers when there are at least ``min_items`` items
        and more than one worker (``function`` must be importable: a module-level function or
        a ``functools.partial`` of one); results come in input order."""
        workers = min(worker_count(), max(1, len(items) // max(1, chunksize)))
        if self._broken or workers < 2 or len(items) < min_items:
            yield from map(function, items)
            return
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(self.preload)
            self._pool = ProcessPoolExecutor(max_workers=worker_count(), mp_context=context)
        done = 0
        try:
            for result in self._pool.map(function, items, chunksize=chunksize):
                yield result
                done += 1
        except BrokenProcessPool:
            self._broken = True
            self.close()
            yield from map(function, items[done:])

    def close(self) -> None:
        """Stop the workers (the next ``map`` starts new ones)."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def ordered_map(
    function: Callable[[T], R], items: Sequence[T], *, min_items: int, chunksize: int = 1,
    preload: Sequence[str] = (),
) -> Iterator[R]:
    """``Workers(preload).map(...)`` for a single batch; the workers stop when it is consumed."""
    with Workers(preload) as workers:
        yield from workers.map(function, items, min_items=min_items, chunksize=chunksize)
