"""Compare any two published releases (not just consecutive ones), as ``diff A B`` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.diff import CHANGES, count_changes, diff_tables
from pipeline.publish.manifest import parquet_name, read_manifest
from pipeline.publish.versioning import SchemaChanges, bump_kind, compare_schemas


@dataclass(frozen=True)
class Rename:
    """A document that kept its ID under a new path."""

    document_id: str
    old_path: str
    new_path: str


@dataclass(frozen=True)
class Comparison:
    """Differences from release ``old_version`` to release ``new_version``."""

    old_version: str
    new_version: str
    schema_changes: SchemaChanges
    counts: dict[str, dict[str, int]]
    rows: pa.Table
    """entity, id, change, columns: one row per added, removed, changed or moved row."""
    renamed: list[Rename] = field(default_factory=list)
    id_changes: list[dict[str, str | None]] = field(default_factory=list)
    """``id_history`` rows recorded after ``old_version``: IDs merged, split off or removed."""

    @property
    def bump(self) -> str:
        """The bump the version policy gives for these differences."""
        return bump_kind(self.schema_changes, self.counts)

    def report(self, *, with_ids: bool = False) -> str:
        """The comparison as the terminal shows it (with the changed IDs when asked)."""
        lines = [f"{self.old_version} -> {self.new_version} ({self.bump} changes)"]
        lines += [f"  schema: {change}" for change in self.schema_changes.breaking + self.schema_changes.additive]
        width = max(map(len, self.counts), default=5)
        lines.append(f"  {'table':<{width}}" + "".join(f"  {change:>9}" for change in CHANGES))
        for entity, c in self.counts.items():
            lines.append(f"  {entity:<{width}}" + "".join(f"  {c[change]:>9,}" for change in CHANGES))
        lines += [f"  renamed  {r.document_id}  {r.old_path} -> {r.new_path}" for r in self.renamed]
        for reason in ("merged", "split", "removed"):
            chosen = [c for c in self.id_changes if c["reason"] == reason and c["kind"] in ("cluster", "work")]
            if chosen:
                lines.append(f"  {reason}: {len(chosen)} cluster/work ID(s)")
                if with_ids:
                    lines += [f"    {c['kind']} {c['old_id']} -> {c['new_id'] or '(none)'}" for c in chosen]
        if with_ids:
            for row in self.rows.to_pylist():
                columns = f"  [{', '.join(row['columns'])}]" if row["columns"] else ""
                lines.append(f"  {row['change']:<7}  {row['entity']}  {row['id']}{columns}")
        return "\n".join(lines)


def renamed_documents(old: Path, new: Path, rows: pa.Table) -> list[Rename]:
    """Documents whose ``path`` changed under the same ID, from a diff of two release folders."""
    changed = {
        row["id"] for row in rows.to_pylist()
        if row["entity"] == "documents" and row["columns"] and "path" in row["columns"]
    }
    if not changed:
        return []
    paths = {
        side: {r["document_id"]: r["path"] for r in pq.read_table(folder / parquet_name("documents")).to_pylist()}
        for side, folder in (("old", old), ("new", new))
    }
    return [Rename(i, paths["old"][i], paths["new"][i]) for i in sorted(changed)]


def _id_changes(old: Path, new: Path, old_tables: list[str], new_tables: list[str]) -> list[dict[str, str | None]]:
    if "id_history" not in new_tables:
        return []
    seen = (
        {tuple(r.values()) for r in pq.read_table(old / parquet_name("id_history")).to_pylist()}
        if "id_history" in old_tables
        else set()
    )
    return [r for r in pq.read_table(new / parquet_name("id_history")).to_pylist() if tuple(r.values()) not in seen]


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
        renamed=renamed_documents(old, new, rows),
        id_changes=_id_changes(old, new, list(old_tables), list(new_tables)),
    )
