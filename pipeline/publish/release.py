"""Publishing a release: validated tables in, an immutable numbered folder + archive out.

Steps (all under an exclusive lock on ``<data_dir>/releases``):

1. validate every table (pandera schema, foreign keys) and write it as deterministic Parquet
   (and the extra files) into a staging folder inside ``releases/`` (same filesystem, so the
   final rename is atomic);
2. compute the content fingerprint; if it equals the newest release's, discard the staging
   folder and report that release (``created=False``);
3. diff against the newest release by stable IDs, decide the version (see
   ``pipeline.publish.versioning``), write ``dataset.duckdb``, the diff table, manifest, dataset
   card, changelog, datapackage.json and SHA256SUMS; fsync everything;
4. pack and fsync the archive, then rename the staging folder to ``releases/<version>``: that
   rename is the commit point;
5. rewrite ``index.json``, ``latest`` and ``catalog.duckdb`` from the committed releases.

A kill before step 4's rename leaves only hidden leftovers that the next publish removes; a
kill after it leaves a complete release whose pointers the next publish brings up to date.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.ids import sha256_file
from pipeline.publish.archive import read_checksum_file
from pipeline.publish.card import changelog, dataset_card
from pipeline.publish.catalog import CATALOG, PreparedCatalog, prepare_catalog, write_catalog
from pipeline.publish.compare import renamed_documents
from pipeline.publish.datapackage import datapackage
from pipeline.publish.diff import count_changes, diff_tables
from pipeline.publish.fileio import fsync_tree, write_bytes_durably
from pipeline.publish.integrity import foreign_key_violations
from pipeline.publish.manifest import (
    CARD,
    CHANGELOG,
    CHECKSUMS,
    DATABASE,
    DATAPACKAGE,
    DIFF_TABLE,
    MANIFEST,
    RESERVED_NAMES,
    FileEntry,
    InputEntry,
    Manifest,
    TableEntry,
    TableSchemaEntry,
    parquet_name,
    render_checksums,
    to_json_bytes,
)
from pipeline.publish.store import ReleaseStore, read_latest_manifest, read_latest_tables
from pipeline.publish.table_files import canonical_table, schema_json, write_duckdb_reproducibly, write_parquet
from pipeline.publish.versioning import SchemaChanges, bump_kind, compare_schemas, content_fingerprint, next_version
from schemas import TABLE_SCHEMAS, arrow_schema, validate_table
from schemas.keys import PRIMARY_KEYS


@dataclass(frozen=True)
class ReleaseInput:
    """One input file of the build, as the manifest records it.

    (The parser's view of an entry is ``pipeline.parsing.corpus.InputFile``.)
    """

    path: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class PublishResult:
    """The release a publish produced, or the identical release it found."""

    version: str
    path: Path
    created: bool
    row_counts: Mapping[str, int]
    diff_counts: Mapping[str, Mapping[str, int]]
    """table -> {"added", "removed", "changed"} against the previous release."""
    archive_name: str
    archive_sha256: str
    incomplete: str | None = None
    """Why ``index.json``, ``latest`` or the catalog do not show this release yet (None: they do).
    The release folder itself is committed and intact; ``repair`` or the next build completes it."""

    @property
    def complete(self) -> bool:
        """Whether the pointers and the catalog show this release."""
        return self.incomplete is None


def _check_table(name: str, table: pa.Table) -> pa.Table:
    canonical = canonical_table(name, table)
    failures = validate_table(name, pl.from_arrow(canonical))
    if failures is not None:
        raise ValueError(f"table {name!r} violates its schema; refusing to publish:\n{failures.head(20)}")
    return canonical


RELEASE_COLUMNS: dict[str, str] = {"fact_clusters": "first_release", "works": "first_release", "id_history": "release"}
"""Columns that name a release; a null there means "the release being published", filled in
with its version (which the version policy decides before any file is written: new rows in
these tables make at least a minor release)."""


def _release_being_made(previous: Manifest | None, tables: Mapping[str, pa.Table]) -> str:
    """The version these tables will be published as, given that some row is new."""
    if previous is None:
        return next_version(None, "initial")
    schemas = {name: TableSchemaEntry(schema=schema_json(name, arrow_schema(name))) for name in tables}
    changes = compare_schemas(previous["tables"], schemas)
    return next_version(previous["version"], "major" if changes.breaking or changes.additive else "minor")


def _fill_release_columns(
    tables: Mapping[str, pa.Table], previous: Manifest | None
) -> tuple[dict[str, pa.Table], str | None]:
    """Tables with every null release column set to the version being made (and that version)."""
    filled = dict(tables)
    version = None
    for name, column in RELEASE_COLUMNS.items():
        table = filled.get(name)
        if table is None or column not in table.column_names or table.column(column).null_count == 0:
            continue
        version = version or _release_being_made(previous, tables)
        index = table.schema.get_field_index(column)
        values = pc.fill_null(table.column(column), pa.scalar(version, table.schema.field(column).type))
        filled[name] = table.set_column(index, table.schema.field(column), values)
    return filled, version


def _id_changes(history: pa.Table | None, version: str) -> dict[str, dict[str, int]]:
    """Kind -> reason -> how many IDs this release merged, split off or removed."""
    counts: dict[str, dict[str, int]] = {}
    if history is None:
        return counts
    for row in history.filter(pc.equal(history.column("release"), version)).to_pylist():
        counts.setdefault(row["kind"], {}).setdefault(row["reason"], 0)
        counts[row["kind"]][row["reason"]] += 1
    return {kind: dict(sorted(reasons.items())) for kind, reasons in sorted(counts.items())}


def _check_names(tables: Sequence[str], extra_files: Sequence[str]) -> None:
    """Fail before any work: every table needs a schema; extra files must not shadow release files."""
    unknown = sorted(set(tables) - set(TABLE_SCHEMAS))
    if unknown:
        raise ValueError(f"tables without a schema in schemas.TABLE_SCHEMAS: {unknown}")
    taken = RESERVED_NAMES | {parquet_name(t) for t in tables}
    for name in extra_files:
        if "/" in name or name.startswith(".") or name in taken:
            raise ValueError(f"extra file name {name!r} is not allowed (nested, hidden or reserved)")


def _write_content(
    tables: Mapping[str, pa.Table], extra_files: Mapping[str, bytes], staging: Path
) -> tuple[dict[str, TableEntry], dict[str, str]]:
    """Table entries for the manifest, and file name -> sha256 of every content file."""
    entries: dict[str, TableEntry] = {}
    hashes: dict[str, str] = {}
    for name in (n for n in TABLE_SCHEMAS if n in tables):
        table = _check_table(name, tables[name])
        write_parquet(table, staging / parquet_name(name), name)
        entries[name] = {
            "file": parquet_name(name),
            "rows": table.num_rows,
            "primary_key": list(PRIMARY_KEYS.get(name, ())),
            "schema": schema_json(name, table.schema),
        }
        hashes[parquet_name(name)] = sha256_file(staging / parquet_name(name))
    for name, data in sorted(extra_files.items()):
        write_bytes_durably(staging / name, data)
        hashes[name] = sha256_file(staging / name)
    dangling = foreign_key_violations({name: staging / parquet_name(name) for name in entries})
    if dangling:
        raise ValueError("dangling foreign keys; refusing to publish:\n" + "\n".join(dangling))
    return entries, hashes


def _file_entries(staging: Path, rows: Mapping[str, int], *, only: str | None = None) -> dict[str, FileEntry]:
    """sha256, size (and row count for tables) of the files in ``staging``, or of one of them."""
    entries = {}
    for path in [staging / only] if only else sorted(staging.iterdir()):
        entry: FileEntry = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
        if path.name in rows:
            entry["rows"] = rows[path.name]
        entries[path.name] = entry
    return entries


def _result(store: ReleaseStore, manifest: Manifest, *, created: bool, incomplete: str | None) -> PublishResult:
    version = manifest["version"]
    archive = store.archive_path(version)
    return PublishResult(
        incomplete=incomplete,
        version=version,
        path=store.release_dir(version),
        created=created,
        row_counts=MappingProxyType({name: t["rows"] for name, t in manifest["tables"].items()}),
        diff_counts=MappingProxyType(manifest["changes"]),
        archive_name=archive.name,
        archive_sha256=read_checksum_file(archive) or sha256_file(archive),
    )


def _finish_release(staging: Path, previous_dir: Path | None, manifest: Manifest) -> None:
    """Everything after the table files: database, card, changelog, datapackage, manifest, checksums, fsync."""
    tables = manifest["tables"]
    parquet_files = {name: staging / parquet_name(name) for name in tables}
    write_duckdb_reproducibly(parquet_files, staging / DATABASE)
    previous_changelog = (previous_dir / CHANGELOG).read_text(encoding="utf-8") if previous_dir else None
    (staging / CARD).write_text(dataset_card(manifest), encoding="utf-8")
    (staging / CHANGELOG).write_text(changelog(manifest, previous_changelog), encoding="utf-8")
    rows = {parquet_name(name): t["rows"] for name, t in tables.items()}
    rows[manifest["changes_table"]["file"]] = manifest["changes_table"]["rows"]
    manifest["files"] = _file_entries(staging, rows)
    (staging / DATAPACKAGE).write_bytes(to_json_bytes(datapackage(manifest)))
    manifest["files"] |= _file_entries(staging, {}, only=DATAPACKAGE)
    (staging / MANIFEST).write_bytes(to_json_bytes(manifest))
    hashes = {entry.name: sha256_file(entry) for entry in staging.iterdir()}
    (staging / CHECKSUMS).write_bytes(render_checksums(hashes))
    for path in staging.iterdir():
        path.chmod(0o444)  # a published release is never modified
    fsync_tree(staging)


def _new_manifest(
    previous: Manifest | None,
    tables: dict[str, TableEntry],
    diff: pa.Table,
    *,
    fingerprint: str,
    inputs: list[InputEntry],
    code_version: str,
    settings: Mapping[str, Any] | None = None,
) -> Manifest:
    """Version, provenance and changes of a new release (files are added once written)."""
    previous_tables = previous["tables"] if previous else {}
    changes = count_changes(diff, sorted(set(tables) | set(previous_tables)))
    schema_changes = compare_schemas(previous_tables, tables) if previous else SchemaChanges()
    bump = bump_kind(schema_changes, changes) if previous else "initial"
    return {
        "version": next_version(previous["version"] if previous else None, bump),
        "previous_version": previous["version"] if previous else None,
        "bump": bump,
        "code_version": code_version,
        "settings": dict(settings or {}),
        "fingerprint": fingerprint,
        "inputs": sorted(inputs, key=lambda i: i["path"]),
        "tables": tables,
        "changes_table": {"file": parquet_name(DIFF_TABLE), "rows": diff.num_rows},
        "changes": changes,
        "schema_changes": {"breaking": schema_changes.breaking, "additive": schema_changes.additive},
    }


CarryOver = Callable[[Mapping[str, pa.Table], tuple[str, dict[str, pa.Table]] | None], Mapping[str, pa.Table]]
"""Given the new tables and the newest release (version, tables), the tables with IDs carried over."""
Exports = Callable[[Mapping[str, pa.Table]], Mapping[str, bytes]]
"""Files derived from the final tables (e.g. bibliography exports), by name."""


def publish_release(
    tables: Mapping[str, pa.Table],
    *,
    inputs: Sequence[ReleaseInput],
    data_dir: Path,
    code_version: str,
    extra_files: Mapping[str, bytes] = MappingProxyType({}),
    settings: Mapping[str, Any] | None = None,
    carry_over: CarryOver | None = None,
    exports: Exports | None = None,
) -> PublishResult:
    """Publish ``tables`` (+ ``extra_files``) as the next release under ``data_dir/releases``;
    ``settings`` (e.g. the dedup thresholds used) are recorded in the manifest.

    ``carry_over`` and ``exports`` run under the publish lock, after the newest release has been
    read there, so IDs are carried from, and the version follows, whatever release is newest at
    that moment, one that a concurrent build published meanwhile included."""
    store = ReleaseStore(data_dir)
    with store.publishing():
        previous = read_latest_manifest(store)
        if carry_over is not None:
            tables = carry_over(tables, read_latest_tables(data_dir))
        if exports is not None:
            extra_files = {**extra_files, **exports(tables)}
        _check_names(list(tables), list(extra_files))
        tables, filled_version = _fill_release_columns(tables, previous)
        staging = store.new_staging_dir()
        catalog: Future | None = None
        try:
            table_entries, content_hashes = _write_content(tables, extra_files, staging)
            input_rows: list[InputEntry] = [
                {"path": i.path, "sha256": i.sha256, "size_bytes": i.size_bytes} for i in inputs
            ]
            fingerprint = content_fingerprint(input_rows, content_hashes)
            if previous is not None and previous["fingerprint"] == fingerprint:
                shutil.rmtree(staging)
                return _result(store, previous, created=False, incomplete=update_pointers(store))
            previous_dir = store.release_dir(previous["version"]) if previous else None
            previous_files = {}
            if previous and previous_dir:
                previous_files = {name: previous_dir / parquet_name(name) for name in previous["tables"]}
            diff = diff_tables(
                previous_files,
                {name: staging / parquet_name(name) for name in table_entries},
            )
            write_parquet(diff, staging / parquet_name(DIFF_TABLE), DIFF_TABLE)
            manifest = _new_manifest(
                previous, table_entries, diff, fingerprint=fingerprint, inputs=input_rows, code_version=code_version,
                settings=settings,
            )
            catalog = _background(prepare_catalog, store, manifest["version"], staging,
                                  [*manifest["tables"], DIFF_TABLE])
            manifest["renamed"] = [
                {"document_id": r.document_id, "old_path": r.old_path, "new_path": r.new_path}
                for r in (renamed_documents(previous_dir, staging, diff) if previous_dir else [])
            ]
            manifest["id_changes"] = _id_changes(tables.get("id_history"), manifest["version"])
            version = manifest["version"]
            if filled_version is not None and filled_version != version:
                raise AssertionError(f"release columns were filled with {filled_version} but the release is {version}")
            _finish_release(staging, previous_dir, manifest)
            store.write_archive(staging, version)
            prepared = _outcome(catalog)  # it reads the staging folder: done before the folder is renamed
            store.commit(staging, version)
        except BaseException:
            if catalog is not None:
                wait([catalog])
            shutil.rmtree(staging, ignore_errors=True)
            store.remove_leftovers()  # e.g. the archive of this version, or its half-written temporary file
            raise
        # The rename above is the commit point: from here on the release exists, and a failure
        # (a full disk, say) makes it "published but incomplete", never "not published".
        return _result(store, manifest, created=True, incomplete=update_pointers(store, prepared))


def _background(function: Callable[..., Any], *args: Any) -> Future:
    """``function(*args)`` on a thread of its own, while publishing goes on (DuckDB and file
    copies release the GIL, so on two cores the two really overlap)."""
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")
    try:
        return executor.submit(function, *args)
    finally:
        executor.shutdown(wait=False)


def _outcome(future: Future | None) -> Any:
    """The background work's result, or None when it failed: it is only a head start."""
    if future is None:
        return None
    try:
        return future.result()
    except Exception:  # noqa: BLE001 - write_catalog then copies the tables itself, and reports what fails
        return None


def update_pointers(store: ReleaseStore, prepared: PreparedCatalog | None = None) -> str | None:
    """Rewrite ``index.json``, ``latest`` and ``catalog.duckdb`` from the committed releases; on
    failure remove what was half written and say which step failed (None when all succeeded).
    ``prepared``: the catalog with the newest release's tables already copied in."""
    step = "index.json and latest"
    try:
        entries = store.refresh_pointers()
        step = CATALOG
        write_catalog(store, entries, prepared)
    except OSError as error:
        store.remove_leftovers()
        return f"{step} not updated ({error.strerror or error})"
    return None
