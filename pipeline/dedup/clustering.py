"""Union-find over accepted merges that refuses to join clusters holding a conflicting pair.

Why cannot-links: merges are transitive, so A~B and B~C would put A and C together even
when a guard said A and C differ; checking the recorded conflicts at every union keeps the
guard's verdict. Edges are applied strongest first, so the outcome does not depend on input
order, and each accepted edge becomes the parent link that explains a member.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass


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


class ConstrainedUnionFind:
    def __init__(self, size: int, cannot_link: list[tuple[int, int]]) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {}
        self.banned: dict[int, set[int]] = defaultdict(set)
        for a, b in cannot_link:
            self.banned[a].add(b)
            self.banned[b].add(a)

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def _members(self, root: int) -> list[int]:
        return self.members.get(root, [root])

    def union(self, a: int, b: int) -> bool:
        """Join the clusters of a and b unless one holds a fact the other conflicts with."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        small, large = sorted((ra, rb), key=lambda r: len(self._members(r)))
        banned = self.banned.get(large, set())
        if any(m in banned for m in self._members(small)):
            return False
        self.parent[small] = large
        self.members[large] = self._members(large) + self._members(small)
        self.members.pop(small, None)
        if small in self.banned:
            self.banned[large] |= self.banned.pop(small)
        return True


def accepted_edges(size: int, edges: list[Edge], cannot_link: list[tuple[int, int]]) -> tuple[list[int], list[Edge]]:
    """Cluster root of every exemplar, and the spanning-forest edges that formed the clusters."""
    forest = ConstrainedUnionFind(size, cannot_link)
    ordered = sorted(edges, key=lambda e: (_METHOD_RANK[e.method], -e.score, min(e.a, e.b), max(e.a, e.b)))
    used = [edge for edge in ordered if forest.union(edge.a, edge.b)]
    return [forest.find(i) for i in range(size)], used


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
