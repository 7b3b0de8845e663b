"""Stores every asset value (a pyarrow Table) as Parquet between steps.

Why Parquet and not pickle: a staged table can be opened by anyone (DuckDB, pandas) to debug
a run, and the release step re-reads exactly what the checks validated.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.assets.resources import PipelinePaths


class ParquetTableIOManager(dg.ConfigurableIOManager):
    """One Parquet file per asset under ``<data_dir>/staging/``."""

    paths: PipelinePaths

    def _path(self, key: dg.AssetKey) -> Path:
        return self.paths.data / "staging" / f"{'__'.join(key.path)}.parquet"

    def handle_output(self, context: dg.OutputContext, obj: pa.Table) -> None:
        """Write the asset's table as Parquet."""
        path = self._path(context.asset_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".parquet.tmp")
        pq.write_table(obj, temporary, compression="zstd")
        temporary.replace(path)

    def load_input(self, context: dg.InputContext) -> pa.Table:
        """Read the upstream asset's table."""
        return pq.read_table(self._path(context.asset_key))
