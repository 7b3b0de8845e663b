"""Resolve an ID someone kept from an older release to what it is now (OpenAlex/Wikidata style)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pipeline.identity.rules import GROUP_IDENTITIES, ROW_IDENTITIES

ID_COLUMNS: dict[str, tuple[str, str]] = {
    "doc": ("documents", "document_id"),
    **{i.prefix: (i.table, i.id_column) for i in ROW_IDENTITIES},
    **{g.prefix: (g.table, g.id_column) for g in GROUP_IDENTITIES},
}
"""ID prefix -> the table and column where current IDs of that kind live."""


@dataclass(frozen=True)
class Resolution:
    """Where an ID led: the current ID (None if removed) and the ``id_history`` steps taken."""

    asked: str
    current: str | None
    steps: list[Mapping[str, str | None]] = field(default_factory=list)

    def report(self) -> str:
        """One line per step, oldest first."""
        lines = [f"{step['old_id']} {step['reason']} in {step['release']} -> {step['new_id'] or '(nothing)'}"
                 for step in self.steps]
        if self.current is not None:
            lines.append(f"{self.current} is current")
        elif not self.steps:
            lines.append(f"{self.asked} is unknown to this release and its id_history")
        return "\n".join(lines)


def resolve_id(old_id: str, history: Iterable[Mapping[str, str | None]], current_ids: set[str]) -> Resolution:
    """Follow ``merged`` rows from ``old_id`` until an ID in ``current_ids``; ``removed`` ends the trail."""
    retired = {row["old_id"]: row for row in history if row["reason"] in ("merged", "removed")}
    steps: list[Mapping[str, str | None]] = []
    at: str | None = old_id
    seen: set[str] = set()
    while at is not None and at not in current_ids and at in retired and at not in seen:
        seen.add(at)
        steps.append(retired[at])
        at = retired[at]["new_id"]
    return Resolution(old_id, at if at is not None and at in current_ids else None, steps)
