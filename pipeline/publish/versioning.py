"""Version policy: semantic versions decided by comparing a build with the newest release.

- The first release is **1.0.0**.
- **No new release** when the build's content fingerprint equals the newest release's: the
  fingerprint is a sha256 over the input files (path, sha256, size), the sha256 of every
  table's Parquet file and of every extra file (exports). Identical inputs and code give
  byte-identical files, hence the same fingerprint; a code change that alters no published
  byte does not make a release either.
- **Major** (X.0.0): any schema change: a table or column is added, removed, renamed (seen
  as removed + added) or retyped. Queries (and ``SELECT *`` consumers) may break.
- **Minor** (x.Y.0): rows are added to or removed from any table (the set of facts, sources,
  works... is different, so counts and joins change).
- **Patch** (x.y.Z): anything else: existing rows (same stable IDs) changed values, e.g. a
  one-word edit of a fact, or only input provenance or extra files changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.publish.manifest import TableSchemaEntry

TableEntries = Mapping[str, TableSchemaEntry]
"""table -> its manifest entry, whose "schema" lists the columns (name, type, nullable)."""


@dataclass(frozen=True)
class SchemaChanges:
    """Human-readable schema differences, split by the bump they cause."""

    breaking: list[str] = field(default_factory=list)
    additive: list[str] = field(default_factory=list)


def parse_version(version: str) -> tuple[int, int, int]:
    """(major, minor, patch) of a version string."""
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def is_version(text: str) -> bool:
    """Whether ``text`` is a version ("1.2.3", no leading zeros)."""
    parts = text.split(".")
    return len(parts) == 3 and all(part.isdigit() and str(int(part)) == part for part in parts)


def compare_schemas(old: TableEntries, new: TableEntries) -> SchemaChanges:
    """Breaking and additive differences between two releases' table schemas."""
    changes = SchemaChanges()
    for table in sorted(set(old) | set(new)):
        if table not in new:
            changes.breaking.append(f"table {table} removed")
            continue
        if table not in old:
            changes.additive.append(f"table {table} added")
            continue
        old_types = {column["name"]: column["type"] for column in old[table]["schema"]}
        new_types = {column["name"]: column["type"] for column in new[table]["schema"]}
        for column, old_type in old_types.items():
            if column not in new_types:
                changes.breaking.append(f"column {table}.{column} removed")
            elif new_types[column] != old_type:
                changes.breaking.append(f"column {table}.{column} retyped {old_type} -> {new_types[column]}")
        changes.additive.extend(f"column {table}.{column} added" for column in new_types if column not in old_types)
    return changes


def bump_kind(schema_changes: SchemaChanges, diff_counts: Mapping[str, Mapping[str, int]]) -> str:
    """"major", "minor" or "patch" according to the policy above."""
    if schema_changes.breaking or schema_changes.additive:
        return "major"
    rows_added_or_removed = any(counts["added"] or counts["removed"] for counts in diff_counts.values())
    if rows_added_or_removed:
        return "minor"
    return "patch"


def next_version(previous: str | None, bump: str) -> str:
    """The version after ``previous`` for a bump of the given kind."""
    if previous is None:
        return "1.0.0"
    major, minor, patch = parse_version(previous)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def content_fingerprint(inputs: Iterable[Mapping[str, Any]], file_hashes: Mapping[str, str]) -> str:
    """sha256 over the sorted inputs and the content files' hashes (see the policy above)."""
    canonical = {
        "inputs": sorted((str(i["path"]), str(i["sha256"]), int(i["size_bytes"])) for i in inputs),
        "files": dict(sorted(file_hashes.items())),
    }
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()
