"""Fixtures for dedup tests: a fake distilled table (fast) and helpers to build fact tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from pipeline.dedup.static_embedding import DIMENSIONS, cache_path
from pipeline.dedup.weights import pinned_model
from pipeline.ids import stable_id

REAL_CACHE = Path(__file__).resolve().parents[2] / "data" / "cache" / "embeddings"
"""The real distilled table, shared with the pipeline build; distilled on first use (slow once)."""


@pytest.fixture(scope="session")
def fake_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache dir holding a seeded random token table in place of the distilled one.

    Random token vectors still make texts that share most tokens similar and unrelated texts
    dissimilar, which is all the structural tests need; it saves the distillation.
    """
    directory = tmp_path_factory.mktemp("embeddings")
    table = np.random.default_rng(0).standard_normal((30522, DIMENSIONS)).astype(np.float32)
    np.save(cache_path(directory, pinned_model()), table)
    return directory


def facts_table(texts: list[str], documents: list[str] | None = None, sources: list[str | None] | None = None) -> pa.Table:
    """Raw facts as the parser emits them; fact_id derives from position and text."""
    documents = documents or ["d1"] * len(texts)
    sources = sources or [None] * len(texts)
    return pa.table({
        "fact_id": [stable_id("fct", i, text) for i, text in enumerate(texts)],
        "document_id": [stable_id("doc", d) for d in documents],
        "source_id": pa.array([None if s is None else stable_id("src", s) for s in sources], pa.string()),
        "fact_type": ["claim"] * len(texts),
        "text": texts,
        "line_no": list(range(1, len(texts) + 1)),
    })
