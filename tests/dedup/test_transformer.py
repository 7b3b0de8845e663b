from itertools import groupby

import numpy as np
import pytest

from pipeline.dedup.orchestrate import transformer


def embeddings(texts: list[str], batch_size: int = 32) -> np.ndarray:
    return np.stack([r.embedding for r in transformer().read(texts, layer=4, batch_size=batch_size)])


def test_transformer_ranks_a_paraphrase_above_an_unrelated_sentence() -> None:
    vectors = embeddings([
        "Marine heatwaves are the main cause of coral bleaching.",
        "Coral bleaching is driven primarily by marine heatwaves.",
        "The committee approved the annual budget on Tuesday.",
    ])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.85 > 0.3 > vectors[0] @ vectors[2]


def test_batching_does_not_change_embeddings() -> None:
    texts = ["short one", "a considerably longer sentence about blood pressure and exercise", "mid length text here"]
    together = embeddings(texts, batch_size=3)
    alone = np.stack([embeddings([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_reading_gives_the_embedding_and_one_state_per_token() -> None:
    texts = ["coral bleaching is driven by heatwaves", "a lack of sleep worsens memory"]
    readings = transformer().read(texts, layer=4)
    ids = np.array([transformer().tokenizer.encode(texts[0]).ids])
    assert np.allclose(readings[0].embedding, transformer().pooled(ids, np.ones(ids.shape, dtype=bool))[0], atol=1e-5)
    first = readings[0]
    assert len(first.words) == len(first.token_states) and first.words[0] == first.words[-1] == ""
    assert [w for w, _ in groupby(first.words[1:-1])] == ["coral", "bleaching", "is", "driven", "by", "heatwaves"]


def test_asking_for_a_layer_the_model_does_not_have_is_an_error() -> None:
    ids, mask = np.array([[101, 102]]), np.ones((1, 2), dtype=bool)
    with pytest.raises(ValueError, match="layers must be between 0 and 6"):
        transformer().hidden_states(ids, mask, (7,))
