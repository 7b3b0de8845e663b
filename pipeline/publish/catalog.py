"""``data/catalog.duckdb``: one DuckDB file through which SQL reaches every release.

Choice: one schema per version (``v1_2_0``) holding that release's tables as *real tables*
(with the spec's comments and keys), plus a ``latest`` schema of views onto the newest
version's tables. Not views over the Parquet files: DuckDB resolves a path stored in a view
against the reader's working directory, never against the database file, so such a catalog
breaks when ``data/`` is moved or unpacked elsewhere, and a copied catalog silently reads the
original folder. Real tables make the file self-contained: it never reads any other file. The
price is a second copy of every release's rows (compressed); the catalog is rewritten
(atomically, from a copy that keeps the releases it holds) after every publish and is disposable.

Tables: ``releases`` (one row per version, as in index.json), ``release_tables`` (row counts
and hashes per version and table), ``release_changes`` (diff counts per version and table).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
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


def _kept_schemas(con: duckdb.DuckDBPyConnection, entries: Sequence[dict[str, Any]], ready: str | None) -> set[str]:
    """In a copy of the previous catalog: keep the schemas of releases it already holds (same
    version and archive checksum: a release folder is immutable) and the ``ready`` schema that
    :func:`prepare_catalog` filled from the release's own files, drop every other schema and
    empty the listing tables, which ``_fill`` writes again for all ``entries``."""
    wanted = {schema_name(e["version"]): e["archive_sha256"] for e in entries}
    held = dict(con.execute("SELECT schema_name, archive_sha256 FROM releases").fetchall())
    kept = {schema for schema, checksum in held.items() if wanted.get(schema) == checksum}
    kept |= {ready} & wanted.keys() if ready else set()
    schemas = [row[0] for row in con.execute(
        "SELECT schema_name FROM duckdb_schemas() WHERE database_name = 'catalog' AND NOT internal"
    ).fetchall()]
    for schema in schemas:
        if schema != "main" and schema not in kept:
            con.execute(f"DROP SCHEMA {quote_identifier(schema)} CASCADE")
    for table in ("releases", "release_tables", "release_changes"):
        con.execute(f"DROP TABLE {table}")
    return kept


def _fill(
    con: duckdb.DuckDBPyConnection, store: ReleaseStore, entries: Sequence[dict[str, Any]], kept: set[str],
) -> None:
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
        if schema_name(version) not in kept:
            _copy_release(con, schema_name(version), release_dir, tables)
        if version == latest:
            _latest_views(con, schema_name(version), tables)


@dataclass(frozen=True)
class PreparedCatalog:
    """A copy of the previous catalog that already holds the tables of the release being published."""

    path: Path
    version: str


def prepare_catalog(store: ReleaseStore, version: str, table_dir: Path, tables: Sequence[str]) -> PreparedCatalog | None:
    """Copy the previous catalog and the tables of release ``version`` (read from ``table_dir``,
    its staging folder) into a temporary file, for :func:`write_catalog` to finish once the release
    is committed; None when there is no previous catalog to start from.

    Why: copying the release's rows is most of the catalog's cost (8 s of a 1,000-page
    release), and it can run while the release's database and archive are written.
    """
    target = store.data_dir / CATALOG
    if not target.is_file():
        return None
    prepared = store.root / f".{CATALOG}.{os.getpid()}.prepared.tmp"
    _remove_temporary(prepared)
    try:
        shutil.copyfile(target, prepared)
        with duckdb.connect() as con:
            _attach(con, prepared)
            con.execute("BEGIN TRANSACTION")
            con.execute(f"DROP SCHEMA IF EXISTS {quote_identifier(schema_name(version))} CASCADE")
            _copy_release(con, schema_name(version), table_dir, tables)
            con.execute("COMMIT")
            _detach(con)
    except BaseException:
        _remove_temporary(prepared)
        raise
    return PreparedCatalog(prepared, version)


def write_catalog(store: ReleaseStore, entries: Sequence[dict[str, Any]], prepared: PreparedCatalog | None = None) -> Path:
    """(Re)build ``<data_dir>/catalog.duckdb`` for the given index entries; replace it atomically.

    Why from a copy of the previous catalog: rebuilding it copied every release's rows on every
    publish, a cost that grew with the history; a copy keeps the releases it already holds and
    adds only the new one (already copied when ``prepared``). A previous catalog that cannot be
    copied or read is rebuilt whole.
    """
    target = store.data_dir / CATALOG
    temporary = store.root / f".{CATALOG}.{os.getpid()}.tmp"
    try:
        if prepared is not None and prepared.path.is_file():
            try:
                return _write(store, entries, target, prepared.path, previous=True, ready=prepared.version)
            except (duckdb.Error, OSError):
                pass  # finished below the usual way
        if target.is_file():
            try:
                return _write(store, entries, target, temporary, previous=True)
            except (duckdb.Error, OSError):
                pass  # an unreadable or damaged previous catalog: rebuilt from the releases below
        return _write(store, entries, target, temporary, previous=False)
    except duckdb.Error as error:  # DuckDB reports a full disk as its own error type
        raise OSError(f"{CATALOG}: {str(error).splitlines()[0]}") from error
    finally:
        if prepared is not None:
            _remove_temporary(prepared.path)


def _attach(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    storage = quote_literal(DUCKDB_STORAGE_VERSION)
    con.execute(f"ATTACH {quote_literal(str(path))} AS catalog (STORAGE_VERSION {storage})")
    con.execute("USE catalog")


def _detach(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("USE memory")
    con.execute("DETACH catalog")


def _write(
    store: ReleaseStore, entries: Sequence[dict[str, Any]], target: Path, temporary: Path, *, previous: bool,
    ready: str | None = None,
) -> Path:
    """Finish ``temporary`` and move it into place: a copy of ``target`` made here, or (``ready``)
    the one :func:`prepare_catalog` made, or (neither) a new file."""
    if ready is None:
        _remove_temporary(temporary)
    try:
        if previous and ready is None:
            shutil.copyfile(target, temporary)
        with duckdb.connect() as con:
            _attach(con, temporary)
            con.execute("BEGIN TRANSACTION")  # one commit instead of one per statement
            kept = _kept_schemas(con, entries, schema_name(ready) if ready else None) if previous else set()
            _fill(con, store, entries, kept)
            con.execute("COMMIT")
            _detach(con)
        fsync_path(temporary)
        os.replace(temporary, target)
    except BaseException:
        _remove_temporary(temporary)
        raise
    fsync_path(target.parent)
    return target


def _remove_temporary(temporary: Path) -> None:
    for path in (temporary, temporary.with_name(temporary.name + ".wal")):
        path.unlink(missing_ok=True)
