"""Occurrence index of a normalized text within a scope, with memory bounded for huge files.

Why: ``fact_id`` includes how many times the same normalized text was seen before in the same
document+source. Keys are 16-byte digests; past ``max_in_memory`` keys the counts move to a
temporary SQLite file so a prose document of hundreds of MB does not grow the process.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from pathlib import Path


class OccurrenceCounter:
    """``next(text)`` returns 0 the first time a text is seen in the scope, then 1, 2, ..."""

    def __init__(self, *, max_in_memory: int = 200_000) -> None:
        self.max_in_memory = max_in_memory
        self._counts: dict[bytes, int] = {}
        self._spill: sqlite3.Connection | None = None
        self._spill_dir: tempfile.TemporaryDirectory | None = None

    def next(self, text: str) -> int:
        """How many times ``text`` was seen before (0 for the first)."""
        key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        if self._spill is not None:
            return self._next_spilled(key)
        seen = self._counts.get(key, 0)
        self._counts[key] = seen + 1
        if len(self._counts) > self.max_in_memory:
            self._spill_to_disk()
        return seen

    def reset(self) -> None:
        """Start a new scope (e.g. the next source of a concept page)."""
        self._counts.clear()
        self.close()

    def close(self) -> None:
        """Release the spill file, if any."""
        if self._spill is not None:
            self._spill.close()
            self._spill = None
        if self._spill_dir is not None:
            self._spill_dir.cleanup()
            self._spill_dir = None

    def _spill_to_disk(self) -> None:
        self._spill_dir = tempfile.TemporaryDirectory(prefix="occurrences-")
        self._spill = sqlite3.connect(Path(self._spill_dir.name) / "counts.sqlite")
        self._spill.execute("PRAGMA journal_mode=OFF")
        self._spill.execute("PRAGMA synchronous=OFF")
        self._spill.execute("CREATE TABLE counts (key BLOB PRIMARY KEY, seen INTEGER NOT NULL)")
        self._spill.executemany("INSERT INTO counts VALUES (?, ?)", self._counts.items())
        self._counts.clear()

    def _next_spilled(self, key: bytes) -> int:
        assert self._spill is not None
        row = self._spill.execute("SELECT seen FROM counts WHERE key = ?", (key,)).fetchone()
        seen = row[0] if row else 0
        self._spill.execute("INSERT OR REPLACE INTO counts VALUES (?, ?)", (key, seen + 1))
        return seen
