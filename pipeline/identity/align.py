"""Which rows of a document's new version are the rows of its previous version.

Rows are compared by content key, in document order. Unchanged runs (the longest common
subsequence, found by rapidfuzz's bit-parallel Indel alignment) keep their IDs whatever their
line numbers; a row whose content moved elsewhere in the document keeps its ID; a row edited in
place (between the same unchanged neighbours, and similar enough) keeps its ID too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz.distance import Indel

from pipeline.identity.rules import EDIT_SIMILARITY

MAX_GAP_PAIRS = 250_000
"""A gap between unchanged runs with more candidate pairs than this is paired by position only,
so a wholly rewritten huge document costs linear time, not quadratic."""


def _gaps(old_len: int, new_len: int, opcodes: Iterable[Any]) -> list[tuple[int, int, int, int]]:
    """(old_start, old_end, new_start, new_end) of every stretch between unchanged runs."""
    gaps = []
    old_at = new_at = 0
    for op in list(opcodes) + [None]:
        if op is None or op.tag == "equal":
            end_old, end_new = (op.src_start, op.dest_start) if op is not None else (old_len, new_len)
            if end_old > old_at or end_new > new_at:
                gaps.append((old_at, end_old, new_at, end_new))
            if op is not None:
                old_at, new_at = op.src_end, op.dest_end
    return gaps


def _common_ends(old_keys: Sequence[str], new_keys: Sequence[str]) -> tuple[int, int]:
    """Lengths of the common prefix and suffix (not overlapping)."""
    limit = min(len(old_keys), len(new_keys))
    prefix = 0
    while prefix < limit and old_keys[prefix] == new_keys[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old_keys[-1 - suffix] == new_keys[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def align_rows(old_keys: Sequence[str], new_keys: Sequence[str]) -> dict[int, int]:
    """New row index -> the old row index it continues (rows absent from the result are new).

    The common prefix and suffix are matched first, so that after one edit, insertion or
    deletion every other row keeps its own ID even among identical rows; the middle is aligned
    by the longest common subsequence.
    """
    if old_keys == new_keys:  # an unchanged document, the usual case: every row continues itself
        return {i: i for i in range(len(new_keys))}
    prefix, suffix = _common_ends(old_keys, new_keys)
    matched: dict[int, int] = {i: i for i in range(prefix)}
    matched.update({len(new_keys) - 1 - i: len(old_keys) - 1 - i for i in range(suffix)})
    old_middle = list(old_keys[prefix:len(old_keys) - suffix])
    new_middle = list(new_keys[prefix:len(new_keys) - suffix])
    opcodes = Indel.opcodes(old_middle, new_middle)
    for op in opcodes:
        if op.tag == "equal":
            for offset in range(op.src_end - op.src_start):
                matched[prefix + op.dest_start + offset] = prefix + op.src_start + offset
    used_old = set(matched.values())
    free_old: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(old_keys):
        if index not in used_old:
            free_old[key].append(index)
    for index, key in enumerate(new_keys):  # moved rows: same content elsewhere in the document
        if index not in matched and free_old.get(key):
            matched[index] = free_old[key].pop(0)
    used_old = set(matched.values())
    for old_start, old_end, new_start, new_end in _gaps(len(old_middle), len(new_middle), opcodes):
        olds = [prefix + i for i in range(old_start, old_end) if prefix + i not in used_old]
        news = [prefix + j for j in range(new_start, new_end) if prefix + j not in matched]
        for j, i in _pair_edits(olds, news, old_keys, new_keys):
            matched[j] = i
            used_old.add(i)
    return matched


def _pair_edits(
    olds: list[int], news: list[int], old_keys: Sequence[str], new_keys: Sequence[str]
) -> list[tuple[int, int]]:
    """Edited rows within one gap: the most similar pairs first, each row used once."""
    if not olds or not news:
        return []
    if len(olds) * len(news) > MAX_GAP_PAIRS:
        candidates = list(zip(olds, news))
    else:
        candidates = [(i, j) for i in olds for j in news]
    scored = [
        (score, i, j)
        for i, j in candidates
        if (score := Indel.normalized_similarity(old_keys[i], new_keys[j])) >= EDIT_SIMILARITY
    ]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    pairs, taken_old, taken_new = [], set(), set()
    for _score, i, j in scored:
        if i not in taken_old and j not in taken_new:
            pairs.append((j, i))
            taken_old.add(i)
            taken_new.add(j)
    return pairs
