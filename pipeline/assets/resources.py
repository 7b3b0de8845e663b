"""Resources: where the pipeline reads and writes, and the dedup settings, so the CLI, the UI and tests agree."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import dagster as dg
import pydantic

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
