"""Merge reference mentions into works.

Mentions are merged in three passes of decreasing evidence so a vague mention can never glue
two distinct works together: (1) mentions with a DOI or title merge pairwise (same DOI, or same
first author + compatible year + matching title); (2) mentions with only a container join the
single compatible work, else group by (author, year, container); (3) bare "Name (year)" mentions
join the single compatible work, else group by (author, year). Each pass compares mentions,
never partial clusters, so the result does not depend on input order.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache, partial
from pathlib import Path

import numpy as np

from pipeline.common.union_find import UnionFind
from pipeline.ids import stable_id
from pipeline.references.comparison_cache import ComparisonCache, Pairs, comparison_key
from pipeline.references.fields import FIELDS
from pipeline.references.matching import containers_match, titles_match, titles_match_matrix
from pipeline.references.names import first_family
from pipeline.text.normalize import fold


def _family(ref: dict) -> str:
    return fold(first_family(ref["authors"]))


@lru_cache(maxsize=1 << 16)
def _titles_match(a: str, b: str) -> bool:
    """``titles_match``, remembered: a block of one author's mentions compares each title with every other."""
    return titles_match(a, b)


@lru_cache(maxsize=1 << 14)
def _containers_match(a: str, b: str) -> bool:
    return containers_match(a, b)


def _compatible(a: dict, b: dict, family_a: str, family_b: str) -> bool:
    """Nothing the two mentions state contradicts, and they share the first author (or a DOI).

    ``family_a``/``family_b`` are ``_family`` of each, computed once per mention by the caller:
    folding names was most of the time of a large merge when done per comparison.
    """
    if a["doi"] and b["doi"]:
        return a["doi"] == b["doi"]
    if family_a != family_b or (not family_a and not (a["title"] and b["title"])):
        return False
    if a["year"] and b["year"] and a["year"] != b["year"]:
        return False
    if a["title"] and b["title"] and not _titles_match(a["title"], b["title"]):
        return False
    containers = a["container_title"], b["container_title"]
    return not (containers[0] and containers[1] and not _containers_match(*containers))


def _strength(ref: dict) -> int:
    if ref["doi"] or ref["title"]:
        return 0
    return 1 if ref["container_title"] else 2


def _attach(
    refs: list[dict], families: list[str], clusters: UnionFind, newcomers: list[int], settled: list[int], key,
) -> None:
    """Join each newcomer to the single settled work it fits; otherwise group newcomers by key.

    Newcomers carry no DOI, so a fitting work shares their first author and states no other
    year: only those works are compared (a common surname's block is otherwise quadratic).
    """
    by_family: dict[str, dict[int, list[int]]] = {}
    by_year: dict[tuple[str, object], dict[int, list[int]]] = {}
    for root, members in clusters.groups(settled).items():
        years = {refs[m]["year"] or None for m in members} - {None}
        for family in {families[m] for m in members}:
            by_family.setdefault(family, {})[root] = members
            for year in years or {None}:
                by_year.setdefault((family, year), {})[root] = members
    by_key: dict[tuple, int] = {}
    for i in newcomers:
        year = refs[i]["year"] or None
        if year is None:
            candidates = by_family.get(families[i], {})
        else:
            candidates = {**by_year.get((families[i], year), {}), **by_year.get((families[i], None), {})}
        fits = [
            root for root, members in candidates.items()
            if all(_compatible(refs[i], refs[m], families[i], families[m]) for m in members)
        ]
        join_or_group(i, fits, key(refs[i]), clusters, by_key)


def join_or_group(i: int, fits: list[int], key: tuple, clusters: UnionFind, by_key: dict[tuple, int]) -> None:
    """Join mention ``i`` to the one work it fits; fitting none or several, to the newcomers with its key."""
    if len(fits) == 1:
        clusters.union(i, fits[0])
    elif key in by_key:
        clusters.union(i, by_key[key])
    else:
        by_key[key] = i


def _comparisons(members: list[int], refs: list[dict]) -> list[tuple[list[int], list[int] | None]]:
    """The comparisons of one author's block that could find compatible titled mentions: two
    stated years must agree (two equal DOIs were joined already, and a mention without a title
    merges in this pass only by its DOI), so each year's mentions meet only each other and the
    mentions without a year. Each is (mentions, None) for a list with itself, or (mentions, others)."""
    by_year: dict[object, list[int]] = {}
    for i in members:
        if refs[i]["title"]:
            by_year.setdefault(refs[i]["year"] or None, []).append(i)
    undated = by_year.pop(None, [])
    within: list[tuple[list[int], list[int] | None]] = [(group, None) for group in [undated, *by_year.values()]]
    across: list[tuple[list[int], list[int] | None]] = [(group, undated) for group in by_year.values() if undated]
    return [(left, right) for left, right in within + across if len(left) > 1 or right]


_ROWS_PER_MATRIX = 32
"""Rows of one title matrix when a list is compared with itself: each chunk of rows is compared
only with the mentions from its own first one on, so that most of the symmetric half is skipped."""


def _compatible_pairs(refs: list[dict], families: list[str], left: list[int], right: list[int] | None) -> Pairs:
    """Positions (in ``left``, in ``right`` or ``left`` again) of the compatible pairs of titled
    mentions: titles compared in bulk, the rest of ``_compatible`` only where they match."""
    other = left if right is None else right
    titles = [refs[i]["title"] for i in left]
    other_titles = [refs[j]["title"] for j in other]
    found = []
    rows = _ROWS_PER_MATRIX if right is None else len(left)
    for start in range(0, len(left), rows):
        first = start if right is None else 0
        matched = titles_match_matrix(titles[start : start + rows], other_titles[first:])
        for row, column in zip(*(axis.tolist() for axis in np.nonzero(matched))):
            a, b = start + row, first + column
            if right is None and a >= b:
                continue
            i, j = left[a], other[b]
            if _compatible(refs[i], refs[j], families[i], families[j]):
                found.append((a, b))
    return found


def cluster_references(refs: list[dict], cache_dir: Path | None = None) -> list[int]:
    """Cluster index (smallest member position) of every mention.

    ``cache_dir``: where the outcome of each title comparison is kept for the next build
    (``comparison_cache``); the clusters are the same with or without it.
    """
    clusters = UnionFind(len(refs))
    families = [_family(ref) for ref in refs]
    blocks: dict[str, list[int]] = {}
    strong = [i for i, ref in enumerate(refs) if _strength(ref) == 0]
    for i in strong:
        blocks.setdefault(families[i] or "", []).append(i)
    by_doi: dict[str, int] = {}
    for i in strong:
        if doi := refs[i]["doi"]:
            clusters.union(i, by_doi.setdefault(doi, i))
    cache = ComparisonCache(None if cache_dir is None else Path(cache_dir) / "works")
    for members in blocks.values():
        for left, right in _comparisons(members, refs):
            key = comparison_key(refs, families, left, right)
            for a, b in cache.pairs(key, partial(_compatible_pairs, refs, families, left, right)):
                clusters.union(left[a], (left if right is None else right)[b])
    cache.save()
    medium = [i for i, ref in enumerate(refs) if _strength(ref) == 1]
    _attach(refs, families, clusters, medium, strong,
            lambda r: (_family(r), r["year"], " ".join(fold(r["container_title"]).split())))
    bare = [i for i, ref in enumerate(refs) if _strength(ref) == 2]
    _attach(refs, families, clusters, bare, strong + medium, lambda r: (_family(r), r["year"]))
    return clusters.roots()


def _best(values: list) -> object:
    """Most frequent value; ties go to the longest, then the smallest, so the choice is stable."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    counts = Counter(present)
    return min(counts, key=lambda v: (-counts[v], -len(str(v)), str(v)))


def _best_authors(mentions: list[dict]) -> tuple[list[dict] | None, bool]:
    with_authors = [m for m in mentions if m["authors"]]
    if not with_authors:
        return None, any(m["et_al"] for m in mentions)
    best = min(
        with_authors,
        key=lambda m: (
            -len(m["authors"]),
            -sum(1 for a in m["authors"] if a.get("given")),
            json.dumps(m["authors"], sort_keys=True, ensure_ascii=False),
        ),
    )
    return best["authors"], best["et_al"]


def merge_work(mentions: list[dict]) -> dict:
    """The best-known value of every field over a work's mentions."""
    work = {field: _best([m[field] for m in mentions]) for field in FIELDS if field not in ("authors", "et_al")}
    work["authors"], work["et_al"] = _best_authors(mentions)
    return {field: work[field] for field in FIELDS}


def build_works(refs: list[dict], cache_dir: Path | None = None) -> tuple[list[str], list[dict]]:
    """(work_id of every mention, work rows sorted by work_id). Mentions carry reference_id and document_id.
    ``cache_dir``: see ``cluster_references``."""
    roots = cluster_references(refs, cache_dir)
    members: dict[int, list[int]] = {}
    for i, root in enumerate(roots):
        members.setdefault(root, []).append(i)
    work_of_root = {root: stable_id("wrk", min(refs[i]["reference_id"] for i in idx)) for root, idx in members.items()}
    works = []
    for root, idx in members.items():
        mentions = [refs[i] for i in idx]
        work = {"work_id": work_of_root[root], **merge_work(mentions)}
        work["mention_count"] = len(mentions)
        work["document_count"] = len({m["document_id"] for m in mentions})
        works.append(work)
    works.sort(key=lambda w: w["work_id"])
    return [work_of_root[root] for root in roots], works
