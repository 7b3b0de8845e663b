"""Decide what one candidate pair is: near duplicate, paraphrase to confirm, conflict, blocked, or unrelated.

Why slots are compared before any merge: a false merge loses a claim for good, a missed merge
only costs a row. Each pair is compared slot by slot (``slots.compare``): a value stated on one
side only is an omission and never blocks; different values for the same slot block the merge.
Such a pair is a **conflict** (a contradiction users want to see) only when it differs in at
most ``conflict_max_slots`` slots and the rest of the claim matches: by characters for pairs
alike word by word, by the transformer for reworded or reordered ones. Otherwise it is merely blocked: two
different claims, counted per slot in the run's statistics but not reported as a conflict.
Why paraphrases are only *screened* here: the static embedding ranks candidates well but
separates "same claim" from "same topic" poorly, so the final word belongs to the transformer
(``confirm``): its token alignment must show that each sentence says what the other says, and
its sentence embedding must agree that the two are close.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.guards import substitution_between
from pipeline.dedup.slots import SlotComparison, SlotConflict, TextSlots, blocking_slots, compare
from pipeline.text.normalize import words


@dataclass(frozen=True, slots=True)
class Merge:
    """A confirmed merge: method, score and the threshold it passed."""

    method: str
    score: float
    threshold: float
    comparison: SlotComparison | None = None


@dataclass(frozen=True, slots=True)
class PairConflict:
    """The same claim except for differing values in the named slot(s)."""

    conflicts: tuple[SlotConflict, ...]
    score: float
    method: str


@dataclass(frozen=True, slots=True)
class Blocked:
    """Similar texts kept apart, but no contradiction to report: why (slot names or "substitution")."""

    slots: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NeedsConfirmation:
    """A reworded candidate for the transformer: a merge if it confirms, or, when ``conflicts``
    are set, a conflict (the rest of the claim matches although these slots differ)."""

    static_cosine: float
    comparison: SlotComparison


@dataclass(frozen=True, slots=True)
class PairText:
    """What the judge needs to know about one side of a pair."""

    normalized: str
    slots: TextSlots


Verdict = Merge | PairConflict | Blocked | NeedsConfirmation | None


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


def rest_matches(a: TextSlots, b: TextSlots, t: DedupConfig) -> bool:
    """Whether what no slot took says the same on both sides: alike by characters and no
    content word swapped ("raised BDNF" vs "raised VEGF" differ outside every slot)."""
    if fuzz.ratio(a.residual, b.residual) / 100.0 < t.conflict_rest:
        return False
    return substitution_between(a.residual.split(), b.residual.split()) is None


def screen(a: PairText, b: PairText, static_cosine: float, t: DedupConfig) -> Verdict:
    """Near merge, conflict, blocked pair or paraphrase candidate; None when plainly unrelated."""
    return screen_scored(a, b, *similarity(a.normalized, b.normalized), static_cosine, t)


def screen_scored(
    a: PairText, b: PairText, ordered: float, near: float, static_cosine: float, t: DedupConfig
) -> Verdict:
    """``screen`` with the character similarities already computed (in bulk).

    The substitution guard needs the texts aligned word by word, so it only applies when they
    also look alike in order; a reworded paraphrase would always "substitute" something.
    """
    look_alike = near >= t.conflict_near
    candidate = static_cosine >= t.paraphrase_candidate
    if not (look_alike or candidate):
        return None
    blocking, differences = blocking_slots(a.slots, b.slots)
    if differences > t.conflict_max_slots:  # two different claims: nothing to describe
        return Blocked(blocking)
    comparison = compare(a.slots, b.slots)
    if comparison.conflicts:
        in_order = ordered >= t.conflict_near  # alike word by word: the characters decide
        if comparison.differences <= t.conflict_max_slots:
            if in_order and rest_matches(a.slots, b.slots, t):
                return PairConflict(comparison.conflicts, round(near, 6), "near")
            if not in_order and candidate and t.paraphrase_conflicts:
                return NeedsConfirmation(static_cosine, comparison)
        return Blocked(tuple(c.slot for c in comparison.conflicts))
    if ordered >= t.conflict_near and substitution_between(words(a.normalized), words(b.normalized)):
        return Blocked(("substitution",))
    if near >= t.near:
        return Merge("near", round(near, 6), t.near, comparison)
    if candidate:
        return NeedsConfirmation(static_cosine, comparison)
    return None


def confirm(transformer_cosine: float, token_alignment: float, t: DedupConfig) -> Merge | None:
    """The transformer's verdict on a screened paraphrase candidate; the alignment is the
    recorded score, since it is the stricter of the two tests."""
    if token_alignment >= t.paraphrase_alignment and transformer_cosine >= t.paraphrase:
        return Merge("paraphrase", round(min(token_alignment, 1.0), 6), t.paraphrase_alignment)
    return None
