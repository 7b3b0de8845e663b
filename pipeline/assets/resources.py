"""Resources: where the pipeline reads and writes, and the dedup settings, so the CLI, the UI and tests agree."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pydantic

from pipeline.build_lock import exclusive_build, lock_holder
from pipeline.dedup.config import DedupConfig, field_types
from pipeline.paths import REPO_ROOT


class PipelinePaths(dg.ConfigurableResource):
    """Input folder, data folder and cache folder (absolute or relative to the repo)."""

    seeds_dir: str = "seeds"
    data_dir: str = "data"
    cache_dir: str = "data/cache"

    def _resolve(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else REPO_ROOT / path

    @property
    def seeds(self) -> Path:
        """The input folder."""
        return self._resolve(self.seeds_dir)

    @property
    def data(self) -> Path:
        """The data folder (releases/)."""
        return self._resolve(self.data_dir)

    @property
    def cache(self) -> Path:
        """The cache folder (parse results, embeddings)."""
        return self._resolve(self.cache_dir)


class DataFolderLock(dg.ConfigurableResource):
    """Holds the data folder's build lock (``pipeline.build_lock``) while a run, or a step, executes.

    Why a resource: Dagster opens it before the first step and closes it after the last one
    (in-process executor; per step under the multiprocess executor), so a run launched from
    the UI or by the sensor waits for a CLI build into the same folder, and a CLI build finds
    a running UI run and says so (exit 4) instead of changing the partitions under it.
    """

    paths: PipelinePaths

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[DataFolderLock]:
        """Wait for the lock (saying who holds it), hold it while the run or step executes."""
        run = context.run.run_id if context.run else "a run"
        holder = lock_holder(self.paths.data)
        if holder and context.log:
            context.log.info(f"waiting for the build lock of {self.paths.data} (held by {holder})")
        with exclusive_build(self.paths.data, wait=True, what=f"Dagster run {run}"):
            yield self


class _DedupSettingsBase(dg.ConfigurableResource):
    def config(self) -> DedupConfig:
        """The domain dataclass these settings describe."""
        return DedupConfig(**{name: getattr(self, name) for name in field_types()})


DedupSettings = pydantic.create_model(
    "DedupSettings",
    __base__=_DedupSettingsBase,
    __doc__="Every dedup threshold and knob (``DedupConfig``), settable from run config: resources.dedup.config.",
    **{f.name: (type(f.default), f.default) for f in dataclasses.fields(DedupConfig)},
)
"""Generated from ``DedupConfig``'s fields, so the dataclass stays the one definition."""


def dedup_settings(config: DedupConfig) -> _DedupSettingsBase:
    """The Dagster resource for a ``DedupConfig``."""
    return DedupSettings(**config.values())
