"""Table files of a release: deterministic Parquet and a DuckDB database of real tables.

Why sorted by primary key with a fixed row-group size and no metadata: the same rows must
give the same bytes, whatever order the pipeline produced them in, so that checksums of two
builds from the same inputs are identical.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
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
REPRODUCIBLE_DUCKDB_ENV = {"DUCKDB_JE_MALLOC_CONF": "zero:true"}
"""Why: DuckDB writes blocks from reused buffers without clearing their unused bytes, so two
writes of the same tables differed in about 300 KB of a 4 MB file. DuckDB's bundled jemalloc
reads this variable once, when the library loads, and then hands out zeroed memory; hence the
database is written by a child process that starts with it set."""


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
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
    pq.write_table(
        table,
        path,
        compression="zstd",
        row_group_size=ROW_GROUP_SIZE,
        write_statistics=True,
        store_schema=True,
    )


def write_duckdb_reproducibly(parquet_files: Mapping[str, Path], path: Path, comments: Mapping[str, str]) -> None:
    """:func:`write_duckdb` in a child process whose allocator zeroes memory: the same tables give
    the same bytes (measured on the seed release: 24 of 24 writes identical; in one process with
    FSST on, 8 writes gave 8 different files)."""
    request = {"tables": {name: str(file) for name, file in parquet_files.items()}, "path": str(path),
               "comments": dict(comments)}
    completed = subprocess.run(
        [sys.executable, "-m", "pipeline.publish.tables"], input=json.dumps(request), text=True,
        capture_output=True, env={**os.environ, **REPRODUCIBLE_DUCKDB_ENV}, check=False,
    )
    if completed.returncode != 0:
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)
        detail = completed.stderr.strip().splitlines()[-1:] or [f"exit code {completed.returncode}"]
        raise OSError(errno.EIO, f"writing {path.name} failed: {detail[0]}")


def write_duckdb(parquet_files: Mapping[str, Path], path: Path, comments: Mapping[str, str]) -> None:
    """Copy each Parquet file into a real table (no views: the file must stand alone)."""
    with duckdb.connect() as con:
        # FSST builds its symbol table from a random sample of the strings, so the same column
        # compressed differently on every write; dictionary and other encodings stay on.
        con.execute("SET disabled_compression_methods = 'fsst'")
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


if __name__ == "__main__":  # the child process of write_duckdb_reproducibly
    _request = json.load(sys.stdin)
    write_duckdb({name: Path(file) for name, file in _request["tables"].items()}, Path(_request["path"]),
                 _request["comments"])
