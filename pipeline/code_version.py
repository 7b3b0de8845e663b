"""A content hash of the code, so releases and caches know exactly which code made them.

Hashing the source (rather than asking git) works in a clean clone, in an sdist and with
uncommitted edits alike, and is identical on every machine for the same files.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pipeline.paths import REPO_ROOT

_NOT_CODE = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def _code_files(root: Path) -> list[Path]:
    """Every file that can shape results: sources and package data (vocabularies, JSON schemas),
    but no byte-code or tool caches, which differ between machines for the same code."""
    if root.is_file():
        return [root]
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and path.suffix != ".pyc" and not any(part in _NOT_CODE for part in path.parts)
    )


def tree_digest(base: Path, *relative_paths: str) -> str:
    """sha256 (first 16 hex) over the files (``.py`` and package data) of the given folders or files
    below ``base``, with their relative paths, so a renamed module or an edited vocabulary changes it."""
    digest = hashlib.sha256()
    for relative in relative_paths:
        for path in _code_files(base / relative):
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def code_version_of(*relative_paths: str) -> str:
    """:func:`tree_digest` of this repository's folders or files (computed once per process)."""
    return tree_digest(REPO_ROOT, *relative_paths)


def pipeline_code_version() -> str:
    """Version of everything that shapes the published data."""
    return code_version_of("pipeline", "schemas")
