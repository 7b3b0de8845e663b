"""sha256 of a file, computed once per process while the file is unchanged.

Why: cache keys name the bytes of large files (the distilled embedding table, the hash-pinned
requirements); a build asks for the same digest once per document, so hashing it each time
cost more than the lookups it keys.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=8)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """sha256 of a file, computed once per process for each (path, size, mtime)."""
    status = path.stat()
    return _file_digest(str(path), status.st_size, status.st_mtime_ns)
