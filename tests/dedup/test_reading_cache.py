"""The transformer reading cache: cached readings are the bytes a fresh reading gives, and a
damaged cache is read again rather than trusted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.dedup.orchestrate import transformer
from pipeline.dedup.reading_cache import ReadingCache, cache_file, read_alone
from pipeline.dedup.transformer import MiniLM, Reading
from pipeline.dedup.weights import pinned_model

TEXTS = [
    "lithium lowers suicide risk in adults with bipolar disorder",
    "aspirin reduces the risk of a second heart attack",
    "sleep loss raises cortisol the next evening",
]
LAYER = 4


def _cache(directory: Path, model=transformer) -> ReadingCache:
    return ReadingCache(directory, pinned_model().sha256, LAYER, model)


def _same(a: Reading, b: Reading) -> bool:
    return (
        a.embedding.dtype == b.embedding.dtype and a.embedding.tobytes() == b.embedding.tobytes()
        and a.token_states.dtype == b.token_states.dtype and a.token_states.tobytes() == b.token_states.tobytes()
        and a.words == b.words
    )


def _no_model() -> MiniLM:
    raise AssertionError("the model was asked for a text that is cached")


def test_a_cached_reading_is_the_reading_of_the_text_alone_whatever_it_was_requested_with(tmp_path: Path) -> None:
    alone = [read_alone(transformer(), text, LAYER) for text in TEXTS]
    first = _cache(tmp_path).read(TEXTS)
    again = _cache(tmp_path, _no_model).read([TEXTS[2], TEXTS[0], TEXTS[1], TEXTS[0]])
    assert all(_same(a, b) for a, b in zip(alone, first, strict=True))
    assert all(_same(a, b) for a, b in zip([alone[2], alone[0], alone[1], alone[0]], again, strict=True))


def test_only_new_texts_are_read(tmp_path: Path) -> None:
    _cache(tmp_path).read(TEXTS[:2])
    cache = _cache(tmp_path)
    cache.read(TEXTS)
    assert (cache.hits, cache.misses) == (2, 1)


def test_a_file_that_is_not_a_database_is_replaced_and_the_readings_recomputed(tmp_path: Path) -> None:
    expected = _cache(tmp_path / "good").read(TEXTS)
    path = cache_file(tmp_path / "bad", pinned_model().sha256, LAYER)
    path.parent.mkdir()
    path.write_bytes(b"\x00garbage, not sqlite" * 100)
    cache = _cache(tmp_path / "bad")
    assert all(_same(a, b) for a, b in zip(expected, cache.read(TEXTS), strict=True))
    assert cache.misses == len(TEXTS)
    assert _cache(tmp_path / "bad", _no_model).read(TEXTS)  # stored again, readable


def test_a_row_altered_after_it_was_written_is_not_trusted(tmp_path: Path) -> None:
    expected = _cache(tmp_path).read(TEXTS)
    with sqlite3.connect(cache_file(tmp_path, pinned_model().sha256, LAYER)) as connection:
        (blob,) = connection.execute("SELECT embedding FROM readings LIMIT 1").fetchone()
        connection.execute("UPDATE readings SET embedding = ? WHERE embedding = ?", (blob[:-8] + b"\x01" * 8, blob))
    cache = _cache(tmp_path)
    assert all(_same(a, b) for a, b in zip(expected, cache.read(TEXTS), strict=True))
    assert (cache.hits, cache.misses) == (2, 1)
