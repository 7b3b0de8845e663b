"""The release's own description of itself: ``manifest.json`` and ``SHA256SUMS``.

Why both: ``SHA256SUMS`` is what ``sha256sum -c`` checks without any of our code; the
manifest adds what a checksum list cannot say (version, provenance, row counts, schemas).
"""

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
DATABASE = "dataset.duckdb"
DIFF_TABLE = "release_diff"
CARD = "README.md"
CHANGELOG = "CHANGELOG.md"
DATAPACKAGE = "datapackage.json"
RESERVED_NAMES = frozenset({MANIFEST, CHECKSUMS, DATABASE, CARD, CHANGELOG, DATAPACKAGE, f"{DIFF_TABLE}.parquet"})



class ColumnEntry(TypedDict):
    """One column of a published table: its Arrow type and whether the contract allows nulls."""

    name: str
    type: str
    nullable: bool


class TableSchemaEntry(TypedDict):
    """What the version policy compares between releases: a table's columns."""

    schema: list[ColumnEntry]


class TableEntry(TableSchemaEntry):
    """A published table: its file, row count, primary key and column schema."""

    file: str
    rows: int
    primary_key: list[str]


class FileEntry(TypedDict):
    """A file of the release: checksum, size, and the row count when it is a table."""

    sha256: str
    bytes: int
    rows: NotRequired[int]


class InputEntry(TypedDict):
    """One input file the release was built from."""

    path: str
    sha256: str
    size_bytes: int


class ChangesTableEntry(TypedDict):
    """The row-level diff against the previous release (``release_diff.parquet``)."""

    file: str
    rows: int


class SchemaChangesEntry(TypedDict):
    """Schema differences against the previous release, which decide a major bump."""

    breaking: list[str]
    additive: list[str]


class RenamedEntry(TypedDict):
    """A document whose file moved, keeping its ID."""

    document_id: str
    old_path: str
    new_path: str


class Manifest(TypedDict):
    """``manifest.json``: the keys every release has. ``files``, ``renamed`` and ``id_changes`` are
    added while the release is being written, so a manifest under construction may lack them."""

    version: str
    previous_version: str | None
    bump: str
    code_version: str
    settings: dict[str, Any]
    fingerprint: str
    inputs: list[InputEntry]
    tables: dict[str, TableEntry]
    changes_table: ChangesTableEntry
    changes: dict[str, dict[str, int]]
    schema_changes: SchemaChangesEntry
    renamed: NotRequired[list[RenamedEntry]]
    id_changes: NotRequired[dict[str, dict[str, int]]]
    files: NotRequired[dict[str, FileEntry]]


class ManifestFieldsMissing(ValueError):
    """A manifest lacks keys every release has (written by other code, or damaged)."""


REQUIRED_KEYS = tuple(sorted(Manifest.__required_keys__))
"""(Computed at run time, which is why this module does without ``from __future__ import annotations``:
with string annotations Python 3.11 cannot see ``NotRequired``.)"""


def parquet_name(table: str) -> str:
    """The file name a table is published under."""
    return f"{table}.parquet"


def to_json_bytes(document: Mapping[str, Any]) -> bytes:
    """Stable formatting: keys in the (deterministic) order the code built them, two-space indent."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def read_manifest(release_dir: Path) -> Manifest:
    """The manifest of the release in ``release_dir``; ValueError when a required key is missing
    (a manifest written by other code, or damaged), so that callers never meet a KeyError."""
    path = release_dir / MANIFEST
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict):
        raise ValueError(f"{path}: not a JSON object")
    missing = [key for key in REQUIRED_KEYS if key not in document]
    if missing:
        raise ManifestFieldsMissing(f"missing field(s) {', '.join(missing)}")
    return cast(Manifest, document)


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
