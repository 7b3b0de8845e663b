"""Carry the previous release's IDs over to this build's rows, clusters and works."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.identity.align import align_rows
from pipeline.identity.fresh import document_order, row_keys
from pipeline.identity.groups import HistoryRow, carry_groups, unused_id
from pipeline.identity.remap import remap_references, replace_column
from pipeline.identity.rules import FIRST_RELEASE, GROUP_IDENTITIES, ROW_IDENTITIES, GroupIdentity, RowIdentity

HISTORY_TABLE = "id_history"
HISTORY_SCHEMA = pa.schema(
    [
        ("kind", pa.large_string()),
        ("old_id", pa.large_string()),
        ("new_id", pa.large_string()),
        ("release", pa.large_string()),
        ("reason", pa.large_string()),
    ]
)
"""``release`` is the release in which ``old_id`` stopped being current (or split); null in a
build until publishing fills in the version it gets."""


@dataclass(frozen=True)
class PreviousRelease:
    """The tables of the newest published release, as IDs are carried over from them."""

    version: str
    tables: Mapping[str, pa.Table] = field(default_factory=dict)


def _version_key(version: str | None) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(version).split("."))
    except ValueError:
        return (1 << 30,)


def _carry_documents(tables: dict[str, pa.Table], old: pa.Table) -> None:
    """Same path, same document; a new path whose bytes equal a vanished document's is a rename."""
    new = tables["documents"]
    new_ids = new.column("document_id").to_pylist()
    current = set(new_ids)
    old_ids = set(old.column("document_id").to_pylist())
    vanished: dict[str, list[str]] = defaultdict(list)
    for row in sorted(old.select(["document_id", "path", "sha256"]).to_pylist(), key=lambda r: r["path"]):
        if row["document_id"] not in current:
            vanished[row["sha256"]].append(row["document_id"])
    mapping: dict[str, str] = {}
    rows = sorted(zip(new_ids, new.column("path").to_pylist(), new.column("sha256").to_pylist()), key=lambda r: r[1])
    for document_id, _path, sha256 in rows:
        if document_id not in old_ids and vanished.get(sha256):
            mapping[document_id] = vanished[sha256].pop(0)
    taken = set(mapping.values()) | (old_ids & current)
    for document_id in sorted(current - set(mapping) - old_ids):
        if document_id in taken:  # the path of a renamed document is in use again
            mapping[document_id] = unused_id(document_id, taken, "doc")
            taken.add(mapping[document_id])
    remap_references(tables, "documents", "document_id", mapping)


def _rows_by_document(table: pa.Table) -> dict[str, np.ndarray]:
    """Document ID -> its row indices in document order (by line number, then row order)."""
    order = pa.array(document_order(table), pa.int64())
    if len(order) == 0:
        return {}
    runs = pc.run_end_encode(table.column("document_id").take(order).combine_chunks())
    ends = runs.run_ends.to_numpy()
    parts = np.split(order.to_numpy(), ends[:-1])
    return dict(zip(runs.values.to_pylist(), parts, strict=True))


def _carry_rows(tables: dict[str, pa.Table], old: pa.Table, identity: RowIdentity) -> list[HistoryRow]:
    new = tables[identity.table]
    new_ids = new.column(identity.id_column).to_pylist()
    old_ids = old.column(identity.id_column).to_pylist()
    old_by_document, new_by_document = _rows_by_document(old), _rows_by_document(new)
    old_keys = np.array(row_keys(old, identity), dtype=object)
    new_keys = np.array(row_keys(new, identity), dtype=object)
    old_id_array = np.array(old_ids, dtype=object)
    final = np.array(new_ids, dtype=object)
    carried = np.zeros(len(new_ids), dtype=bool)
    for document_id in sorted(old_by_document.keys() & new_by_document.keys()):
        old_rows, new_rows = old_by_document[document_id], new_by_document[document_id]
        before, after = old_keys[old_rows].tolist(), new_keys[new_rows].tolist()
        if before == after:  # an unchanged document, the usual case: each row keeps its ID
            final[new_rows], carried[new_rows] = old_id_array[old_rows], True
            continue
        pairs = align_rows(before, after)
        if pairs:
            moved_to, moved_from = (np.fromiter(side, dtype=np.int64, count=len(pairs)) for side in zip(*pairs.items()))
            final[new_rows[moved_to]], carried[new_rows[moved_to]] = old_id_array[old_rows[moved_from]], True
    taken = set(old_ids) | set(final[carried].tolist())
    for index in np.flatnonzero(~carried).tolist():  # a fresh ID must not take one that is, or was, another row's
        final[index] = unused_id(final[index], taken, identity.prefix)
        taken.add(final[index])
    final_ids = final.tolist()
    mapping = {old_id: new_id for old_id, new_id in zip(new_ids, final_ids) if old_id != new_id}
    if len(set(new_ids)) == len(new_ids):
        remap_references(tables, identity.table, identity.id_column, mapping)
    tables[identity.table] = replace_column(tables[identity.table], identity.id_column, final_ids)
    gone = sorted(set(old_ids) - set(final_ids))
    return [HistoryRow(identity.kind, old_id, None, "removed") for old_id in gone]


def _membership(table: pa.Table, member: str, group: str) -> dict[str, str]:
    return dict(zip(table.column(member).to_pylist(), table.column(group).to_pylist()))


def _carry_groups(
    tables: dict[str, pa.Table], previous: PreviousRelease, identity: GroupIdentity, reserved: set[str]
) -> list[HistoryRow]:
    old_groups_table = previous.tables[identity.table]
    old_members = previous.tables[identity.member_table]
    first_release: dict[str, str] = {}
    if FIRST_RELEASE in old_groups_table.column_names:
        ids = old_groups_table.column(identity.id_column).to_pylist()
        first_release = dict(zip(ids, old_groups_table.column(FIRST_RELEASE).to_pylist(), strict=True))
    mapping, history = carry_groups(
        _membership(old_members, identity.member_column, identity.id_column),
        _membership(tables[identity.member_table], identity.member_column, identity.id_column),
        age=lambda group: _version_key(first_release.get(group) or previous.version),
        reserved=reserved | set(old_groups_table.column(identity.id_column).to_pylist()),
        prefix=identity.prefix,
        kind=identity.kind,
    )
    remap_references(tables, identity.table, identity.id_column, {k: v for k, v in mapping.items() if k != v})
    groups = tables[identity.table]
    old_ids = set(old_groups_table.column(identity.id_column).to_pylist())
    since = [
        (first_release.get(group) or previous.version) if group in old_ids else None
        for group in groups.column(identity.id_column).to_pylist()
    ]
    tables[identity.table] = replace_column(groups, FIRST_RELEASE, since)
    return history


def _has_columns(tables: Mapping[str, pa.Table], *wanted: tuple[str, str]) -> bool:
    return all(name in tables and column in tables[name].column_names for name, column in wanted)


def _removed_documents(result: Mapping[str, pa.Table], old: Mapping[str, pa.Table]) -> list[HistoryRow]:
    if "documents" not in old or "documents" not in result:
        return []
    gone = set(old["documents"].column("document_id").to_pylist())
    gone -= set(result["documents"].column("document_id").to_pylist())
    return [HistoryRow("document", document_id, None, "removed") for document_id in sorted(gone)]


def reconcile(tables: Mapping[str, pa.Table], previous: PreviousRelease | None) -> dict[str, pa.Table]:
    """The tables with the previous release's IDs carried over, plus ``id_history``.

    With no previous release the tables keep their fresh IDs, ``first_release`` is null (the
    release being published) and ``id_history`` is empty.
    """
    result = dict(tables)
    history: list[HistoryRow] = []
    old = previous.tables if previous else {}
    if _has_columns(old, ("documents", "document_id")) and "documents" in result:
        _carry_documents(result, old["documents"])
    for row_identity in ROW_IDENTITIES:
        if row_identity.table in result and _has_columns(old, (row_identity.table, row_identity.id_column)):
            history += _carry_rows(result, old[row_identity.table], row_identity)
    for group in GROUP_IDENTITIES:
        if group.table not in result:
            continue
        if previous is not None and _has_columns(
            old, (group.table, group.id_column), (group.member_table, group.id_column)
        ):
            reserved = _retired_ids(old.get(HISTORY_TABLE), group.kind)
            history += _carry_groups(result, previous, group, reserved)
        else:
            groups = result[group.table]
            result[group.table] = replace_column(groups, FIRST_RELEASE, [None] * groups.num_rows)
    history += _removed_documents(result, old)
    result[HISTORY_TABLE] = _history_table(old.get(HISTORY_TABLE), history)
    return result


def _retired_ids(history: pa.Table | None, kind: str) -> set[str]:
    if history is None:
        return set()
    return {row["old_id"] for row in history.to_pylist() if row["kind"] == kind}


def _history_table(previous: pa.Table | None, rows: list[HistoryRow]) -> pa.Table:
    new = pa.Table.from_pylist(
        [{"kind": r.kind, "old_id": r.old_id, "new_id": r.new_id, "release": None, "reason": r.reason} for r in rows],
        schema=HISTORY_SCHEMA,
    )
    if previous is None:
        return new
    return pa.concat_tables([previous.select(HISTORY_SCHEMA.names).cast(HISTORY_SCHEMA), new])
