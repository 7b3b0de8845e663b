"""Work merging's title comparisons remembered across builds, one entry per pair of mention lists.

Why: the costly part of merging works is comparing every titled mention of an author's year
with every other (and with the author's undated mentions). The outcome of one such comparison
depends only on what ``_compatible`` reads of the mentions compared (DOI, title, year,
container, first author), in their order, given the code. So the key is a digest of exactly
that, and a build in which a few documents changed compares again only the author-years they
touch. The file holds the entries the newest build used, written whole and renamed into place:
a damaged or foreign file is ignored and recomputed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import rapidfuzz

from pipeline.code_version import code_version_of
from pipeline.common.table_folder import read_parquet

FORMAT_VERSION = 1
COMPARED_FIELDS = ("doi", "title", "year", "container_title")
"""The fields of a mention that decide a comparison (with its first author's folded family name)."""
Pairs = list[tuple[int, int]]
_SCHEMA = pa.schema([("key", pa.binary()), ("left", pa.list_(pa.int32())), ("right", pa.list_(pa.int32()))])


def _version() -> str:
    code = code_version_of("pipeline/references/works.py", "pipeline/references/matching.py", "pipeline/text")
    return hashlib.sha256(f"{FORMAT_VERSION}\x1f{code}\x1f{rapidfuzz.__version__}".encode()).hexdigest()[:16]


def comparison_key(
    refs: Sequence[dict], families: Sequence[str], left: Sequence[int], right: Sequence[int] | None,
) -> bytes:
    """Digest of what comparing mentions ``left`` with ``right`` (None: with each other) reads."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(b"within" if right is None else b"across")
    for marker, side in ((b"\x1d", left), (b"\x1c", right or ())):
        digest.update(marker)
        for i in side:
            values = [refs[i][field] for field in COMPARED_FIELDS] + [families[i]]
            for value in values:
                data = b"\x00" if value is None else b"\x01" + str(value).encode("utf-8", "surrogatepass")
                digest.update(len(data).to_bytes(4, "little") + data)
    return digest.digest()


class ComparisonCache:
    """Compatible pairs (positions in the two lists) by ``comparison_key``; ``directory`` None: remember nothing."""

    def __init__(self, directory: Path | None) -> None:
        self.path = None if directory is None else Path(directory) / f"comparisons-{_version()}.parquet"
        self.hits = 0
        self.misses = 0
        self._stored: dict[bytes, Pairs] = self._read()
        self._used: dict[bytes, Pairs] = {}

    def _read(self) -> dict[bytes, Pairs]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            table = read_parquet(self.path)
            if table.schema != _SCHEMA:
                return {}
            rows = zip(*(table.column(name).to_pylist() for name in _SCHEMA.names))
            return {key: list(zip(left, right)) for key, left, right in rows}
        except (OSError, pa.ArrowException):
            return {}

    def pairs(self, key: bytes, compare: Callable[[], Pairs]) -> Pairs:
        """The stored outcome of the comparison ``key``, else ``compare()`` (remembered)."""
        if key in self._stored:
            self.hits += 1
            found = self._stored[key]
        else:
            self.misses += 1
            found = compare()
        self._used[key] = found
        return found

    def save(self) -> None:
        """Keep the comparisons this build used (and only those); a write that fails costs only time."""
        if self.path is None or (not self.misses and len(self._used) == len(self._stored)):
            return
        table = pa.table({
            "key": list(self._used),
            "left": [[a for a, _ in pairs] for pairs in self._used.values()],
            "right": [[b for _, b in pairs] for pairs in self._used.values()],
        }, schema=_SCHEMA)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob("comparisons-*.parquet"):
                if old != self.path:
                    old.unlink(missing_ok=True)
            pq.write_table(table, temporary, compression="zstd")
            os.replace(temporary, self.path)
        except OSError:
            temporary.unlink(missing_ok=True)
