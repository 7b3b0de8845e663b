"""Pair verdicts cached across builds, so a build screens (and reads the slots of) only new pairs.

Why the key holds everything the verdict is computed from: ``screen_scored`` is a pure function
of the two texts (their normalized forms and their slots, read from the original wording), the
three scores and the settings, given the code. So the key is both sides' wording and normalized
text, the exact bits of the three scores, the settings and the code version: a hit returns the
verdict a fresh screen would return, and a pair whose static cosine moved by one bit is simply
screened again. Why pickle: verdicts are frozen dataclasses of the judge, whose fields are
still being tuned; each row carries a checksum that is verified before anything is unpickled,
and the cache folder is the build's own. A damaged row or file is screened again.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.code_version import pipeline_code_version
from pipeline.common.pruning import keep_newest
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.judge import Verdict

FORMAT_VERSION = 5
KEEP = 2
"""Cache files (one per code version and settings) kept; older ones are removed."""
_TIMEOUT_S = 120.0
_LOOKUP_CHUNK = 2_000


def _namespace(config: DedupConfig) -> str:
    parts = {"format": FORMAT_VERSION, "code": pipeline_code_version(), "config": config.values()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def side_digest(wording: str, normalized: str) -> bytes:
    """A fixed-size digest of one side of a pair (its wording and normalized text), computed once
    per text: hashing both texts again for every pair was most of the cost of a cached build's
    screening (52k pairs of a 100-page corpus, 2.6 s)."""
    digest = hashlib.blake2b(digest_size=32)
    for text in (wording, normalized):
        data = text.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.digest()


def pair_key(side_a: bytes, side_b: bytes, ordered: float, near: float, cosine: float) -> bytes:
    """A fixed-size key for one pair's inputs: both sides' ``side_digest`` in order, and the exact
    bits of the three scores."""
    return hashlib.blake2b(side_a + side_b + struct.pack("<ddd", ordered, near, cosine), digest_size=20).digest()


def _checksum(key: bytes, value: bytes) -> bytes:
    return hashlib.blake2b(key + value, digest_size=16).digest()


class _Unreadable:
    """A stored verdict that this code cannot unpickle (written by other code): screened again."""


def _unpickled(value: bytes) -> Verdict | _Unreadable:
    try:
        return pickle.loads(value)
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
        return _Unreadable()


class JudgmentCache:
    """Verdicts by ``pair_key`` for one code version and one set of settings."""

    def __init__(self, directory: Path, config: DedupConfig) -> None:
        self.directory = Path(directory)
        self.path = self.directory / f"judgments-{_namespace(config)}-v{FORMAT_VERSION}.sqlite"
        self.hits = 0
        self.misses = 0
        self._filling = False
        """Empty when opened: nothing to look up, and the key index is built once, at ``close``."""
        self._connection = self._open()

    def _connect(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=_TIMEOUT_S)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS verdicts (key BLOB NOT NULL, verdict BLOB NOT NULL, checksum BLOB NOT NULL)"
        )
        # Why the key index is separate, and built after a first fill: a million facts' 3.3M
        # verdicts inserted chunk by chunk into an indexed table took 16 s, mostly index pages
        # touched at random; sorting them once into a new index takes a few.
        empty = connection.execute("SELECT NOT EXISTS (SELECT 1 FROM verdicts)").fetchone()[0]
        if empty:
            with connection:
                connection.execute("DROP INDEX IF EXISTS verdicts_key")
            self._filling = True
        else:
            _index_keys(connection)  # a fill that never reached ``close`` (a crash) is indexed now
        return connection

    def _open(self) -> sqlite3.Connection | None:
        try:
            connection = self._connect()
        except sqlite3.OperationalError:
            return None  # locked or unwritable: screen everything, store nothing (a valid file is kept)
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)  # not a database: start again
            try:
                connection = self._connect()
            except sqlite3.Error:
                return None
        self._prune()
        return connection

    def _prune(self) -> None:
        keep_newest(self.directory.glob("judgments-*.sqlite"), KEEP, spare=self.path)

    def lookup(self, keys: Sequence[bytes]) -> dict[bytes, Verdict]:
        """Cached verdicts of those ``keys`` that have one (None is a verdict: plainly unrelated)."""
        found: dict[bytes, Verdict] = {}
        if self._connection is None or self._filling:
            self.misses += len(set(keys))
            return found
        unique = sorted(set(keys))  # in key order, each chunk's searches walk neighbouring pages
        # Pickled verdict -> verdict: most rows hold one of a few verdicts, and verdicts are
        # immutable (hashable frozen dataclasses), so one object serves every row holding those bytes.
        loaded: dict[bytes, Verdict | _Unreadable] = {}
        try:
            for start in range(0, len(unique), _LOOKUP_CHUNK):
                chunk = unique[start : start + _LOOKUP_CHUNK]
                rows = self._connection.execute(
                    f"SELECT key, verdict, checksum FROM verdicts WHERE key IN ({','.join('?' * len(chunk))})", chunk,
                ).fetchall()
                for key, value, checksum in rows:
                    if _checksum(key, value) != checksum:
                        continue
                    if value not in loaded:
                        loaded[value] = _unpickled(value)
                    verdict = loaded[value]
                    if not isinstance(verdict, _Unreadable):
                        found[key] = verdict
        except sqlite3.DatabaseError:
            pass  # a damaged page: what was not read is screened again
        self.hits += len(found)
        self.misses += len(unique) - len(found)
        return found

    def store(self, verdicts: Iterable[tuple[bytes, Verdict]]) -> None:
        """Remember verdicts by key; a write that fails is skipped (the cache is only a shortcut)."""
        if self._connection is None:
            return
        rows = []
        pickled: dict[Verdict, bytes] = {}  # most verdicts are one of a few (unrelated, blocked by year, ...)
        for key, verdict in verdicts:
            value = pickled.get(verdict)
            if value is None:
                value = pickled[verdict] = pickle.dumps(verdict, protocol=pickle.HIGHEST_PROTOCOL)
            rows.append((key, value, _checksum(key, value)))
        if not self._filling:
            rows.sort()  # in key order, the key index is filled page by page: a fifth less time than in pair order
        try:
            with self._connection:
                self._connection.executemany("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # a full disk or a locked file: only the next build pays

    def close(self) -> None:
        """Index a first fill and close the database file (safe to call when it was never opened)."""
        if self._connection is not None:
            if self._filling:
                try:
                    _index_keys(self._connection)
                except sqlite3.Error:
                    pass  # the next build that opens the file indexes it
            self._connection.close()
            self._connection = None


def _index_keys(connection: sqlite3.Connection) -> None:
    """The unique key index; rows stored twice (two builds filling one new file) are dropped first."""
    try:
        with connection:
            connection.execute("CREATE UNIQUE INDEX IF NOT EXISTS verdicts_key ON verdicts (key)")
    except sqlite3.IntegrityError:
        with connection:
            connection.execute("DELETE FROM verdicts WHERE rowid NOT IN (SELECT MIN(rowid) FROM verdicts GROUP BY key)")
            connection.execute("CREATE UNIQUE INDEX verdicts_key ON verdicts (key)")
