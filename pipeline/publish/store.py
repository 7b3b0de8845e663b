"""The folder of releases: which versions exist, where they live, and how one is committed.

Layout under ``<data_dir>/releases/``: one folder per version (``1.2.0/``), its archive
(``1.2.0.tar.gz`` + ``1.2.0.tar.gz.sha256``), ``latest`` -> newest folder, ``index.json``.
A release folder only ever appears by renaming a complete staging folder (``.staging-*``),
so a visible version is always complete; anything a killed publish left behind (staging
folders, temporary files, an archive whose folder was never committed) is removed by the
next publish, and a committed release's missing archive is packed again (same bytes).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.archive import checksum_line, pack_release, read_checksum_file
from pipeline.publish.fileio import fsync_path, point_symlink_atomically, replace_atomically
from pipeline.publish.manifest import Manifest, parquet_name, read_manifest, to_json_bytes
from pipeline.publish.versioning import is_version, parse_version

_STAGING_PREFIX = ".staging-"
_ARCHIVE_SUFFIX = ".tar.gz"


class ReleaseStore:
    """Releases below ``<data_dir>/releases``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.root = self.data_dir / "releases"

    def versions(self) -> list[str]:
        """Committed versions, oldest first."""
        if not self.root.is_dir():
            return []
        names = [p.name for p in self.root.iterdir() if p.is_dir() and not p.is_symlink() and is_version(p.name)]
        return sorted(names, key=parse_version)

    def latest_version(self) -> str | None:
        versions = self.versions()
        return versions[-1] if versions else None

    def release_dir(self, version: str) -> Path:
        return self.root / version

    def archive_path(self, version: str) -> Path:
        return self.root / f"{version}{_ARCHIVE_SUFFIX}"

    def resolve(self, reference: str) -> Path:
        """A release folder from a version ("1.2.0", "latest") or a path to a release folder."""
        candidate = Path(reference)
        if candidate.is_dir():
            return candidate.resolve()
        if reference == "latest" and self.latest_version() is not None:
            return self.release_dir(self.latest_version())
        if is_version(reference) and self.release_dir(reference).is_dir():
            return self.release_dir(reference)
        known = ", ".join(self.versions()) or "none"
        raise FileNotFoundError(f"no release {reference!r} (not a folder; versions in {self.root}: {known})")

    @contextmanager
    def publishing(self) -> Iterator[None]:
        """Exclusive lock: two publishers must not compute the same next version."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".publish.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                self.remove_leftovers()
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def remove_leftovers(self) -> None:
        """Delete what an interrupted or failed publish left: staging folders, temporary files,
        archives of releases that were never committed. Call only while holding the lock."""
        for path in self.root.iterdir():
            if path.name.startswith(_STAGING_PREFIX):
                shutil.rmtree(path)
            elif path.name.startswith(".") and ".tmp" in path.name:  # also DuckDB's "<name>.tmp.wal"
                path.unlink()
            elif path.name.endswith(_ARCHIVE_SUFFIX) and not self._has_release_for(path):
                path.unlink()
                path.with_name(path.name + ".sha256").unlink(missing_ok=True)

    def _has_release_for(self, archive: Path) -> bool:
        return self.release_dir(archive.name.removesuffix(_ARCHIVE_SUFFIX)).is_dir()

    def new_staging_dir(self) -> Path:
        staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=self.root))
        staging.chmod(0o755)  # mkdtemp's 0o700 would hide the published release from other users
        return staging

    def commit(self, staging: Path, version: str) -> Path:
        """Make a complete staging folder the release ``version`` (one atomic rename)."""
        target = self.release_dir(version)
        if target.exists():
            raise FileExistsError(f"release {version} already exists; releases are never overwritten")
        os.rename(staging, target)
        fsync_path(self.root)
        return target

    def write_archive(self, release_dir: Path, version: str) -> str:
        """Pack ``release_dir`` as ``<version>.tar.gz`` with its ``.sha256`` file; return the sha256."""
        archive = self.archive_path(version)
        digest = pack_release(release_dir, version, archive)
        replace_atomically(archive.with_name(archive.name + ".sha256"), checksum_line(archive, digest))
        return digest

    def _restore_missing_archives(self) -> None:
        """Packing is deterministic, so a deleted archive is re-created byte for byte."""
        for version in self.versions():
            archive = self.archive_path(version)
            if not (archive.is_file() and read_checksum_file(archive)):
                self.write_archive(self.release_dir(version), version)

    def _publish_times(self) -> dict[str, str]:
        """When each version was published, as ``index.json`` recorded it. Why not in the release:
        a clock reading would make two builds of the same inputs differ in every checksum."""
        try:
            index = json.loads((self.root / "index.json").read_bytes())
            return {entry["version"]: entry["created"] for entry in index["releases"]}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    def _published(self, version: str, recorded: dict[str, str]) -> str:
        if version in recorded:
            return recorded[version]
        committed = datetime.fromtimestamp(self.release_dir(version).stat().st_mtime, UTC)
        return committed.isoformat(timespec="seconds").replace("+00:00", "Z")

    def index_entries(self) -> list[dict[str, Any]]:
        """One summary per committed release, oldest first (the content of index.json)."""
        entries = []
        recorded = self._publish_times()
        for version in self.versions():
            manifest = read_manifest(self.release_dir(version))
            archive = self.archive_path(version)
            entries.append(
                {
                    "version": version,
                    "created": self._published(version, recorded),
                    "previous_version": manifest["previous_version"],
                    "bump": manifest["bump"],
                    "code_version": manifest["code_version"],
                    "fingerprint": manifest["fingerprint"],
                    "row_counts": {name: table["rows"] for name, table in manifest["tables"].items()},
                    "changes": manifest["changes"],
                    "archive": archive.name,
                    "archive_bytes": archive.stat().st_size,
                    "archive_sha256": read_checksum_file(archive),
                }
            )
        return entries

    def refresh_pointers(self) -> list[dict[str, Any]]:
        """Rewrite ``index.json`` and ``latest`` from the committed releases; return the index."""
        self._restore_missing_archives()
        entries = self.index_entries()
        latest = entries[-1]["version"] if entries else None
        replace_atomically(self.root / "index.json", to_json_bytes({"latest": latest, "releases": entries}))
        if latest is not None:
            point_symlink_atomically(self.root / "latest", latest)
        return entries


def read_latest_manifest(store: ReleaseStore) -> Manifest | None:
    latest = store.latest_version()
    return read_manifest(store.release_dir(latest)) if latest else None


def read_latest_tables(data_dir: Path) -> tuple[str, dict[str, pa.Table]] | None:
    """Version and tables of the newest release under ``data_dir`` (None before the first)."""
    store = ReleaseStore(data_dir)
    manifest = read_latest_manifest(store)
    if manifest is None:
        return None
    folder = store.release_dir(manifest["version"])
    return manifest["version"], {name: pq.read_table(folder / parquet_name(name)) for name in manifest["tables"]}
