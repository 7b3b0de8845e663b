"""``data/catalog.duckdb``: one DuckDB file through which SQL reaches every release.

Choice: one schema per version (``v1_2_0``) holding that release's tables as *real tables*
(with the spec's comments and keys), plus a ``latest`` schema of views onto the newest
version's tables. Not views over the Parquet files: DuckDB resolves a path stored in a view
against the reader's working directory, never against the database file, so such a catalog
breaks when ``data/`` is moved or unpacked elsewhere, and a copied catalog silently reads the
original folder. Real tables make the file self-contained: it never reads any other file. The
price is a second copy of every release's rows (compressed); the catalog is regenerated
(atomically) after every publish and is disposable.

Tables: ``releases`` (one row per version, as in index.json), ``release_tables`` (row counts
and hashes per version and table), ``release_changes`` (diff counts per version and table).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from pipeline.publish.fileio import fsync_path
from pipeline.publish.manifest import DIFF_TABLE, parquet_name, read_manifest
from pipeline.publish.store import ReleaseStore
from pipeline.publish.table_files import (
    DUCKDB_STORAGE_VERSION,
    comment_statements,
    copy_tables,
    quote_identifier,
    quote_literal,
)

CATALOG = "catalog.duckdb"

_CREATE = """
CREATE TABLE releases (
    version VARCHAR PRIMARY KEY, major INTEGER, minor INTEGER, patch INTEGER, created VARCHAR,
    previous_version VARCHAR, bump VARCHAR, code_version VARCHAR, fingerprint VARCHAR, is_latest BOOLEAN,
    path VARCHAR, archive VARCHAR, archive_bytes BIGINT, archive_sha256 VARCHAR, schema_name VARCHAR
);
CREATE TABLE release_tables (version VARCHAR, table_name VARCHAR, rows BIGINT, sha256 VARCHAR, bytes BIGINT);
CREATE TABLE release_changes (version VARCHAR, table_name VARCHAR, added BIGINT, removed BIGINT, changed BIGINT, moved BIGINT);
"""


def schema_name(version: str) -> str:
    """SQL schema of a version: "1.2.0" -> "v1_2_0"."""
    return "v" + version.replace(".", "_")


def _copy_release(con: duckdb.DuckDBPyConnection, schema: str, release_dir: Path, tables: Sequence[str]) -> None:
    con.execute(f"CREATE SCHEMA {quote_identifier(schema)}")
    sources = {table: f"read_parquet({quote_literal(str(release_dir / parquet_name(table)))})" for table in tables}
    copy_tables(con, quote_identifier(schema), sources)


def _latest_views(con: duckdb.DuckDBPyConnection, schema: str, tables: Sequence[str]) -> None:
    """``latest.<table>``: views onto the newest version's tables in this same file."""
    con.execute("CREATE SCHEMA latest")
    for table in tables:
        view = f"latest.{quote_identifier(table)}"
        con.execute(f"CREATE VIEW {view} AS SELECT * FROM {quote_identifier(schema)}.{quote_identifier(table)}")
        for statement in comment_statements(view, table, view=True):
            con.execute(statement)


def _fill(con: duckdb.DuckDBPyConnection, store: ReleaseStore, entries: Sequence[dict[str, Any]]) -> None:
    con.execute(_CREATE)
    latest = entries[-1]["version"] if entries else None
    for entry in entries:
        version = entry["version"]
        release_dir = store.release_dir(version)
        manifest = read_manifest(release_dir)
        con.execute(
            "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [version, *map(int, version.split(".")), entry["created"], entry["previous_version"], entry["bump"],
             entry["code_version"], entry["fingerprint"], version == latest, f"releases/{version}", entry["archive"],
             entry["archive_bytes"], entry["archive_sha256"], schema_name(version)],
        )
        for table, info in manifest["tables"].items():
            file_entry = manifest["files"][parquet_name(table)]
            con.execute(
                "INSERT INTO release_tables VALUES (?, ?, ?, ?, ?)",
                [version, table, info["rows"], file_entry["sha256"], file_entry["bytes"]],
            )
        for table, counts in manifest["changes"].items():
            con.execute(
                "INSERT INTO release_changes VALUES (?, ?, ?, ?, ?, ?)",
                [version, table, counts["added"], counts["removed"], counts["changed"], counts.get("moved", 0)],
            )
        tables = [*manifest["tables"], DIFF_TABLE]
        _copy_release(con, schema_name(version), release_dir, tables)
        if version == latest:
            _latest_views(con, schema_name(version), tables)


def write_catalog(store: ReleaseStore, entries: Sequence[dict[str, Any]]) -> Path:
    """(Re)build ``<data_dir>/catalog.duckdb`` for the given index entries; replace it atomically."""
    target = store.data_dir / CATALOG
    temporary = store.root / f".{CATALOG}.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    try:
        with duckdb.connect() as con:
            storage = quote_literal(DUCKDB_STORAGE_VERSION)
            con.execute(f"ATTACH {quote_literal(str(temporary))} AS catalog (STORAGE_VERSION {storage})")
            con.execute("USE catalog")
            con.execute("BEGIN TRANSACTION")  # one commit instead of one per statement
            _fill(con, store, entries)
            con.execute("COMMIT")
            con.execute("USE memory")
            con.execute("DETACH catalog")
        fsync_path(temporary)
        os.replace(temporary, target)
    except duckdb.Error as error:  # DuckDB reports a full disk as its own error type
        _remove_temporary(temporary)
        raise OSError(f"{CATALOG}: {str(error).splitlines()[0]}") from error
    except BaseException:
        _remove_temporary(temporary)
        raise
    fsync_path(target.parent)
    return target


def _remove_temporary(temporary: Path) -> None:
    for path in (temporary, temporary.with_name(temporary.name + ".wal")):
        path.unlink(missing_ok=True)
