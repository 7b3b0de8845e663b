"""Name and container comparison shared by citation linking and work merging."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

from pipeline.text.normalize import fold_words
from pipeline.text.stopwords import TITLE_STOPWORDS


@lru_cache(maxsize=1 << 16)
def _folded_title(text: str) -> str:
    """A title's folded words, joined: remembered, since work merging compares each title of an
    author's block with every other (folding was 5 of 6 s of a 100-page corpus's merge)."""
    return " ".join(fold_words(text))


def titles_match(a: str, b: str) -> bool:
    """Same title up to case, punctuation and a dropped subtitle."""
    left, right = _folded_title(a), _folded_title(b)
    return fuzz.ratio(left, right) >= 90 or (min(len(left), len(right)) >= 25 and fuzz.partial_ratio(left, right) >= 95)


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
