"""Compare any two published releases (not just consecutive ones), as ``diff A B`` prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.publish.diff import count_changes, diff_tables
from pipeline.publish.manifest import parquet_name, read_manifest
from pipeline.publish.versioning import SchemaChanges, bump_kind, compare_schemas


@dataclass(frozen=True)
class Comparison:
    """Differences from release ``old_version`` to release ``new_version``."""

    old_version: str
    new_version: str
    schema_changes: SchemaChanges
    counts: dict[str, dict[str, int]]
    rows: pa.Table
    """entity, id, change: one row per added, removed or changed row."""

    @property
    def bump(self) -> str:
        """The bump the version policy gives for these differences."""
        return bump_kind(self.schema_changes, self.counts)

    def report(self, *, with_ids: bool = False) -> str:
        lines = [f"{self.old_version} -> {self.new_version} ({self.bump} changes)"]
        lines += [f"  schema: {change}" for change in self.schema_changes.breaking + self.schema_changes.additive]
        width = max(map(len, self.counts), default=5)
        lines.append(f"  {'table':<{width}}  {'added':>9}  {'removed':>9}  {'changed':>9}")
        for entity, c in self.counts.items():
            lines.append(f"  {entity:<{width}}  {c['added']:>9,}  {c['removed']:>9,}  {c['changed']:>9,}")
        if with_ids:
            lines += [f"  {row['change']:<7}  {row['entity']}  {row['id']}" for row in self.rows.to_pylist()]
        return "\n".join(lines)


def compare_releases(old: Path, new: Path) -> Comparison:
    """Diff two release folders by stable IDs, and their schemas."""
    old_manifest, new_manifest = read_manifest(old), read_manifest(new)
    old_tables = {name: old / parquet_name(name) for name in old_manifest["tables"]}
    new_tables = {name: new / parquet_name(name) for name in new_manifest["tables"]}
    rows = diff_tables(old_tables, new_tables)
    return Comparison(
        old_version=old_manifest["version"],
        new_version=new_manifest["version"],
        schema_changes=compare_schemas(old_manifest["tables"], new_manifest["tables"]),
        counts=count_changes(rows, sorted(set(old_tables) | set(new_tables))),
        rows=rows,
    )
