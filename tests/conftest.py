"""Shared fixtures: one real end-to-end build of seeds/ per test session."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipeline.build import BuildOutcome, build_dataset
from pipeline.paths import CACHE_DIR, SEEDS_DIR

SEEDS = SEEDS_DIR
SHARED_CACHE = CACHE_DIR
"""Parse results and the distilled embedding are keyed by content, so tests may share them."""


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildOutcome, Path]:
    """The whole asset graph materialized on seeds/ into a temporary data folder."""
    out = tmp_path_factory.mktemp("data")
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=SEEDS, data_dir=out, cache_dir=SHARED_CACHE, instance=instance)
    return outcome, out
