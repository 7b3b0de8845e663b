"""One build at a time per data folder: the CLI, UI runs and the seeds sensor all respect one lock.

Why a lock around a whole build, not only the publish step: builds into one data folder share
its partition set (one per document of *their* input folder) and its run history, so a second
build would change the first one's partitions under it. Who takes it:

- a CLI build, for its whole duration (``exclusive_build``), before it touches the partitions;
- every Dagster run, through the IO manager's ``DataFolderLock`` resource (``pipeline.assets.resources``):
  under the in-process executor (the default, and the UI's) for the whole run, under the
  multiprocess executor for each step; a run inside a CLI build finds the lock already held by
  its own process and goes on;
- the seeds sensor only looks (``lock_holder``): while a build runs it changes no partition and
  requests no run, and it looks again at its next tick.

It is an ``flock`` on ``<data>/.build.lock``, so the kernel releases it when the holder dies: a
killed build never blocks the next one. (``flock`` is local to one machine: a distributed
executor needs a lock of its own, see docs/design.md.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

BUILD_LOCK = ".build.lock"
"""In the data folder: held by the build that is running there (its pid and start time inside)."""

BUSY_EXIT = 4
"""Exit code of a build that found another build running into the same data folder."""

_held: dict[Path, int] = {}
"""Data folders whose lock this process holds -> how many holders nest inside it."""
_guard = threading.Lock()


class BuildBusy(Exception):
    """Another build holds the data folder's build lock."""


def _lock_file(data_dir: Path) -> Path:
    return data_dir.resolve() / BUILD_LOCK


@contextlib.contextmanager
def exclusive_build(data_dir: Path, *, wait: bool, what: str = "build") -> Iterator[None]:
    """Hold ``<data_dir>/.build.lock`` while the block runs, or raise ``BuildBusy`` (``wait``: queue behind it).

    Re-entrant within one process: a Dagster run started by a CLI build that holds the lock
    (its IO manager asks again) goes on instead of waiting for itself. ``what`` is written
    into the lock file for whoever finds it held.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = _lock_file(data_dir)
    with _guard:
        if path in _held:
            _held[path] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _guard:
                _held[path] -= 1
        return
    with path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise BuildBusy(f"{path} is held by {_holder_text(lock)}") from None
        with _guard:
            _held[path] = 0
        try:
            lock.truncate(0)
            started = datetime.now(UTC).isoformat(timespec="seconds")
            lock.write(f"{what}, pid {os.getpid()} since {started}\n")
            lock.flush()
            yield
        finally:
            with _guard:
                del _held[path]
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


def lock_holder(data_dir: Path) -> str | None:
    """Who holds the data folder's build lock, or None when nobody does (this process counts as nobody).

    A probe: it takes the lock without waiting and gives it back at once.
    """
    path = _lock_file(data_dir)
    if path in _held or not path.exists():
        return None
    with path.open("a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder_text(lock)
        fcntl.flock(lock, fcntl.LOCK_UN)
        return None


def _holder_text(lock) -> str:  # noqa: ANN001 - an open text file
    lock.seek(0)
    return lock.read().strip() or "a build that has not said who it is yet"
