"""What changed between two releases, row by row, identified by stable IDs.

A row is identified by its table's primary key (``schemas.keys.PRIMARY_KEYS``; composite keys
are joined with "/"). It is *added* or *removed* when its ID is on one side only, *changed*
when the ID is on both sides but a value differs in a column both releases have (a new
column alone is a schema change, recorded by the version bump, not a change of every row), and
*moved* when the only differences are in its position (its line number shifted because lines
were inserted or removed above it).
Rows of a table without a key are identified by a digest of their content
(``row_<16 hex>``, with ``#n`` for the n-th identical copy), so they are added or removed,
never changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.table_files import quote_identifier, quote_literal
from schemas import arrow_schema
from schemas.keys import POSITION_COLUMNS, PRIMARY_KEYS
from schemas.spec import DIFF

CHANGES = ("added", "removed", "changed", "moved")
DIFF_SCHEMA = arrow_schema(DIFF.name)
"""Schema of ``release_diff.parquet``: one row per added, removed, changed or moved row;
``columns`` lists the columns whose values differ (changed and moved rows only)."""

_NO_ROWS = "(SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS digest WHERE false)"


def _digest(columns: list[str]) -> str:
    if not columns:
        return "''"
    fields = ", ".join(f"{quote_identifier(c)} := {quote_identifier(c)}" for c in columns)
    return f"md5(to_json(struct_pack({fields})))"


def _source(parquet: Path) -> str:
    return f"read_parquet({quote_literal(str(parquet))})"


def _content_rows(parquet: Path, columns: list[str]) -> str:
    """SQL yielding (id, digest) for every row of a table without a key: its content is its identity."""
    digest = _digest(columns)
    return (
        f"(SELECT 'row_' || left(digest, 16) || CASE WHEN copy > 1 THEN '#' || copy ELSE '' END AS id, digest "
        f"FROM (SELECT {digest} AS digest, row_number() OVER (PARTITION BY {digest}) AS copy FROM {_source(parquet)}))"
    )


def _keyless_changes(con: duckdb.DuckDBPyConnection, name: str, old: Path | None, new: Path | None,
                     common: list[str]) -> pa.Table:
    old_rows = _content_rows(old, common) if old else _NO_ROWS
    new_rows = _content_rows(new, common) if new else _NO_ROWS
    query = f"""
        SELECT {quote_literal(name)} AS entity, coalesce(n.id, o.id) AS id,
               CASE WHEN o.id IS NULL THEN 'added' ELSE 'removed' END AS change, NULL::VARCHAR[] AS columns
        FROM {old_rows} AS o FULL OUTER JOIN {new_rows} AS n ON o.id = n.id
        WHERE o.id IS NULL OR n.id IS NULL
        ORDER BY id
    """
    return con.sql(query).to_arrow_table().cast(DIFF_SCHEMA)


def _keyed_rows(parquet: Path | None, key: tuple[str, ...], columns: list[str]) -> str:
    if parquet is None:
        nulls = ", ".join(f"NULL AS {quote_identifier(c)}" for c in columns)
        return f"(SELECT NULL::VARCHAR AS __id{', ' + nulls if nulls else ''} WHERE false)"
    identity = " || '/' || ".join(f"CAST({quote_identifier(c)} AS VARCHAR)" for c in key)
    selected = ", ".join(quote_identifier(c) for c in columns)
    return f"(SELECT {identity} AS __id{', ' + selected if selected else ''} FROM {_source(parquet)})"


def _keyed_changes(con: duckdb.DuckDBPyConnection, name: str, old: Path | None, new: Path | None,
                   key: tuple[str, ...], common: list[str]) -> pa.Table:
    """Rows matched by primary key; a changed row lists its differing columns; a row whose only
    differences are in position columns (``schemas.keys.POSITION_COLUMNS``) has *moved*."""
    compared = [c for c in common if c not in key]
    differing = ", ".join(
        f"CASE WHEN o.{quote_identifier(c)} IS DISTINCT FROM n.{quote_identifier(c)} THEN {quote_literal(c)} END"
        for c in compared
    )
    columns = f"list_filter([{differing}]::VARCHAR[], lambda x: x IS NOT NULL)" if compared else "[]::VARCHAR[]"
    position = "[" + ", ".join(quote_literal(c) for c in POSITION_COLUMNS) + "]::VARCHAR[]"
    query = f"""
        SELECT entity, id,
               CASE WHEN change = 'changed' AND list_has_all({position}, columns) THEN 'moved' ELSE change END AS change,
               CASE WHEN change = 'changed' THEN columns END AS columns
        FROM (
            SELECT {quote_literal(name)} AS entity, coalesce(n.__id, o.__id) AS id,
                   CASE WHEN o.__id IS NULL THEN 'added' WHEN n.__id IS NULL THEN 'removed' ELSE 'changed' END AS change,
                   {columns} AS columns
            FROM {_keyed_rows(old, key, common)} AS o FULL OUTER JOIN {_keyed_rows(new, key, common)} AS n
            ON o.__id = n.__id
        )
        WHERE change <> 'changed' OR len(columns) > 0
        ORDER BY id
    """
    return con.sql(query).to_arrow_table().cast(DIFF_SCHEMA)


def _table_changes(con: duckdb.DuckDBPyConnection, name: str, old: Path | None, new: Path | None) -> pa.Table:
    old_columns = pq.read_schema(old).names if old else []
    new_columns = pq.read_schema(new).names if new else []
    common = [c for c in new_columns if c in old_columns] or old_columns or new_columns
    key = PRIMARY_KEYS.get(name)
    if key is not None and not set(key) <= set(common):
        key = None
    if key is None:
        return _keyless_changes(con, name, old, new, common)
    return _keyed_changes(con, name, old, new, key, common)


def diff_tables(old: Mapping[str, Path], new: Mapping[str, Path]) -> pa.Table:
    """Changed rows between two releases given as table name -> Parquet file, sorted by entity and ID."""
    names = sorted(set(old) | set(new))
    with duckdb.connect() as con:
        parts = [_table_changes(con, name, old.get(name), new.get(name)) for name in names]
    return pa.concat_tables(parts) if parts else DIFF_SCHEMA.empty_table()


def count_changes(diff: pa.Table, entities: list[str]) -> dict[str, dict[str, int]]:
    """Entity -> {added, removed, changed} counts, with zeros for every entity listed."""
    counts = {entity: dict.fromkeys(CHANGES, 0) for entity in entities}
    grouped = diff.group_by(["entity", "change"]).aggregate([("id", "count")])
    for row in grouped.to_pylist():
        counts.setdefault(row["entity"], dict.fromkeys(CHANGES, 0))[row["change"]] = row["id_count"]
    return dict(sorted(counts.items()))
