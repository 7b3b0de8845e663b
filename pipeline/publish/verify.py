"""Is a release intact? Checksums, table schemas and row counts, with precise messages.

Checks, in order: ``SHA256SUMS`` against every file (and no unlisted file); the manifest's
own hashes and sizes; every table file against its pandera schema and its manifest row
count; the foreign keys between tables; the changes table; every table in
``dataset.duckdb`` against the manifest row count. For an archive, also its ``.sha256`` file
when present, its gzip header, CRC32 and length on their own, its members (one folder of
regular files, no name twice), then the same on the extracted folder.
"""

from __future__ import annotations

import json
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq

from pipeline.ids import sha256_file
from pipeline.publish.archive import extract_release, gzip_problems, member_problems, read_checksum_file
from pipeline.publish.diff import DIFF_SCHEMA
from pipeline.publish.integrity import foreign_key_violations
from pipeline.publish.manifest import (
    CHECKSUMS,
    DATABASE,
    MANIFEST,
    Manifest,
    ManifestFieldsMissing,
    parquet_name,
    parse_checksums,
    read_manifest,
)
from pipeline.publish.table_files import quote_identifier
from pipeline.publish.versioning import is_version
from schemas import TABLE_SCHEMAS, validate_table

_EXAMPLES = 3
_TEXT_SUFFIXES = {".json", ".md", ".bib", ".ris"}


@dataclass
class Verification:
    """Outcome of :func:`verify_release`: empty ``problems`` means intact."""

    target: Path
    problems: list[str] = field(default_factory=list)
    version: str | None = None

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.problems


def _check_checksums(release: Path, problems: list[str]) -> None:
    sums = release / CHECKSUMS
    if not sums.is_file():
        problems.append(f"{CHECKSUMS} is missing")
        return
    try:
        listed = parse_checksums(sums.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(f"{CHECKSUMS}: unreadable, not UTF-8 text ({error.reason} at byte {error.start})")
        return
    except (OSError, ValueError) as error:
        problems.append(f"{CHECKSUMS}: unreadable ({error})")
        return
    for name, expected in listed.items():
        path = release / name
        if not path.is_file():
            problems.append(f"{name}: listed in {CHECKSUMS} but missing")
        elif (actual := sha256_file(path)) != expected:
            problems.append(f"{name}: sha256 mismatch ({CHECKSUMS} says {expected}, file has {actual})")
    unlisted = sorted(p.name for p in release.iterdir() if p.name != CHECKSUMS and p.name not in listed)
    problems += [f"{name}: present but not listed in {CHECKSUMS}" for name in unlisted]


def _check_manifest_files(release: Path, manifest: Manifest, problems: list[str]) -> None:
    for name, entry in manifest["files"].items():
        path = release / name
        if not path.is_file():
            problems.append(f"{name}: listed in {MANIFEST} but missing")
            continue
        if path.stat().st_size != entry["bytes"]:
            problems.append(f"{name}: {path.stat().st_size} bytes, {MANIFEST} says {entry['bytes']}")
        if sha256_file(path) != entry["sha256"]:
            problems.append(f"{name}: sha256 differs from {MANIFEST}")


def _schema_failures(table: str, failures: pl.DataFrame) -> list[str]:
    """One line per (column, check): how many rows fail, with a few failing values."""
    messages = []
    for (column, check), group in failures.group_by(["column", "check"], maintain_order=True):
        examples = ", ".join(repr(v) for v in group["failure_case"].head(_EXAMPLES).to_list())
        messages.append(
            f"{table}: schema violation: column {column!r} fails {check} for {group.height} value(s), e.g. {examples}"
        )
    return messages


def _check_tables(release: Path, manifest: Manifest, problems: list[str]) -> None:
    for table, entry in manifest["tables"].items():
        path = release / parquet_name(table)
        try:
            data = pq.read_table(path)
        except (OSError, ValueError) as error:
            problems.append(f"{path.name}: unreadable Parquet ({error})")
            continue
        if data.num_rows != entry["rows"]:
            problems.append(f"{table}: {data.num_rows} rows, {MANIFEST} says {entry['rows']}")
        if table not in TABLE_SCHEMAS:
            problems.append(f"{table}: no schema in schemas.TABLE_SCHEMAS to check it against")
            continue
        failures = validate_table(table, pl.from_arrow(data))
        if failures is not None:
            problems += _schema_failures(table, failures)


def _check_foreign_keys(release: Path, manifest: Manifest, problems: list[str]) -> None:
    try:
        problems.extend(foreign_key_violations({t: release / parquet_name(t) for t in manifest["tables"]}))
    except duckdb.Error as error:
        problems.append(f"foreign keys: cannot be checked ({str(error).splitlines()[0]})")


def _check_changes_table(release: Path, manifest: Manifest, problems: list[str]) -> None:
    entry = manifest["changes_table"]
    try:
        changes = pq.read_table(release / entry["file"])
    except (OSError, ValueError) as error:
        problems.append(f"{entry['file']}: unreadable Parquet ({error})")
        return
    if not changes.schema.equals(DIFF_SCHEMA):
        problems.append(f"{entry['file']}: columns {changes.schema.names} differ from {DIFF_SCHEMA.names}")
    if changes.num_rows != entry["rows"]:
        problems.append(f"{entry['file']}: {changes.num_rows} rows, {MANIFEST} says {entry['rows']}")


def _check_database(release: Path, manifest: Manifest, problems: list[str]) -> None:
    try:
        with duckdb.connect(str(release / DATABASE), read_only=True) as con:
            for table, entry in manifest["tables"].items():
                rows = con.execute(f"SELECT count(*) FROM {quote_identifier(table)}").fetchall()[0][0]
                if rows != entry["rows"]:
                    problems.append(f"{DATABASE}: table {table} has {rows} rows, {MANIFEST} says {entry['rows']}")
    except duckdb.Error as error:
        problems.append(f"{DATABASE}: cannot be read ({str(error).splitlines()[0]})")


def _check_metadata_files(release: Path, problems: list[str]) -> None:
    """Every JSON and text file of the release must parse: a reader should learn which one is bad."""
    for path in sorted(release.iterdir()):
        if path.name == CHECKSUMS or path.suffix not in _TEXT_SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8")
            if path.suffix == ".json":
                json.loads(text)
        except UnicodeDecodeError as error:
            problems.append(f"{path.name}: unreadable, not UTF-8 text ({error.reason} at byte {error.start})")
        except ValueError as error:
            problems.append(f"{path.name}: unreadable JSON ({error})")


def _verify_folder(release: Path, result: Verification) -> None:
    problems = result.problems
    _check_checksums(release, problems)
    _check_metadata_files(release, problems)
    try:
        manifest = read_manifest(release)
    except ManifestFieldsMissing as error:
        problems.append(f"{MANIFEST}: {error}")
        return
    except (OSError, ValueError) as error:
        if not any(p.startswith(f"{MANIFEST}: ") for p in problems):
            problems.append(f"{MANIFEST}: unreadable ({error})")
        return
    if "files" not in manifest:  # optional only while a release is being written
        problems.append(f"{MANIFEST}: missing field(s) files")
        return
    result.version = manifest["version"]
    if is_version(release.name) and release.name != manifest["version"]:
        problems.append(f"folder {release.name} holds a manifest for version {manifest['version']}")
    try:
        _check_manifest_files(release, manifest, problems)
        _check_tables(release, manifest, problems)
        _check_foreign_keys(release, manifest, problems)
        _check_changes_table(release, manifest, problems)
        _check_database(release, manifest, problems)
    except (KeyError, TypeError) as error:
        problems.append(f"{MANIFEST}: malformed entry ({type(error).__name__}: {error})")


def verify_release(path: Path) -> Verification:
    """Check a release folder or a release archive (``.tar.gz``)."""
    path = Path(path)
    result = Verification(target=path)
    if path.is_dir():
        _verify_folder(path, result)
    elif path.is_file():
        try:
            expected = read_checksum_file(path)
        except (OSError, UnicodeDecodeError, IndexError) as error:
            result.problems.append(f"{path.name}.sha256: unreadable ({type(error).__name__}: {error})")
            expected = None
        if expected is not None and (actual := sha256_file(path)) != expected:
            result.problems.append(
                f"{path.name}: sha256 mismatch ({path.name}.sha256 says {expected}, file has {actual})"
            )
        result.problems.extend(gzip_problems(path))
        with tempfile.TemporaryDirectory(prefix="verify-") as scratch:
            try:
                result.problems.extend(member_problems(path))
                release = extract_release(path, Path(scratch))
            except (OSError, ValueError, EOFError, tarfile.TarError, zlib.error) as error:
                result.problems.append(f"{path.name}: cannot be extracted ({error})")
                return result
            _verify_folder(release, result)
    else:
        result.problems.append(f"{path}: no such release folder or archive")
    return result
