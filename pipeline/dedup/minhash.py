"""Near-duplicate candidates: MinHash over token bigrams, banded LSH, windowed buckets.

Why this shape: MinHash signatures are computed for all texts at once with numpy
(multiply-shift hashing + ``minimum.reduceat``), so 1M texts take seconds; banding makes
texts that share ~half their bigrams land in a common bucket with high probability; and
within a bucket each text is paired only with its next ``window`` neighbours, so a huge
bucket (boilerplate) costs linear, not quadratic, work. Union-find later closes the chains.
"""

from __future__ import annotations

import numpy as np

NUM_PERMUTATIONS = 64
BANDS = 16
MIN_JACCARD = 0.3
"""Below this estimated bigram Jaccard a band collision is chance (texts from one template)."""
_WINDOW = 1
_CHUNK_SHINGLES = 4_000_000
_SEED = 20_251_122


def shingles(token_ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Bigram shingle codes of every text, flattened, with each text's start offset."""
    codes = []
    for ids in token_ids:
        ids = ids.astype(np.uint64)
        codes.append(ids[:-1] * np.uint64(1 << 20) + ids[1:] if len(ids) > 1 else ids)
    lengths = np.fromiter((len(c) for c in codes), dtype=np.int64, count=len(codes))
    offsets = np.concatenate(([0], np.cumsum(lengths)))
    flat = np.concatenate(codes) if codes else np.zeros(0, dtype=np.uint64)
    return flat, offsets


def signatures(flat: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """(texts, NUM_PERMUTATIONS) uint32 MinHash; texts without shingles get all-max rows."""
    rng = np.random.default_rng(_SEED)
    multipliers = rng.integers(1, 2**63, NUM_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    addends = rng.integers(0, 2**63, NUM_PERMUTATIONS, dtype=np.uint64)
    count = len(offsets) - 1
    out = np.full((count, NUM_PERMUTATIONS), np.iinfo(np.uint32).max, dtype=np.uint32)
    lengths = np.diff(offsets)
    start = 0
    while start < count:
        stop = int(np.searchsorted(offsets, offsets[start] + _CHUNK_SHINGLES, side="right")) - 1
        stop = min(count, max(stop, start + 1))
        rows = np.arange(start, stop)[lengths[start:stop] > 0]
        if len(rows):
            segment = flat[offsets[start] : offsets[stop]]
            local = offsets[rows] - offsets[start]
            for p in range(NUM_PERMUTATIONS):
                hashed = ((segment * multipliers[p] + addends[p]) >> np.uint64(32)).astype(np.uint32)
                out[rows, p] = np.minimum.reduceat(hashed, local)
        start = stop
    return out


def candidate_pairs(token_ids: list[np.ndarray], min_jaccard: float = MIN_JACCARD) -> np.ndarray:
    """(pairs, 2) int64 index pairs i < j that share an LSH band and agree on enough
    MinHash values (estimated Jaccard >= ``min_jaccard``), deduplicated."""
    flat, offsets = shingles(token_ids)
    sigs = signatures(flat, offsets)
    has_shingles = np.diff(offsets) > 0
    rows_per_band = NUM_PERMUTATIONS // BANDS
    mix = np.random.default_rng(_SEED + 1).integers(1, 2**63, rows_per_band, dtype=np.uint64) | np.uint64(1)
    index = np.flatnonzero(has_shingles)
    found = []
    for band in range(BANDS):
        block = sigs[index, band * rows_per_band : (band + 1) * rows_per_band].astype(np.uint64)
        keys = (block * mix).sum(axis=1) + np.uint64(band)
        order = np.lexsort((index, keys))
        sorted_keys, sorted_index = keys[order], index[order]
        for gap in range(1, _WINDOW + 1):
            same = sorted_keys[:-gap] == sorted_keys[gap:]
            found.append(np.stack([sorted_index[:-gap][same], sorted_index[gap:][same]], axis=1))
    pairs = _unique_pairs(found)
    agreement = np.empty(len(pairs), dtype=np.float32)
    for start in range(0, len(pairs), 200_000):
        chunk = pairs[start : start + 200_000]
        agreement[start : start + len(chunk)] = (sigs[chunk[:, 0]] == sigs[chunk[:, 1]]).mean(axis=1)
    return pairs[agreement >= min_jaccard]


def _unique_pairs(parts: list[np.ndarray]) -> np.ndarray:
    pairs = np.concatenate(parts) if parts else np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(pairs, axis=1).astype(np.int64)
    return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)
