"""Clusters from accepted merges, never joining clusters that hold a conflicting pair.

Why cannot-links: merges are transitive, so A~B and B~C would put A and C together even
when a guard said A and C differ; checking the recorded conflicts at every union keeps the
guard's verdict. Edges are applied strongest first, so the outcome does not depend on input
order, and each accepted edge becomes the parent link that explains a member.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from pipeline.common.union_find import UnionFind


@dataclass(frozen=True, slots=True)
class Edge:
    """A justified merge between two exemplars (indices into the exemplar list)."""

    a: int
    b: int
    method: str
    score: float
    threshold: float
    model_id: str
    matched: str | None = None
    """Slots both sides state alike."""
    only_a: tuple[tuple[str, str], ...] = ()
    """(slot, values) that only ``a`` states: omissions, which did not block the merge."""
    only_b: tuple[tuple[str, str], ...] = ()


_METHOD_RANK = {"near": 0, "paraphrase": 1}


def accepted_edges(size: int, edges: list[Edge], cannot_link: list[tuple[int, int]]) -> tuple[list[int], list[Edge]]:
    """Cluster root of every exemplar, and the spanning-forest edges that formed the clusters."""
    forest = UnionFind(size, cannot_link)
    ordered = sorted(edges, key=lambda e: (_METHOD_RANK[e.method], -e.score, min(e.a, e.b), max(e.a, e.b)))
    used = [edge for edge in ordered if forest.union(edge.a, edge.b)]
    return forest.roots(), used


def parent_links(roots_of: dict[int, int], used: list[Edge]) -> dict[int, tuple[int, Edge]]:
    """For each exemplar except the given cluster roots: (parent exemplar, edge) toward the root."""
    adjacency: dict[int, list[tuple[int, Edge]]] = defaultdict(list)
    for edge in used:
        adjacency[edge.a].append((edge.b, edge))
        adjacency[edge.b].append((edge.a, edge))
    links: dict[int, tuple[int, Edge]] = {}
    for root in roots_of.values():
        queue = deque([root])
        seen = {root}
        while queue:
            node = queue.popleft()
            for neighbour, edge in sorted(adjacency[node], key=lambda item: item[0]):
                if neighbour not in seen:
                    seen.add(neighbour)
                    links[neighbour] = (node, edge)
                    queue.append(neighbour)
    return links
