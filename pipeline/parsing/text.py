"""Text normalization: the single definition of "the same text" used for IDs and matching."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
                         "–": "-", "—": "-", "‑": "-", "−": "-", "…": "..."})
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Case-folded, NFKC, typographic quotes/dashes unified, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACES.sub(" ", folded).strip()


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a finished sentence (used to spot truncated input)."""
    return bool(re.search(r"[.!?:;)\]\"'”’…]\s*$", text))


MAX_COUNT = (1 << 63) - 1
"""Counts are stored as int64: a larger declared count is implausible, not a crash."""


def parse_count(digits: str) -> int | None:
    """The integer a run of digits states, or None when it cannot be a count (beyond int64).

    The length is checked first: ``int()`` of a very long digit string is slow or refused.
    """
    digits = digits.lstrip("0") or "0"
    if len(digits) > 19 or int(digits) > MAX_COUNT:
        return None
    return int(digits)
