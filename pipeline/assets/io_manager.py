"""Stores every asset value (a pyarrow Table) between steps, one place per run.

Why Parquet and not pickle for a corpus-wide table: it can be opened by anyone (DuckDB, pandas)
to debug a run, and the release step re-reads exactly what the checks validated. A document's
tables are Arrow IPC files (``common.table_folder``): thousands of small files per build, read
and written several times faster; pandas, polars and pyarrow open them.

Why one place per run: two builds into one data folder (a CLI build and the UI's sensor run,
say) must never read each other's intermediate tables. Layout under ``<data_dir>/staging/``:

- ``runs/<run_id>/<asset>.parquet``: a corpus-wide asset, as that run made it;
- ``<asset>/<partition>/<run_id>.<suffix>/<table>.arrow``: one version of a document's tables per run that
  built it (with ``BUILT_FROM.json``, what they were built from), written under a temporary name
  and renamed complete; ``<asset>/<partition>/CURRENT`` names the version written last.

A step reads what its own run wrote. What its run did not make (a UI run of one partition
plus downstream, a sensor run of the changed documents only) it reads from the newest
materialization: for a corpus-wide asset, the run recorded in the instance; for a partition,
``CURRENT``. That is why a run's folder is not deleted when the run ends but when nothing
refers to it any more (``collect_garbage``): no run in progress and no newest materialization.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.assets.resources import DataFolderLock, PipelinePaths
from pipeline.common.table_folder import COMPLETE, TABLE_SUFFIX, read_table, write_table_folder

STAGING = "staging"
RUNS = "runs"
CURRENT = "CURRENT"
"""In a partition's folder: the name of the version written last."""
BUILT_FROM = "BUILT_FROM.json"
"""In a version folder: what its tables were built from (``BuiltPartition``)."""
_TEMPORARY = ".tmp-"
_READ_ATTEMPTS = 50
"""How often a partition read follows a newer version that replaced the one it was reading."""
_FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


def _unique(path: Path, owner: str | None = None) -> Path:
    """A sibling name no other process or run uses (a shared ``.tmp`` name let two writers clash);
    ``owner``: the run ID it starts with, so that garbage collection knows whose it is."""
    return path.with_name(f"{_TEMPORARY}{owner or path.name}.{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")


def _write(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _unique(path)
    try:
        pq.write_table(table, temporary, compression="zstd")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _point(pointer: Path, run_id: str) -> None:
    temporary = _unique(pointer, run_id)
    try:
        temporary.write_text(run_id)
        temporary.replace(pointer)
    finally:
        temporary.unlink(missing_ok=True)


def staging_root(data_dir: Path) -> Path:
    """Where every run's intermediate tables live."""
    return data_dir / STAGING


def run_folder(data_dir: Path, run_id: str) -> Path:
    """The corpus-wide intermediate tables of one run."""
    return staging_root(data_dir) / RUNS / run_id


def _asset_name(key: dg.AssetKey) -> str:
    return "__".join(key.path)


def partitions_folder(data_dir: Path, key: dg.AssetKey) -> Path:
    """The folder of one partitioned asset, one subfolder per partition (keys are document IDs: safe names)."""
    return staging_root(data_dir) / _asset_name(key)


def _versions_of(folder: Path, run_id: str) -> list[Path]:
    """The complete versions a run wrote of a partition, newest last (more than one: a step retried)."""
    found = [p for p in folder.glob(f"{run_id}.*") if (p / COMPLETE).exists()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns)


@dataclass(frozen=True)
class BuiltPartition:
    """A partition's tables and what they were built from (kept beside them as ``BUILT_FROM``).

    Why: a build that finds a document's newest version built from the same entry, code and
    libraries reuses it instead of materializing that partition again (``pipeline.build``).
    """

    tables: Mapping[str, pa.Table]
    built_from: Mapping[str, Any] | None


def write_partition(
    folder: Path, run_id: str, tables: Mapping[str, pa.Table], built_from: Mapping[str, Any] | None = None,
) -> Path:
    """Write one run's version of a partition (complete or not at all), then point ``CURRENT`` at it.

    Every write gets a new folder name (``<run_id>.<suffix>``), so that nobody ever sees a
    version folder missing or half-replaced; a retried step's older version is removed after.
    """
    version = folder / f"{run_id}.{uuid.uuid4().hex[:12]}"
    older = _versions_of(folder, run_id)
    files = {BUILT_FROM: json.dumps(built_from, sort_keys=True).encode()} if built_from is not None else None
    write_table_folder(version, tables, files, strict=True)
    _point(folder / CURRENT, version.name)
    for stale in older:
        shutil.rmtree(stale, ignore_errors=True)
    return version


def partition_version(folder: Path, run_id: str) -> Path | None:
    """The run's own version of a partition if it wrote one, else the one ``CURRENT`` names."""
    own = _versions_of(folder, run_id)
    return own[-1] if own else _current_version(folder)


def _current_version(folder: Path) -> Path | None:
    for _ in range(_READ_ATTEMPTS):
        named = _current_name(folder)
        if named is None:
            return None
        if (folder / named / COMPLETE).exists():
            return folder / named
        # The version CURRENT named may have been replaced and removed since CURRENT was read:
        # that is a newer version to follow, not a partition that was never materialized.
        if _current_name(folder) == named:
            return None
    return None


def current_built_from(folder: Path) -> dict[str, Any] | None:
    """What the version ``CURRENT`` names was built from (None: no version, or none recorded)."""
    version = _current_version(folder)
    if version is None:
        return None
    try:
        recorded = json.loads((version / BUILT_FROM).read_bytes())
    except (OSError, ValueError):
        return None
    return recorded if isinstance(recorded, dict) else None


def _current_name(folder: Path) -> str | None:
    try:
        return (folder / CURRENT).read_text().strip()
    except OSError:
        return None


def read_partition(folder: Path, run_id: str) -> dict[str, pa.Table]:
    """A partition's tables (see ``partition_version``).

    A version can be replaced and removed while it is read (another run rewrote the partition):
    then the newer version is read, as long as each failure was caused by a newer version.
    """
    failed: Path | None = None
    for _ in range(_READ_ATTEMPTS):
        version = partition_version(folder, run_id)
        if version is None:
            break
        if version == failed:
            raise FileNotFoundError(f"partition version {version} is incomplete")
        try:
            return {file.stem: read_table(file) for file in sorted(version.glob(f"*{TABLE_SUFFIX}"))}
        except FileNotFoundError:
            failed = version
    else:
        raise FileNotFoundError(f"partition {folder.name!r} kept being replaced while it was read")
    raise FileNotFoundError(f"partition {folder.name!r} was never materialized (expected {folder}/<run>.*/)")


class PartitionTables(Mapping[str, Mapping[str, pa.Table]]):
    """Partition key -> its tables, read when asked for: a step reads only the documents it uses
    (another build's partitions in the shared partition set are never opened)."""

    def __init__(self, folder: Path, run_id: str, keys: list[str]) -> None:
        self._folder, self._run_id, self._keys = folder, run_id, keys
        self._key_set = set(keys)

    def __getitem__(self, key: str) -> Mapping[str, pa.Table]:
        if key not in self._key_set:
            raise KeyError(key)
        return read_partition(self._folder / key, self._run_id)

    def __contains__(self, key: object) -> bool:
        # Mapping's default reads the partition to answer; a run asks this of every document.
        return key in self._key_set

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class ParquetTableIOManager(dg.ConfigurableIOManager):
    """One Parquet file per corpus-wide asset and run; a partitioned asset: one version folder of
    tables per partition and run (see the module docstring for the layout and why).

    A partitioned output is a mapping partition key -> {table name: table}; loading a
    partitioned input gives a lazy mapping of the partitions asked for back.
    """

    paths: PipelinePaths
    lock: DataFolderLock
    """Held while the run writes and reads here (every step needs this IO manager)."""

    def _file(self, run_id: str, key: dg.AssetKey) -> Path:
        return run_folder(self.paths.data, run_id) / f"{_asset_name(key)}.parquet"

    def _partitions(self, key: dg.AssetKey) -> Path:
        return partitions_folder(self.paths.data, key)

    def handle_output(self, context: dg.OutputContext, obj: pa.Table | Mapping[str, Mapping[str, pa.Table]]) -> None:
        """Write a table, or one version folder of tables per partition, under this run's name."""
        if context.has_asset_partitions:
            assert isinstance(obj, Mapping), "a partitioned asset returns partition key -> its tables"
            missing = set(context.asset_partition_keys) - set(obj)
            if missing:
                raise ValueError(f"{context.asset_key.to_user_string()}: no tables for partitions {sorted(missing)}")
            for partition in context.asset_partition_keys:
                value = obj[partition]
                built = value if isinstance(value, BuiltPartition) else BuiltPartition(value, None)
                write_partition(self._partitions(context.asset_key) / partition, context.run_id, built.tables,
                                built.built_from)
            return
        assert isinstance(obj, pa.Table)
        _write(self._file(context.run_id, context.asset_key), obj)

    def load_input(self, context: dg.InputContext) -> pa.Table | PartitionTables:
        """The run's own table (or the newest materialization's), or the partitions asked for."""
        run_id = context.step_context.run_id
        if context.has_asset_partitions:
            return PartitionTables(self._partitions(context.asset_key), run_id, list(context.asset_partition_keys))
        own = self._file(run_id, context.asset_key)
        if own.exists():
            return pq.read_table(own)
        latest = context.instance.get_latest_materialization_event(context.asset_key)
        if latest is None:
            name = context.asset_key.to_user_string()
            raise FileNotFoundError(f"{name} was never materialized; materialize it first")
        return pq.read_table(self._file(latest.run_id, context.asset_key))


def _in_progress(instance: dg.DagsterInstance) -> set[str]:
    records = instance.get_runs(filters=dg.RunsFilter(statuses=[s for s in dg.DagsterRunStatus if s not in _FINISHED]))
    return {run.run_id for run in records}


def _referenced_by_latest(instance: dg.DagsterInstance, folder: Path) -> bool:
    """Whether some asset's newest materialization is a table in this run's folder."""
    for file in folder.glob("*.parquet"):
        latest = instance.get_latest_materialization_event(dg.AssetKey(file.stem.split("__")))
        if latest is not None and latest.run_id == folder.name:
            return True
    return False


def collect_garbage(instance: dg.DagsterInstance, data_dir: Path) -> list[Path]:
    """Delete intermediate tables nothing refers to any more; return what was deleted.

    Kept: everything of a run in progress, a run folder holding some asset's newest
    materialization, and each partition's ``CURRENT`` version. Call after ``fail_dead_runs``,
    so that a killed run's leftovers count as finished.
    """
    root = staging_root(data_dir)
    if not root.is_dir():
        return []
    active = _in_progress(instance)
    removed: list[Path] = []
    for legacy in (p for p in root.iterdir() if p.is_file()):  # the shared layout before runs had their own
        legacy.unlink(missing_ok=True)
        removed.append(legacy)
    for folder in sorted((root / RUNS).glob("*")) if (root / RUNS).is_dir() else []:
        if folder.name not in active and not _referenced_by_latest(instance, folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    for asset in (p for p in root.iterdir() if p.is_dir() and p.name != RUNS):
        for partition in (p for p in asset.iterdir() if p.is_dir()):
            try:
                current = (partition / CURRENT).read_text().strip()
            except OSError:
                current = None
            for version in (p for p in partition.iterdir() if p.name != CURRENT):
                owner = version.name.removeprefix(_TEMPORARY).removeprefix(".")  # ".<version>.<pid>.partial"
                if version.name == current or any(owner.startswith(f"{run}.") for run in active):
                    continue
                if version.is_dir():
                    shutil.rmtree(version, ignore_errors=True)
                else:
                    version.unlink(missing_ok=True)
                removed.append(version)
    return removed
