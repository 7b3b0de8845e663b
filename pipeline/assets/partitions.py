"""One Dagster partition per input document (dynamic: the set follows the input folder).

Why ranges: a run materializes a contiguous range of partitions in one step (single-run
backfill), so a build's cost does not grow with a per-partition run overhead. New and changed
documents are (re-)added at the end of the partition order, so they always form the range at
the end (see ``pipeline.assets.sensors``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import dagster as dg

DOCUMENTS = dg.DynamicPartitionsDefinition(name="documents")
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"


@dataclass(frozen=True)
class PartitionChanges:
    """How the input folder differs from the partition set: what a build must (re-)materialize."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    @property
    def to_materialize(self) -> tuple[str, ...]:
        """Partitions that need a run: the new and the changed ones."""
        return self.changed + self.added

    @property
    def any(self) -> bool:
        """True when anything was added, changed or removed."""
        return bool(self.added or self.changed or self.removed)


def diff_documents(current: dict[str, str], known: dict[str, str]) -> PartitionChanges:
    """``current`` and ``known``: document_id -> content fingerprint, in corpus order."""
    return PartitionChanges(
        added=tuple(key for key in current if key not in known),
        changed=tuple(key for key, value in current.items() if key in known and known[key] != value),
        removed=tuple(key for key in known if key not in current),
    )


def range_tags(keys: Sequence[str]) -> dict[str, str]:
    """Run tags that target the partitions from ``keys[0]`` to ``keys[-1]`` (in partition order)."""
    return {RANGE_START: keys[0], RANGE_END: keys[-1]} if keys else {}


def apply_changes(instance: dg.DagsterInstance, changes: PartitionChanges) -> None:
    """Delete removed partitions; move changed ones to the end (delete, add), then add new ones."""
    for key in changes.removed + changes.changed:
        instance.delete_dynamic_partition(DOCUMENTS.name, key)
    if changes.to_materialize:
        instance.add_dynamic_partitions(DOCUMENTS.name, list(changes.to_materialize))


def sync_all(instance: dg.DagsterInstance, document_ids: Sequence[str]) -> list[str]:
    """Make the partition set exactly ``document_ids`` (keeping existing ones); return it in partition order."""
    existing = instance.get_dynamic_partitions(DOCUMENTS.name)
    wanted = set(document_ids)
    for key in existing:
        if key not in wanted:
            instance.delete_dynamic_partition(DOCUMENTS.name, key)
    known = set(existing)
    new = [key for key in document_ids if key not in known]
    if new:
        instance.add_dynamic_partitions(DOCUMENTS.name, new)
    return instance.get_dynamic_partitions(DOCUMENTS.name)


def sync_for_build(instance: dg.DagsterInstance, document_ids: Sequence[str], stale: Sequence[str]) -> list[str]:
    """Make the partition set exactly ``document_ids``, the ``stale`` ones (re-)added at its end
    (``apply_changes``), so that one range holds them; return them in partition order."""
    existing = instance.get_dynamic_partitions(DOCUMENTS.name)
    known, wanted, rebuild = set(existing), set(document_ids), set(stale)
    apply_changes(instance, PartitionChanges(
        added=tuple(key for key in document_ids if key not in known),
        changed=tuple(key for key in existing if key in rebuild and key in wanted),
        removed=tuple(key for key in existing if key not in wanted),
    ))
    return [key for key in instance.get_dynamic_partitions(DOCUMENTS.name) if key in rebuild]
