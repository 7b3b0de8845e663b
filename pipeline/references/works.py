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
from functools import lru_cache

from pipeline.common.union_find import UnionFind
from pipeline.ids import stable_id
from pipeline.references.fields import FIELDS
from pipeline.references.matching import containers_match, titles_match
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


def _pairs_within(members: list[int], refs: list[dict]):
    """Pairs of one author's block that could be compatible: two stated years must agree (two
    equal DOIs were joined already), so each year's mentions meet only each other and the
    mentions without a year."""
    by_year: dict[object, list[int]] = {}
    for i in members:
        by_year.setdefault(refs[i]["year"] or None, []).append(i)
    undated = by_year.pop(None, [])
    for group in [undated, *by_year.values()]:
        for x, i in enumerate(group):
            for j in group[x + 1:]:
                yield i, j
    for group in by_year.values():
        for i in group:
            for j in undated:
                yield i, j


def cluster_references(refs: list[dict]) -> list[int]:
    """Cluster index (smallest member position) of every mention."""
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
    for members in blocks.values():
        for i, j in _pairs_within(members, refs):
            if (refs[i]["title"] and refs[j]["title"] or refs[i]["doi"] == refs[j]["doi"]) and _compatible(
                refs[i], refs[j], families[i], families[j],
            ):
                clusters.union(i, j)
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


def build_works(refs: list[dict]) -> tuple[list[str], list[dict]]:
    """(work_id of every mention, work rows sorted by work_id). Mentions carry reference_id and document_id."""
    roots = cluster_references(refs)
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
