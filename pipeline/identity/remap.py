"""Rewrite IDs in a set of tables: a table's own ID column, and every column that refers to it."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

import pyarrow as pa

from schemas.keys import FOREIGN_KEYS


def replace_column(table: pa.Table, column: str, values: list) -> pa.Table:
    """``table`` with ``column`` set to ``values`` (added as a string column when missing)."""
    if column in table.column_names:
        index = table.schema.get_field_index(column)
        field = table.schema.field(column)
        return table.set_column(index, field, pa.array(values, type=field.type))
    return table.append_column(pa.field(column, pa.large_string()), pa.array(values, type=pa.large_string()))


def map_column(table: pa.Table, column: str, mapping: Mapping[str, str]) -> pa.Table:
    """Replace every value of ``column`` found in ``mapping`` (others, and nulls, stay)."""
    if not mapping or column not in table.column_names:
        return table
    values = table.column(column).to_pylist()
    return replace_column(table, column, [mapping.get(v, v) if v is not None else None for v in values])


def remap_references(
    tables: MutableMapping[str, pa.Table], target_table: str, target_column: str, mapping: Mapping[str, str]
) -> None:
    """Apply ``mapping`` (old ID -> new ID of ``target_table``) to every column that refers to it."""
    for key in FOREIGN_KEYS:
        if key.target_table == target_table and key.target_column == target_column and key.table in tables:
            tables[key.table] = map_column(tables[key.table], key.column, mapping)
    if target_table in tables:
        tables[target_table] = map_column(tables[target_table], target_column, mapping)
