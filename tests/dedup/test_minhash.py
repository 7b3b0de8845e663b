import numpy as np

from pipeline.dedup.minhash import candidate_pairs, shingles, signatures


def ids_of(texts: list[str]) -> list[np.ndarray]:
    vocabulary: dict[str, int] = {}
    return [np.array([vocabulary.setdefault(w, len(vocabulary)) for w in t.split()], dtype=np.int32) for t in texts]


def test_near_duplicates_become_candidates_and_unrelated_texts_do_not() -> None:
    texts = [
        "regular aerobic exercise lowers resting blood pressure in adults with hypertension",
        "regular aerobic exercise lowers resting blood presure in adults with hypertension",
        "coral reefs support about a quarter of all marine species worldwide today",
    ]
    pairs = candidate_pairs(ids_of(texts)).tolist()
    assert [0, 1] in pairs
    assert not any(2 in pair for pair in pairs)


def test_signatures_are_deterministic_and_ignore_shingle_order() -> None:
    flat, offsets = shingles(ids_of(["a b c d e", "e d c b a"]))
    again = signatures(flat.copy(), offsets.copy())
    assert np.array_equal(signatures(flat, offsets), again)


def test_text_without_shingles_is_never_a_candidate() -> None:
    pairs = candidate_pairs([np.array([], dtype=np.int32), np.array([], dtype=np.int32), np.array([1, 2, 3])])
    assert len(pairs) == 0
