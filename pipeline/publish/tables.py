"""Table files of a release: deterministic Parquet and a DuckDB database of real tables.

Why sorted by primary key with a fixed row-group size and no metadata: the same rows must
give the same bytes, whatever order the pipeline produced them in, so that checksums of two
builds from the same inputs are identical.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas import TABLE_SCHEMAS, arrow_schema
from schemas.keys import PRIMARY_KEYS

ROW_GROUP_SIZE = 65_536
DUCKDB_STORAGE_VERSION = "v1.0.0"
"""Storage format that DuckDB 1.0 and every later version (1.1+, 2.x) reads."""


def quote_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """``text`` as a quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sort_keys(name: str, schema: pa.Schema) -> list[str]:
    """Primary key, or every sortable column for a table without one (a total order on content)."""
    if name in PRIMARY_KEYS:
        return list(PRIMARY_KEYS[name])
    return [field.name for field in schema if not pa.types.is_nested(field.type)]


def canonical_table(name: str, table: pa.Table) -> pa.Table:
    """The table with its published column order and types, sorted, without schema metadata."""
    expected = arrow_schema(name)
    if set(table.column_names) != set(expected.names):
        missing = sorted(set(expected.names) - set(table.column_names))
        extra = sorted(set(table.column_names) - set(expected.names))
        raise ValueError(f"table {name!r}: columns differ from its schema (missing {missing}, unexpected {extra})")
    table = table.select(expected.names).cast(expected)
    order = pc.sort_indices(table, sort_keys=[(key, "ascending") for key in sort_keys(name, expected)])
    return table.take(order).combine_chunks()


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write ``table`` as deterministic, zstd-compressed Parquet."""
    pq.write_table(
        table,
        path,
        compression="zstd",
        row_group_size=ROW_GROUP_SIZE,
        write_statistics=True,
        store_schema=True,
    )


def write_duckdb(parquet_files: Mapping[str, Path], path: Path, comments: Mapping[str, str]) -> None:
    """Copy each Parquet file into a real table (no views: the file must stand alone)."""
    with duckdb.connect() as con:
        con.execute(
            f"ATTACH {quote_literal(str(path))} AS release (STORAGE_VERSION {quote_literal(DUCKDB_STORAGE_VERSION)})"
        )
        con.execute("BEGIN TRANSACTION")  # one commit instead of one per statement
        for name, parquet in parquet_files.items():
            table = f"release.{quote_identifier(name)}"
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet({quote_literal(str(parquet))})")
            if name in comments:
                con.execute(f"COMMENT ON TABLE {table} IS {quote_literal(comments[name])}")
        con.execute("COMMIT")
        con.execute("DETACH release")


def schema_json(name: str, schema: pa.Schema) -> list[dict[str, object]]:
    """Column name, Arrow type and nullability (from the pandera contract: Arrow fields are all nullable)."""
    columns = TABLE_SCHEMAS[name].columns
    return [{"name": f.name, "type": str(f.type), "nullable": bool(columns[f.name].nullable)} for f in schema]
