"""Union-find (disjoint sets): connected components of pairwise merges.

Why the smallest member is each set's root: the root then does not depend on the order in
which merges were applied, so callers may use it as a stable cluster index. Optional
cannot-link pairs make ``union`` refuse to join two sets whose members must stay apart
(a dedup guard's verdict survives transitive merges: A~B and B~C never put A with C when A
and C conflict).
"""

from __future__ import annotations

from collections.abc import Iterable


class UnionFind:
    """Disjoint sets over the items ``0 .. size-1``."""

    def __init__(self, size: int, cannot_link: Iterable[tuple[int, int]] = ()) -> None:
        self.parent = list(range(size))
        self._members: dict[int, list[int]] = {}
        self._banned: dict[int, set[int]] = {}
        for a, b in cannot_link:
            self._banned.setdefault(a, set()).add(b)
            self._banned.setdefault(b, set()).add(a)

    def find(self, item: int) -> int:
        """The root (smallest member) of ``item``'s set."""
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def members(self, root: int) -> list[int]:
        """Members of the set whose root is ``root`` (only tracked when cannot-links are given)."""
        return self._members.get(root, [root])

    def union(self, a: int, b: int) -> bool:
        """Join the sets of ``a`` and ``b``; False when already joined or when a cannot-link forbids it."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        root, child = min(ra, rb), max(ra, rb)
        if self._banned:
            small, large = sorted((ra, rb), key=lambda r: len(self.members(r)))
            banned = self._banned.get(large, set())
            if any(m in banned for m in self.members(small)):
                return False
            merged = self._members.pop(large, [large])
            merged.extend(self._members.pop(small, [small]))
            self._members[root] = merged
            forbidden = self._banned.pop(small, set()) | self._banned.pop(large, set())
            if forbidden:
                self._banned[root] = forbidden
        self.parent[child] = root
        return True

    def roots(self) -> list[int]:
        """The root of every item, in item order."""
        return [self.find(i) for i in range(len(self.parent))]

    def groups(self, items: Iterable[int] | None = None) -> dict[int, list[int]]:
        """Root -> members among ``items`` (default: all), members in the order given."""
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)) if items is None else items:
            found.setdefault(self.find(i), []).append(i)
        return found


def connected_components(size: int, pairs: Iterable[tuple[int, int]]) -> list[int]:
    """The component (smallest member) of each of ``size`` items joined by ``pairs``."""
    forest = UnionFind(size)
    for a, b in pairs:
        forest.union(a, b)
    return forest.roots()
