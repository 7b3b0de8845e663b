"""``data/catalog.duckdb``: one DuckDB file through which SQL reaches every release.

Choice: one schema per version (``v1_2_0``) holding *views* over that release's Parquet files,
plus a ``latest`` schema. Views rather than attached databases because an ATTACH is not
stored in a DuckDB file (it lasts one connection), so only views make every version queryable
from a plain ``duckdb data/catalog.duckdb``. The views use absolute paths because DuckDB
resolves relative paths against the reader's working directory, not the catalog file; the
catalog is therefore regenerated (atomically) after every publish and is disposable.

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
from pipeline.publish.tables import DUCKDB_STORAGE_VERSION, quote_identifier, quote_literal

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


def _create_views(con: duckdb.DuckDBPyConnection, schema: str, release_dir: Path, tables: Sequence[str]) -> None:
    con.execute(f"CREATE SCHEMA {quote_identifier(schema)}")
    for table in tables:
        parquet = quote_literal(str(release_dir / parquet_name(table)))
        view = f"{quote_identifier(schema)}.{quote_identifier(table)}"
        con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({parquet})")


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
             entry["code_version"], entry["fingerprint"], version == latest, str(release_dir), entry["archive"],
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
        _create_views(con, schema_name(version), release_dir, tables)
        if version == latest:
            _create_views(con, "latest", release_dir, tables)


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
