"""Name and container comparison shared by citation linking and work merging."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from pipeline.text.normalize import fold_words
from pipeline.text.stopwords import TITLE_STOPWORDS


@lru_cache(maxsize=1 << 16)
def _folded_title(text: str) -> str:
    """A title's folded words, joined: remembered, since work merging compares each title of an
    author's block with every other (folding was 5 of 6 s of a 100-page corpus's merge)."""
    return " ".join(fold_words(text))


_SAME_TITLE = 90.0
"""fuzz.ratio of two folded titles from which they are the same title."""
_SAME_WITHOUT_SUBTITLE = 95.0
"""fuzz.partial_ratio from which a title is the other without its subtitle (both of ``_LONG`` or more)."""
_LONG = 25
_PARALLEL_CELLS = 50_000
"""Comparisons from which a title matrix is computed on every core."""


def titles_match(a: str, b: str) -> bool:
    """Same title up to case, punctuation and a dropped subtitle.

    The scores are asked for with their thresholds as cut-offs: rapidfuzz then stops early on
    pairs that cannot reach them, and ``titles_match_matrix`` makes the same decisions in bulk.
    """
    left, right = _folded_title(a), _folded_title(b)
    if fuzz.ratio(left, right, score_cutoff=_SAME_TITLE) >= _SAME_TITLE:
        return True
    long = min(len(left), len(right)) >= _LONG
    return long and fuzz.partial_ratio(left, right, score_cutoff=_SAME_WITHOUT_SUBTITLE) >= _SAME_WITHOUT_SUBTITLE


def titles_match_matrix(lefts: Sequence[str], rights: Sequence[str]) -> np.ndarray:
    """``titles_match`` of every title in ``lefts`` with every title in ``rights`` (a boolean matrix).

    Why: work merging compares each title of an author's year with every other; one call into
    rapidfuzz per matrix instead of one per pair took most of the per-pair cost away.
    """
    left = [_folded_title(title) for title in lefts]
    right = [_folded_title(title) for title in rights]
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=bool)
    workers = -1 if len(left) * len(right) >= _PARALLEL_CELLS else 1
    matched = process.cdist(
        left, right, scorer=fuzz.ratio, score_cutoff=_SAME_TITLE, dtype=np.uint8, workers=workers
    ) > 0
    long_left = [i for i, title in enumerate(left) if len(title) >= _LONG]
    long_right = [j for j, title in enumerate(right) if len(title) >= _LONG]
    if long_left and long_right:
        partial = process.cdist(
            [left[i] for i in long_left], [right[j] for j in long_right], scorer=fuzz.partial_ratio,
            score_cutoff=_SAME_WITHOUT_SUBTITLE, dtype=np.uint8, workers=workers,
        ) > 0
        matched[np.ix_(long_left, long_right)] |= partial
    return matched


def _significant(text: str) -> list[str]:
    words = fold_words(re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE))
    return [word for word in words if word not in TITLE_STOPWORDS]


def containers_match(a: str, b: str) -> bool:
    """Same journal written in full, abbreviated ("J Clin Psychiatry") or as an acronym ("AJP")."""
    left, right = _significant(a), _significant(b)
    if not left or not right:
        return False
    if left == right or fuzz.ratio(" ".join(left), " ".join(right)) >= 92:
        return True
    for short, full in ((left, right), (right, left)):
        if len(short) == 1 and short[0] == "".join(word[0] for word in full) and len(full) > 1:
            return True
        if len(short) == len(full) and all(f.startswith(s) for s, f in zip(short, full)):
            return True
    return False
