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
