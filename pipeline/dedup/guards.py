"""The substitution guard: a look-alike pair in which a content word was swapped for another.

Why it complements the slots (``slots``): slots cover the details a vocabulary can name
(numbers, substances, conditions, ...); a swapped content word outside every vocabulary
("memory" -> "regulation") still makes two look-alikes different claims. Such a pair is
never merged, but it is no contradiction of a named detail either, so it is not a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from pipeline.text.stopwords import STOPWORDS


@dataclass(frozen=True, slots=True)
class Conflict:
    """Why two similar statements must stay apart."""

    reason: str
    detail: str


_ENGLISH = snowballstemmer.stemmer("english")
"""The Snowball (Porter2) English stemmer: limit/limiting, use/using, study/studies share a stem."""


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """Memoised: the pure-Python stemmer costs ~0.2 ms a word, and a corpus repeats its words
    across thousands of candidate pairs (a 20-page corpus asked for 105k stems of a few thousand words)."""
    return _ENGLISH.stemWord(word)


@lru_cache(maxsize=1 << 18)
def same_word(x: str, y: str) -> bool:
    """Spelling variant, typo or inflection of one word (recognised/recognized, limit/limiting, use/using).

    Memoised: names and content words recur across millions of look-alike pairs (a million
    facts asked ~10M times, 13 s of stemming and edit distances, mostly for the same few names).
    """
    if _stem(x) == _stem(y):
        return True
    return min(len(x), len(y)) >= 5 and (OSA.distance(x, y) <= 1 or fuzz.ratio(x, y) >= 85)


_LONGEST_DETAIL = 3
"""A replaced span longer than this (in content words) is rewording, not a swapped detail."""


def _content(span: list[str]) -> list[str]:
    return [w for w in span if w not in STOPWORDS and len(w) > 1]


def _harmless_replacement(old: list[str], new: list[str], words_a: list[str], words_b: list[str]) -> bool:
    """Re-spacing, spelling variants, words moved from elsewhere, function words replaced by an
    inserted word ("should be taken" -> "is best taken"), or a rewording too long to be one detail."""
    if "".join(old) == "".join(new):
        return True
    old_content, new_content = _content(old), _content(new)
    if not old_content or not new_content:
        return True
    if len(old_content) == len(new_content) and all(map(same_word, old_content, new_content)):
        return True
    if set(old_content) <= set(words_b) and set(new_content) <= set(words_a):
        return True
    return len(old_content) > _LONGEST_DETAIL or len(new_content) > _LONGEST_DETAIL


def substitution_between(words_a: list[str], words_b: list[str]) -> Conflict | None:
    """A look-alike pair where a content word was swapped for another (memory -> regulation).

    Insertions and deletions (an added clause, a spelled-out abbreviation) are allowed; a
    short replacement must be a spelling variant, typo, inflection, re-spacing or reordering.
    """
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = words_a[i1:i2], words_b[j1:j2]
        if tag == "replace" and not _harmless_replacement(old, new, words_a, words_b):
            return Conflict("substitution", f"{' '.join(old)} -> {' '.join(new)}")
    return None
