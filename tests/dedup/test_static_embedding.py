from functools import lru_cache
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dedup.static_embedding import StaticEmbedder, cache_path, ensure_static_embedding, load_or_distil
from pipeline.dedup.weights import pinned_model


def test_a_cached_table_is_reused_without_distilling(fake_cache: Path) -> None:
    table = load_or_distil(pinned_model(), fake_cache)
    assert np.array_equal(table, np.load(cache_path(fake_cache, pinned_model())))


def test_cache_file_is_keyed_by_the_weights_digest(tmp_path: Path) -> None:
    assert pinned_model().sha256[:16] in cache_path(tmp_path, pinned_model()).name


def test_sentence_vector_is_the_normalised_mean_of_its_token_rows(fake_cache: Path) -> None:
    model = pinned_model()
    embedder = StaticEmbedder(load_or_distil(model, fake_cache), model.tokenizer)
    ids = embedder.token_ids(["ketamine increases bdnf"])[0]
    expected = embedder.table[ids].mean(0)
    vector = embedder.embed(["ketamine increases bdnf"])[0]
    assert np.allclose(vector, expected / np.linalg.norm(expected), atol=1e-6)


def test_empty_text_embeds_to_zeros(fake_cache: Path) -> None:
    model = pinned_model()
    embedder = StaticEmbedder(load_or_distil(model, fake_cache), model.tokenizer)
    assert not embedder.embed([""]).any()


def test_ensure_static_embedding_keeps_an_existing_cached_table(fake_cache: Path) -> None:
    cached = cache_path(fake_cache, pinned_model())
    before = cached.read_bytes()
    assert ensure_static_embedding(fake_cache) == cached
    assert cached.read_bytes() == before


@lru_cache(maxsize=1)
def _tokenizing_only() -> StaticEmbedder:
    return StaticEmbedder(np.zeros((1, 1), dtype=np.float32), pinned_model().tokenizer)


_ALPHABET = st.sampled_from(
    list("abcXYZ019 -.,;()'%/") + ["  ", "\t", "\n", "\u00a0", "\u2009", "é", "e\u0301", "ß", "ﬁ", "µ", "°", "中文",
                                   "\u200b", "\x1f", "\x00", "😀", "Ⅻ", "２", "-\u0301", "ıİ"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_ALPHABET, max_size=12).map("".join), min_size=1, max_size=6))
def test_ids_read_word_by_word_are_those_of_the_whole_text(texts: list[str]) -> None:
    embedder = _tokenizing_only()
    whole = embedder.tokenizer.encode_batch_fast(texts, add_special_tokens=False)
    assert [ids.tolist() for ids in embedder.token_ids(texts)] == [encoding.ids for encoding in whole]
