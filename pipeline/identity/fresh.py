"""IDs for a build with no previous release: from each row's document and content, never its position."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.identity.remap import remap_references, replace_column
from pipeline.identity.rules import GROUP_IDENTITY, ROW_IDENTITY, RowIdentity
from pipeline.ids import stable_id
from schemas.keys import FOREIGN_KEYS

_SEPARATOR = "\x1f"
"""Between the parts of a content key, as ``stable_id`` joins them."""


def content_key(values: Sequence[object]) -> str:
    """One string per row content: the parts joined as ``stable_id`` joins them."""
    return _SEPARATOR.join("" if value is None else str(value) for value in values)


def row_keys(table: pa.Table, identity: RowIdentity) -> list[str]:
    """The content key of every row of ``table`` (:func:`content_key` of its content columns).

    String columns are joined by Arrow (a million rows per build, most of them text); any other
    column is spelled by ``str`` first, as ``content_key`` spells it.
    """
    if not identity.content:
        return [""] * table.num_rows
    parts = [_as_text(table.column(name)) for name in identity.content]
    return pc.binary_join_element_wise(*parts, pa.scalar(_SEPARATOR, pa.large_string())).to_pylist()


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return pc.fill_null(column.cast(pa.large_string()), "")
    return pa.chunked_array([pa.array(["" if v is None else str(v) for v in column.to_pylist()], pa.large_string())])


def document_order(table: pa.Table) -> list[int]:
    """Row indices by (document, line number, row order): the order occurrences are counted in.

    Arrow's sort is stable, so rows of the same document and line keep their row order; UTF-8
    byte order is code-point order, as Python compares strings.
    """
    keys = pa.table({"document": table.column("document_id"), "line": pc.fill_null(table.column("line_no"), 0)})
    return pc.sort_indices(keys, sort_keys=[("document", "ascending"), ("line", "ascending")]).to_pylist()


def fresh_ids(table: pa.Table, identity: RowIdentity) -> list[str]:
    """Prefix + hash(document_id, content key, n): n-th row of that content in its document.

    Unique by construction: (document, content, n) never repeats within a build.
    """
    documents = table.column("document_id").to_pylist()
    keys = row_keys(table, identity)
    seen: Counter[tuple[str, str]] = Counter()
    ids: list[str] = [""] * table.num_rows
    for index in document_order(table):
        scope = (documents[index], keys[index])
        ids[index] = stable_id(identity.prefix, documents[index], keys[index], seen[scope])
        seen[scope] += 1
    return ids


def assign_fresh_ids(
    tables: MutableMapping[str, pa.Table], names: Iterable[str], *, groups: Iterable[str] = ()
) -> MutableMapping[str, pa.Table]:
    """Give the rows of the named tables fresh IDs and rewrite every reference to them, in place.

    The stages that make rows may use any provisional IDs, provided those that other rows
    refer to are unique within the build. ``groups`` (``fact_clusters``, ``works``) then get
    the fresh ID of their smallest member, so they too are independent of line numbers.
    """
    for name in names:
        identity = ROW_IDENTITY[name]
        table = tables[name]
        new_ids = fresh_ids(table, identity)
        if identity.id_column in table.column_names:
            old_ids = table.column(identity.id_column).to_pylist()
            mapping = {o: n for o, n in zip(old_ids, new_ids) if o != n}
            if len(set(old_ids)) != len(old_ids) and _is_referenced(tables, name, identity.id_column, mapping):
                raise ValueError(f"{name}.{identity.id_column}: provisional IDs repeat but other rows refer to them")
            remap_references(tables, name, identity.id_column, mapping)
        tables[name] = replace_column(tables[name], identity.id_column, new_ids)
    for name in groups:
        group = GROUP_IDENTITY[name]
        members = tables[group.member_table]
        smallest: dict[str, str] = {}
        for member, group_id in zip(members.column(group.member_column).to_pylist(),
                                    members.column(group.id_column).to_pylist()):
            if group_id is not None and (group_id not in smallest or member < smallest[group_id]):
                smallest[group_id] = member
        mapping = {old: stable_id(group.prefix, member) for old, member in smallest.items()}
        remap_references(tables, name, group.id_column, {o: n for o, n in mapping.items() if o != n})
    return tables


def _is_referenced(tables: Mapping[str, pa.Table], name: str, column: str, mapping: Mapping[str, str]) -> bool:
    """Whether any other table holds one of the IDs ``mapping`` would rewrite."""
    for key in FOREIGN_KEYS:
        if key.target_table == name and key.target_column == column and key.table in tables:
            values = set(tables[key.table].column(key.column).to_pylist())
            if values & set(mapping):
                return True
    return False
