"""Transformer readings cached per normalized text across builds, so a build reads only new texts.

Why per text and one text at a time: a reading of a padded batch differs in its last bits with
the batch it was read in (the GEMM and summation order change with the padded shape), so a
cache filled by batches would make an incremental build differ from a from-scratch one. Each
text is therefore read alone, with one BLAS thread (a pure function of the text, model and
layer); a cached value and a recomputed one are the same bytes. One thread also keeps small
matrix products from stalling on a machine shared with other work.

Why SQLite: one file, atomic transactions, safe for two builds (or test workers) sharing a
cache folder. Every row carries the text it was read from and a checksum; a row that does not
match, or a file that is not a database, is read again: a damaged cache costs time, never
correctness.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from pipeline.dedup.transformer import MiniLM, Reading

FORMAT_VERSION = 1
_TIMEOUT_S = 120.0
_LOOKUP_CHUNK = 500


def cache_file(directory: Path, model_sha256: str, layer: int) -> Path:
    return directory / f"readings-{model_sha256[:16]}-layer{layer}-v{FORMAT_VERSION}.sqlite"


@lru_cache(maxsize=1)
def _threadpools() -> ThreadpoolController:
    """Found once per process: looking the BLAS libraries up costs ~15 ms each time."""
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with a single BLAS thread (small products; no waiting on a shared machine)."""
    with _threadpools().limit(limits=1, user_api="blas"):
        yield


def read_alone(model: MiniLM, text: str, layer: int) -> Reading:
    """The reading of ``text`` on its own (no padding, no neighbours in a batch, one BLAS thread)."""
    with one_blas_thread():
        return model.read([text], layer, batch_size=1)[0]


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _checksum(text: str, embedding: bytes, states: bytes, words: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (text.encode("utf-8", "surrogatepass"), embedding, states, words.encode()):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


class ReadingCache:
    """Readings of one model's layer, looked up by text; misses are read alone and stored."""

    def __init__(self, directory: Path, model_sha256: str, layer: int, model: Callable[[], MiniLM]) -> None:
        self.path = cache_file(Path(directory), model_sha256, layer)
        self.layer = layer
        self._model = model
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=_TIMEOUT_S)
        connection.execute(
            "CREATE TABLE IF NOT EXISTS readings (key TEXT PRIMARY KEY, text TEXT NOT NULL, tokens INTEGER NOT NULL,"
            " embedding BLOB NOT NULL, states BLOB NOT NULL, words TEXT NOT NULL, checksum TEXT NOT NULL)"
        )
        return connection

    def _open(self) -> sqlite3.Connection | None:
        """A connection, or None after removing a file that is not a readable database."""
        try:
            return self._connect()
        except sqlite3.OperationalError:
            return None  # locked or unwritable: read everything, store nothing (a valid file is kept)
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)  # not a database
        try:
            return self._connect()
        except sqlite3.Error:
            return None  # unwritable cache folder: read everything, store nothing

    def read(self, texts: Sequence[str]) -> list[Reading]:
        """Readings of ``texts`` in order: identical bytes whether cached or computed now."""
        connection = self._open()
        try:
            found = self._lookup(connection, texts) if connection else {}
            readings: list[Reading] = []
            fresh: list[tuple[str, Reading]] = []
            for text in texts:
                reading = found.get(text)
                if reading is None:
                    reading = read_alone(self._model(), text, self.layer)
                    found[text] = reading
                    fresh.append((text, reading))
                    self.misses += 1
                else:
                    self.hits += 1
                readings.append(reading)
            if connection and fresh:
                self._store(connection, fresh)
            return readings
        finally:
            if connection:
                connection.close()

    def _lookup(self, connection: sqlite3.Connection, texts: Sequence[str]) -> dict[str, Reading]:
        wanted = {_key(text): text for text in texts}
        keys = list(wanted)
        found: dict[str, Reading] = {}
        try:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                chunk = keys[start : start + _LOOKUP_CHUNK]
                rows = connection.execute(
                    f"SELECT key, text, tokens, embedding, states, words, checksum FROM readings"
                    f" WHERE key IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for key, text, tokens, embedding, states, words, checksum in rows:
                    reading = _decoded(wanted.get(key), text, tokens, embedding, states, words, checksum)
                    if reading is not None:
                        found[text] = reading
        except sqlite3.DatabaseError:
            return found  # a damaged page: whatever was not read is recomputed
        return found

    def _store(self, connection: sqlite3.Connection, fresh: list[tuple[str, Reading]]) -> None:
        rows = []
        for text, reading in fresh:
            embedding, states = _encoded(reading.embedding), _encoded(reading.token_states)
            words = json.dumps(reading.words, ensure_ascii=False)
            checksum = _checksum(text, embedding, states, words)
            rows.append((_key(text), text, len(reading.words), embedding, states, words, checksum))
        try:
            with connection:
                connection.executemany("INSERT OR REPLACE INTO readings VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.Error:
            pass  # a full disk or a locked file: this build still has its readings, the next reads them again


def _encoded(values: np.ndarray) -> bytes:
    """The array in .npy form: dtype and shape travel with the bytes, so a read-back is exact."""
    buffer = io.BytesIO()
    np.save(buffer, values, allow_pickle=False)
    return buffer.getvalue()


def _array(data: bytes) -> np.ndarray:
    return np.load(io.BytesIO(data), allow_pickle=False)


def _decoded(
    expected: str | None, text: str, tokens: int, embedding: bytes, states: bytes, words: str, checksum: str,
) -> Reading | None:
    """The stored reading, or None if the row is not exactly what was written for ``expected``."""
    if expected is None or text != expected or _checksum(text, embedding, states, words) != checksum:
        return None
    try:
        vector, rows, word_list = _array(embedding), _array(states), json.loads(words)
    except (ValueError, TypeError, OSError, EOFError):
        return None
    if not isinstance(word_list, list) or vector.ndim != 1 or rows.ndim != 2:
        return None
    if len(rows) != tokens or len(word_list) != tokens:
        return None
    return Reading(vector, rows, [str(w) for w in word_list])
