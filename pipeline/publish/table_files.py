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
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.publish.manifest import ColumnEntry
from schemas import TABLE_SCHEMAS, arrow_schema
from schemas.keys import FOREIGN_KEYS, PRIMARY_KEYS
from schemas.spec import ALL_SPECS, ForeignKey

ROW_GROUP_SIZE = 65_536
DUCKDB_STORAGE_VERSION = "v1.0.0"
"""Storage format that DuckDB 1.0 and every later version (1.1+, 2.x) reads."""
REPRODUCIBLE_DUCKDB_ENV = {"DUCKDB_JE_MALLOC_CONF": "zero:true"}
"""Why: DuckDB writes blocks from reused buffers without clearing their unused bytes, so two
writes of the same tables differed in about 300 KB of a 4 MB file. DuckDB's bundled jemalloc
reads this variable once, when the library loads, and then hands out zeroed memory; hence the
database is written by a child process that starts with it set."""


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


_PANDAS_NULLABLE = {"int64": ("int64", "Int64"), "float64": ("float64", "Float64"), "boolean": ("bool", "boolean")}


def pandas_metadata(name: str, schema: pa.Schema) -> bytes:
    """The ``pandas`` schema metadata that makes ``pd.read_parquet`` keep declared types: nullable
    integer, float and boolean columns read as ``Int64``/``Float64``/``boolean`` (not float with NaN).
    Deterministic (no library versions), so the same rows still give the same bytes."""
    specs = {c.name: c for c in ALL_SPECS[name].columns} if name in ALL_SPECS else {}
    columns = []
    for data_field in schema:
        spec = specs.get(data_field.name)
        pandas_type, numpy_type = "object", "object"
        if spec is not None and spec.type_name() in _PANDAS_NULLABLE:
            pandas_type, numpy_type = _PANDAS_NULLABLE[spec.type_name()]
            numpy_type = numpy_type if spec.nullable else pandas_type
        columns.append({"name": data_field.name, "field_name": data_field.name, "pandas_type": pandas_type,
                        "numpy_type": numpy_type, "metadata": None})
    document = {"index_columns": [], "column_indexes": [], "columns": columns,
                "creator": {"library": "seed-dataset-pipeline"}}
    return json.dumps(document, separators=(",", ":")).encode()


def write_parquet(table: pa.Table, path: Path, name: str | None = None) -> None:
    """Deterministic zstd Parquet; an empty table is written with no row group (readers such as Hugging
    Face ``datasets`` size their batches by the first row group, and a zero-row group makes that 0)."""
    if name is not None:
        table = table.replace_schema_metadata({b"pandas": pandas_metadata(name, table.schema)})
    options = {"compression": "zstd", "write_statistics": True, "store_schema": True}
    if table.num_rows == 0:
        with pq.ParquetWriter(path, table.schema, **options):
            pass
        return
    pq.write_table(table, path, row_group_size=ROW_GROUP_SIZE, **options)


def constrained_order(names: Sequence[str]) -> tuple[list[str], set[ForeignKey]]:
    """Tables in an order where each foreign key's target exists first, and the foreign keys that
    DuckDB cannot declare (a cycle, e.g. facts.cluster_id <-> fact_clusters.representative_fact_id:
    DuckDB has no ALTER TABLE ... ADD FOREIGN KEY)."""
    present = set(names)
    keys = [k for k in FOREIGN_KEYS if k.table in present and k.target_table in present and k.table != k.target_table]
    order: list[str] = []
    skipped: set[ForeignKey] = set()
    remaining = list(names)
    while remaining:
        ready = [
            n for n in remaining if all(k.target_table in order for k in keys if k.table == n and k not in skipped)
        ]
        if not ready:  # a cycle: create the first remaining table without its keys into the cycle
            first = remaining[0]
            skipped |= {k for k in keys if k.table == first and k.target_table not in order}
            ready = [first]
        for name in ready:
            order.append(name)
            remaining.remove(name)
    return order, skipped


def _create_statement(con: duckdb.DuckDBPyConnection, table: str, source: str, skipped: set[ForeignKey],
                      created: set[str]) -> str:
    """CREATE TABLE with the spec's NOT NULL, PRIMARY KEY and FOREIGN KEY constraints; types from the data."""
    spec = ALL_SPECS[table]
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {source})").fetchall())
    parts = [
        f"{quote_identifier(c.name)} {types[c.name]}{'' if c.nullable else ' NOT NULL'}" for c in spec.columns
    ]
    if spec.primary_key:
        parts.append("PRIMARY KEY (" + ", ".join(map(quote_identifier, spec.primary_key)) + ")")
    for key in spec.foreign_keys:
        if key in skipped or key.target_table not in created:
            continue
        parts.append(
            f"FOREIGN KEY ({quote_identifier(key.column)}) "
            f"REFERENCES {quote_identifier(key.target_table)} ({quote_identifier(key.target_column)})"
        )
    return "(\n    " + ",\n    ".join(parts) + "\n)"


def comment_statements(qualified: str, table: str, *, view: bool = False) -> list[str]:
    """COMMENT ON the table (or view) and each of its columns, from the spec."""
    spec = ALL_SPECS[table]
    kind = "VIEW" if view else "TABLE"
    statements = [f"COMMENT ON {kind} {qualified} IS {quote_literal(spec.description)}"]
    statements += [
        f"COMMENT ON COLUMN {qualified}.{quote_identifier(c.name)} IS {quote_literal(c.description)}"
        for c in spec.columns
    ]
    return statements


def table_statements(
    con: duckdb.DuckDBPyConnection, schema: str, sources: Mapping[str, str]
) -> tuple[list[str], set[ForeignKey]]:
    """The statements that create each table (name -> SQL source) in ``schema`` with its constraints
    and comments and fill it, and the foreign keys that could not be declared; ``con`` reads the
    sources' column types and runs nothing else."""
    order, skipped = constrained_order(list(sources))
    created: set[str] = set()
    statements: list[str] = []
    for name in order:
        qualified = f"{schema}.{quote_identifier(name)}"
        columns = ", ".join(quote_identifier(c) for c in ALL_SPECS[name].column_names)
        statements.append(f"CREATE TABLE {qualified} {_create_statement(con, name, sources[name], skipped, created)}")
        statements.append(f"INSERT INTO {qualified} SELECT {columns} FROM {sources[name]}")
        statements += comment_statements(qualified, name)
        created.add(name)
    return statements, skipped


def copy_tables(con: duckdb.DuckDBPyConnection, schema: str, sources: Mapping[str, str]) -> set[ForeignKey]:
    """Create each table (name -> SQL source) in ``schema`` with its constraints and comments and fill it;
    return the foreign keys that could not be declared."""
    statements, skipped = table_statements(con, schema, sources)
    for statement in statements:
        con.execute(statement)
    return skipped


_RUN_STATEMENTS = (
    "import json, sys, duckdb\n"
    "with duckdb.connect() as con:\n    for s in json.load(sys.stdin):\n        con.execute(s)\n"
)
"""The child of :func:`write_duckdb_reproducibly`: DuckDB alone, so that it starts in a fraction of a
second (importing the pipeline, pandera and pandas took about three seconds per write)."""


def write_duckdb_reproducibly(parquet_files: Mapping[str, Path], path: Path) -> None:
    """:func:`write_duckdb` in a child process whose allocator zeroes memory: the same tables give
    the same bytes (measured on the seed release: 24 of 24 writes identical; in one process with
    FSST on, 8 writes gave 8 different files). The statements are prepared here; the child runs them."""
    completed = subprocess.run(
        [sys.executable, "-c", _RUN_STATEMENTS], input=json.dumps(duckdb_statements(parquet_files, path)), text=True,
        capture_output=True, env={**os.environ, **REPRODUCIBLE_DUCKDB_ENV}, check=False,
    )
    if completed.returncode != 0:
        for leftover in (path, path.with_name(path.name + ".wal")):
            leftover.unlink(missing_ok=True)
        detail = completed.stderr.strip().splitlines()[-1:] or [f"exit code {completed.returncode}"]
        raise OSError(errno.EIO, f"writing {path.name} failed: {detail[0]}")


def duckdb_statements(parquet_files: Mapping[str, Path], path: Path) -> list[str]:
    """Every statement that writes the database at ``path``: each Parquet file copied into a real
    table with the spec's constraints and comments (no views: the file must stand alone)."""
    sources = {name: f"read_parquet({quote_literal(str(parquet))})" for name, parquet in parquet_files.items()}
    with duckdb.connect() as con:  # reads the Parquet files' column types only
        tables, _ = table_statements(con, "release.main", sources)
    return [
        # FSST builds its symbol table from a random sample of the strings, so the same column
        # compressed differently on every write; dictionary and other encodings stay on.
        "SET disabled_compression_methods = 'fsst'",
        # One thread: with primary-key indexes, a parallel build once gave a different file
        # (seen once in a loaded test run); the tables are small enough not to need more.
        "SET threads = 1",
        f"ATTACH {quote_literal(str(path))} AS release (STORAGE_VERSION {quote_literal(DUCKDB_STORAGE_VERSION)})",
        "BEGIN TRANSACTION",  # one commit instead of one per statement
        *tables,
        "COMMIT",
        "DETACH release",
    ]


def write_duckdb(parquet_files: Mapping[str, Path], path: Path) -> None:
    """:func:`duckdb_statements` run in this process (bytes may differ between writes: see
    :func:`write_duckdb_reproducibly`)."""
    with duckdb.connect() as con:
        for statement in duckdb_statements(parquet_files, path):
            con.execute(statement)


def schema_json(name: str, schema: pa.Schema) -> list[ColumnEntry]:
    """Column name, Arrow type and nullability (from the pandera contract: Arrow fields are all nullable)."""
    columns = TABLE_SCHEMAS[name].columns
    return [{"name": f.name, "type": str(f.type), "nullable": bool(columns[f.name].nullable)} for f in schema]
