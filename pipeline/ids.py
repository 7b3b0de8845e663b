"""Deterministic identifiers and content hashes: the same bytes and code always give the same IDs."""

from __future__ import annotations

import hashlib
from pathlib import Path

_SEPARATOR = "\x1f"


def stable_id(prefix: str, *parts: object) -> str:
    """``prefix`` + "_" + 16 hex chars of sha256 over the parts (None becomes "")."""
    joined = _SEPARATOR.join("" if part is None else str(part) for part in parts)
    return f"{prefix}_{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:16]}"


def document_id_for_bytes(digest_hex: str) -> str:
    """A document's ID is derived from the sha256 of its bytes, so renaming a file keeps it."""
    return f"doc_{digest_hex[:16]}"


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, streamed so that a multi-GB file never sits in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
