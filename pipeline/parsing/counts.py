"""Counts a document declares ("47 facts", "[fact:12|…]"): read as int64 or not at all."""

from __future__ import annotations

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
