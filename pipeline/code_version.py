"""A content hash of the code, so releases and caches know exactly which code made them.

Hashing the source (rather than asking git) works in a clean clone, in an sdist and with
uncommitted edits alike, and is identical on every machine for the same files.
"""

from __future__ import annotations

import hashlib
from functools import cache

from pipeline.paths import REPO_ROOT


@cache
def code_version_of(*relative_dirs: str) -> str:
    """sha256 (first 16 hex) over the ``*.py`` files below the given repo-relative folders."""
    digest = hashlib.sha256()
    for relative in relative_dirs:
        for path in sorted((REPO_ROOT / relative).rglob("*.py")):
            digest.update(path.relative_to(REPO_ROOT).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def pipeline_code_version() -> str:
    """Version of everything that shapes the published data."""
    return code_version_of("pipeline", "schemas")
