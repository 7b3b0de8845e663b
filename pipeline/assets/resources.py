"""Where the pipeline reads and writes: one resource so the CLI, the UI and tests agree."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline.code_version import REPO_ROOT


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
        return self._resolve(self.seeds_dir)

    @property
    def data(self) -> Path:
        return self._resolve(self.data_dir)

    @property
    def cache(self) -> Path:
        return self._resolve(self.cache_dir)
