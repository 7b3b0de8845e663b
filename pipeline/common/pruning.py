"""Keep only the newest few of a cache's files or folders.

Why one helper: every cache keyed by code version (dedup results and verdicts, exported
bibliographies) leaves its older versions behind, and each must drop them the same way: by
modification time, never the one in use, and without failing when another build removes one first.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("-inf")  # already gone: first in line, and its removal is a no-op


def keep_newest(paths: Iterable[Path], keep: int, *, spare: Path | None = None) -> None:
    """Delete all but the ``keep`` most recently modified of ``paths`` (files or folders); ``spare``
    (the entry in use) is never deleted and counts among those kept."""
    found = sorted(paths, key=_modified)
    for old in [p for p in found if p != spare][: max(0, len(found) - keep)]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
