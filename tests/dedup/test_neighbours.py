import numpy as np

from pipeline.dedup.neighbours import NEIGHBOURS, similar_pairs


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def planted(count: int, seed: int = 0) -> tuple[np.ndarray, set[tuple[int, int]]]:
    """Random unit vectors where each even row has a close twin right after it."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((count // 2, 64))
    twins = base + 0.15 * rng.standard_normal(base.shape)
    vectors = unit(np.stack([base, twins], axis=1).reshape(count, 64))
    return vectors, {(i, i + 1) for i in range(0, count, 2)}


def test_small_inputs_find_every_close_pair_by_brute_force() -> None:
    vectors, twins = planted(200)
    pairs, scores = similar_pairs(vectors, 0.9)
    assert {tuple(p) for p in pairs.tolist()} == twins
    assert (scores >= 0.9).all()


def test_large_inputs_find_close_pairs_through_cells() -> None:
    vectors, twins = planted(10_000)
    found = {tuple(p) for p in similar_pairs(vectors, 0.9)[0].tolist()}
    assert len(found & twins) / len(twins) >= 0.95


def test_each_text_contributes_at_most_a_bounded_number_of_candidates() -> None:
    same = unit(np.ones((50, 8)) + 0.001 * np.random.default_rng(1).standard_normal((50, 8)))
    pairs, _ = similar_pairs(same, 0.5)
    assert len(pairs) <= 50 * NEIGHBOURS


def test_pairs_are_sorted_and_unique() -> None:
    pairs, _ = similar_pairs(planted(300)[0], 0.5)
    assert (pairs[:, 0] < pairs[:, 1]).all()
    assert len({tuple(p) for p in pairs.tolist()}) == len(pairs)


def test_each_vector_gets_its_nearest_and_second_nearest_centroid() -> None:
    from pipeline.dedup.neighbours import _two_nearest

    rng = np.random.default_rng(3)
    vectors, centroids = rng.standard_normal((5000, 16)), rng.standard_normal((40, 16))
    first, second = _two_nearest(vectors, centroids)
    ranked = np.argsort(-(vectors @ centroids.T), axis=1, kind="stable")
    assert np.array_equal(first, ranked[:, 0]) and np.array_equal(second, ranked[:, 1])
    tied = _two_nearest(np.ones((1, 2)), np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]))
    assert (tied[0].tolist(), tied[1].tolist()) == ([0], [1])
