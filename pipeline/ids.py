"""Deterministic identifiers and content hashes: the same bytes and code always give the same IDs."""

from __future__ import annotations

import hashlib
from pathlib import Path

_SEPARATOR = "\x1f"


def stable_id(prefix: str, *parts: object) -> str:
    """``prefix`` + "_" + 16 hex chars of sha256 over the parts (None becomes "")."""
    joined = _SEPARATOR.join("" if part is None else str(part) for part in parts)
    return f"{prefix}_{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:16]}"


def document_id_for_path(relative_path: str) -> str:
    """A new document's ID comes from where it sits in the corpus (its path relative to the
    input folder), not from its bytes: editing a file keeps its identity, and two files with
    the same bytes are still two documents. A renamed file keeps its previous ID through
    ``pipeline.identity`` (matched by content against the previous release)."""
    return stable_id("doc", relative_path)


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, streamed so that a multi-GB file never sits in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
