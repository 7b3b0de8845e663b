"""Clusters and works keep their IDs across releases as their members come and go.

Rules (OpenAlex/Wikidata style: an ID is never silently reassigned):

- every old group hands its ID to the new group holding most of its members (a split: the
  larger part keeps the ID);
- a new group that several old groups hand their IDs to keeps the oldest one (a merge); the
  others are retired as ``merged`` into it;
- a new group no old ID reaches gets a fresh ID; when it holds members of an old group it
  is recorded as ``split`` from that group (whose ID stays current);
- an old group none of whose members remain is retired as ``removed``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pipeline.ids import stable_id


@dataclass(frozen=True)
class HistoryRow:
    """An ID that stopped being current (or split off), and what it became."""

    kind: str
    old_id: str
    new_id: str | None
    reason: str


def unused_id(candidate: str, taken: set[str], prefix: str) -> str:
    """``candidate``, or a deterministic variant of it when that ID is already taken."""
    salt = 0
    while candidate in taken:
        salt += 1
        candidate = stable_id(prefix, candidate, salt)
    return candidate


def _overlap(old_groups: Mapping[str, str], new_groups: Mapping[str, str]) -> dict[str, dict[str, int]]:
    """Old group -> new group -> how many members they share."""
    overlap: dict[str, dict[str, int]] = {}
    for member, old_group in old_groups.items():
        if member not in new_groups:
            continue
        new_group = new_groups[member]
        counts = overlap.get(old_group)
        if counts is None:  # plain dicts: a Counter per group cost a second per million members
            overlap[old_group] = {new_group: 1}
        else:
            counts[new_group] = counts.get(new_group, 0) + 1
    return overlap


def carry_groups(
    old_groups: Mapping[str, str],
    new_groups: Mapping[str, str],
    *,
    age: Callable[[str], tuple],
    reserved: set[str],
    prefix: str,
    kind: str,
) -> tuple[dict[str, str], list[HistoryRow]]:
    """Map each new (provisional) group ID to its published ID.

    ``old_groups`` / ``new_groups``: member ID -> group ID in the previous release / this build
    (member IDs already stable). ``age(old_id)`` sorts older IDs first. ``reserved``: IDs that
    must not be issued fresh (every ID the previous releases used).
    """
    new_members: dict[str, list[str]] = defaultdict(list)
    for member, group in new_groups.items():
        new_members[group].append(member)
    overlap = _overlap(old_groups, new_groups)
    heirs: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, list[str]] = defaultdict(list)  # new group -> the old groups holding some of its members
    for old_group, counts in overlap.items():
        if len(counts) == 1:  # the usual case: the old group's members all stayed together
            heir = next(iter(counts))
        else:
            heir = min(counts, key=lambda g: (-counts[g], -len(new_members[g]), g))
        heirs[heir].append(old_group)
        for new_group in counts:
            sources[new_group].append(old_group)
    mapping: dict[str, str] = {}
    history: list[HistoryRow] = []
    for new_group in sorted(new_members):
        claims = heirs.get(new_group)
        if not claims:
            continue
        if len(claims) == 1:
            mapping[new_group] = claims[0]
            continue
        keeper = min(claims, key=lambda o: (age(o), -overlap[o][new_group], o))
        mapping[new_group] = keeper
        history += [HistoryRow(kind, o, keeper, "merged") for o in sorted(claims) if o != keeper]
    taken = set(reserved) | set(mapping.values())
    for new_group in sorted(new_members):
        if new_group in mapping:
            continue
        mapping[new_group] = fresh = unused_id(new_group, taken, prefix)
        taken.add(fresh)
        history += [HistoryRow(kind, o, fresh, "split") for o in sorted(sources.get(new_group, ()))]
    gone = sorted(set(old_groups.values()) - set(overlap))
    history += [HistoryRow(kind, o, None, "removed") for o in gone]
    return mapping, history
