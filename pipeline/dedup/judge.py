"""Decide what one candidate pair is: near duplicate, paraphrase to confirm, conflict, or unrelated.

Why guards run before any merge: a false merge loses a claim for good, a missed merge only
costs a row, so every pair that clears a similarity threshold must also pass every guard;
look-alike pairs that fail a guard are the contradictions users want to see. Why paraphrases
are only *screened* here: the static embedding ranks candidates well but separates "same
claim" from "same topic" poorly, so the final word belongs to the transformer (``confirm``):
its token alignment must show that each sentence says what the other says, and its sentence
embedding must agree that the two are close.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from pipeline.dedup.guards import ClaimFeatures, Conflict, conflict_between, substitution_between
from pipeline.dedup.normalize import words


@dataclass(frozen=True)
class Thresholds:
    """Scores in [0, 1] a pair must reach; tuned on the seed pairs, checked on held-out pairs."""

    near: float = 0.90
    """Character similarity (Indel, max with token-sort) for a near-duplicate merge."""
    paraphrase_alignment: float = 0.775
    """Token alignment (``alignment``) for a paraphrase merge: midway between the seed split's
    best-aligned same-topic negative (0.756) and its worst-aligned paraphrase it keeps (0.793)."""
    paraphrase: float = 0.84
    """Transformer cosine a paraphrase merge needs as well: just below the lowest of the seed
    paraphrases that align (0.843). Alone, cosine cannot decide: seed same-topic negatives
    reach 0.94."""
    paraphrase_candidate: float = 0.70
    """Static cosine for a pair to be worth a transformer confirmation."""
    conflict_near: float = 0.80
    """Character similarity above which a guarded pair is a look-alike, reported as a conflict."""
    transformer_budget: int = 1024
    """Most texts embedded by the transformer per run (~35-90/s on 2 cores): best static
    candidates first, so the run time stays bounded; candidates beyond it stay unmerged."""
    paraphrase_pool: int = 8192
    """Most embedding-neighbour pairs screened per run (best static cosine first): more could
    never be confirmed within the transformer budget; near duplicates come from MinHash."""


@dataclass(frozen=True, slots=True)
class Merge:
    method: str
    score: float
    threshold: float


@dataclass(frozen=True, slots=True)
class PairConflict:
    conflict: Conflict
    score: float


@dataclass(frozen=True, slots=True)
class NeedsConfirmation:
    static_cosine: float


@dataclass(frozen=True, slots=True)
class PairText:
    """What the judge needs to know about one side of a pair."""

    normalized: str
    features: ClaimFeatures


def similarity(a: str, b: str) -> tuple[float, float]:
    """(in-order, order-tolerant) character similarity of two normalized texts; the second
    also accepts reordered lists (token sort)."""
    ordered = fuzz.ratio(a, b) / 100.0
    return ordered, max(ordered, fuzz.token_sort_ratio(a, b) / 100.0)


def bulk_similarity(left: list[str], right: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """``similarity`` of many pairs (left[i], right[i]) at once, in C on all cores."""
    ordered = cpdist(left, right, scorer=fuzz.ratio, dtype=np.float64, workers=-1) / 100.0
    reordered = cpdist(left, right, scorer=fuzz.token_sort_ratio, dtype=np.float64, workers=-1) / 100.0
    return ordered, np.maximum(ordered, reordered)


def screen(a: PairText, b: PairText, static_cosine: float, t: Thresholds) -> Merge | PairConflict | NeedsConfirmation | None:
    """Near merge, conflict, or paraphrase candidate; None when the pair is plainly unrelated."""
    return screen_scored(a, b, *similarity(a.normalized, b.normalized), static_cosine, t)


def screen_scored(
    a: PairText, b: PairText, ordered: float, near: float, static_cosine: float, t: Thresholds
) -> Merge | PairConflict | NeedsConfirmation | None:
    """``screen`` with the character similarities already computed (in bulk).

    The substitution guard needs the texts aligned word by word, so it only applies when they
    also look alike in order; a reworded paraphrase would always "substitute" something.
    """
    look_alike = near >= t.conflict_near
    if not (look_alike or static_cosine >= t.paraphrase_candidate):
        return None
    conflict = conflict_between(a.features, b.features)
    if conflict is None and ordered >= t.conflict_near:
        conflict = substitution_between(words(a.normalized), words(b.normalized))
    if conflict is not None:
        return PairConflict(conflict, round(near, 6)) if look_alike else None
    if near >= t.near:
        return Merge("near", round(near, 6), t.near)
    if static_cosine >= t.paraphrase_candidate:
        return NeedsConfirmation(static_cosine)
    return None


def confirm(transformer_cosine: float, token_alignment: float, t: Thresholds) -> Merge | None:
    """The transformer's verdict on a screened paraphrase candidate; the alignment is the
    recorded score, since it is the stricter of the two tests."""
    if token_alignment >= t.paraphrase_alignment and transformer_cosine >= t.paraphrase:
        return Merge("paraphrase", round(min(token_alignment, 1.0), 6), t.paraphrase_alignment)
    return None
