"""The release's own description of itself: ``manifest.json`` and ``SHA256SUMS``.

Why both: ``SHA256SUMS`` is what ``sha256sum -c`` checks without any of our code; the
manifest adds what a checksum list cannot say (version, provenance, row counts, schemas).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
DATABASE = "dataset.duckdb"
DIFF_TABLE = "release_diff"
CARD = "README.md"
CHANGELOG = "CHANGELOG.md"
DATAPACKAGE = "datapackage.json"
RESERVED_NAMES = frozenset({MANIFEST, CHECKSUMS, DATABASE, CARD, CHANGELOG, DATAPACKAGE, f"{DIFF_TABLE}.parquet"})

Manifest = dict[str, Any]


def parquet_name(table: str) -> str:
    """The file name a table is published under."""
    return f"{table}.parquet"


def to_json_bytes(document: Mapping[str, Any]) -> bytes:
    """Stable formatting: keys in the (deterministic) order the code built them, two-space indent."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def read_manifest(release_dir: Path) -> Manifest:
    """The manifest of the release in ``release_dir``."""
    return json.loads((release_dir / MANIFEST).read_text(encoding="utf-8"))


def render_checksums(hashes: Mapping[str, str]) -> bytes:
    """``sha256sum`` format: "<hex>  <name>" per line, sorted by name."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(hashes.items())).encode()


def parse_checksums(text: str) -> dict[str, str]:
    """Inverse of :func:`render_checksums`; raises ValueError on a malformed line."""
    hashes: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != 64 or not name:
            raise ValueError(f"{CHECKSUMS} line {number} is not '<sha256>  <file>': {line!r}")
        hashes[name] = digest
    return hashes
