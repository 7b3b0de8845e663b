"""Stores every asset value (a pyarrow Table) as Parquet between steps.

Why Parquet and not pickle: a staged table can be opened by anyone (DuckDB, pandas) to debug
a run, and the release step re-reads exactly what the checks validated. Per-document
(partitioned) assets are stored one file per document; a corpus-wide step reads them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.assets.resources import PipelinePaths


def _write(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".parquet.tmp")
    pq.write_table(table, temporary, compression="zstd")
    temporary.replace(path)


_COMPLETE = "_COMPLETE"
"""Written after a partition's tables: a partition without it was interrupted half-way."""


class ParquetTableIOManager(dg.ConfigurableIOManager):
    """One Parquet file per asset under ``<data_dir>/staging/``; a partitioned asset: one folder
    per partition with a Parquet file per table.

    A partitioned output is a mapping partition key -> {table name: table}; loading a
    partitioned input gives that mapping back for the partitions asked for (every document, for
    a corpus-wide step).
    """

    paths: PipelinePaths

    def _file(self, key: dg.AssetKey) -> Path:
        return self.paths.data / "staging" / f"{'__'.join(key.path)}.parquet"

    def _path(self, key: dg.AssetKey, partition: str) -> Path:
        """The folder of one partition's tables (keys are document IDs: safe names)."""
        return self.paths.data / "staging" / "__".join(key.path) / partition

    def handle_output(self, context: dg.OutputContext, obj: pa.Table | Mapping[str, Mapping[str, pa.Table]]) -> None:
        """Write a table, or one folder of tables per partition (marked complete last)."""
        if context.has_asset_partitions:
            assert isinstance(obj, Mapping), "a partitioned asset returns partition key -> its tables"
            missing = set(context.asset_partition_keys) - set(obj)
            if missing:
                raise ValueError(f"{context.asset_key.to_user_string()}: no tables for partitions {sorted(missing)}")
            for partition in context.asset_partition_keys:
                folder = self._path(context.asset_key, partition)
                for name, table in obj[partition].items():
                    _write(folder / f"{name}.parquet", table)
                (folder / _COMPLETE).touch()
            return
        assert isinstance(obj, pa.Table)
        _write(self._file(context.asset_key), obj)

    def load_input(self, context: dg.InputContext) -> pa.Table | dict[str, dict[str, pa.Table]]:
        """Read a table, or the tables of every partition asked for."""
        if context.has_asset_partitions:
            loaded = {}
            for partition in context.asset_partition_keys:
                folder = self._path(context.asset_key, partition)
                if not (folder / _COMPLETE).exists():
                    raise FileNotFoundError(
                        f"{context.asset_key.to_user_string()}: partition {partition!r} was never materialized "
                        f"(expected {folder}); materialize that document first"
                    )
                loaded[partition] = {file.stem: pq.read_table(file) for file in sorted(folder.glob("*.parquet"))}
            return loaded
        return pq.read_table(self._file(context.asset_key))
