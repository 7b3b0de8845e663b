"""Union-find: components of pairwise merges, rooted at their smallest member, with cannot-links."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.common.union_find import UnionFind, connected_components


def test_components_are_rooted_at_their_smallest_member() -> None:
    assert connected_components(6, [(4, 2), (2, 5), (1, 0)]) == [0, 0, 2, 3, 2, 2]


def test_a_cannot_link_pair_is_never_joined_even_through_a_third_item() -> None:
    forest = UnionFind(3, cannot_link=[(0, 2)])
    assert forest.union(0, 1)
    assert not forest.union(1, 2)
    assert forest.roots() == [0, 0, 2]
    assert sorted(forest.members(0)) == [0, 1]


def test_groups_keep_the_order_of_the_items_asked_for() -> None:
    forest = UnionFind(5)
    forest.union(3, 1)
    forest.union(4, 1)
    assert forest.groups([4, 0, 3]) == {1: [4, 3], 0: [0]}


pairs = st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=40)


@given(pairs)
def test_components_do_not_depend_on_merge_order(edges: list[tuple[int, int]]) -> None:
    assert connected_components(20, edges) == connected_components(20, edges[::-1])


@given(pairs, pairs)
def test_no_component_holds_a_cannot_link_pair(edges: list[tuple[int, int]], apart: list[tuple[int, int]]) -> None:
    apart = [(a, b) for a, b in apart if a != b]
    forest = UnionFind(20, cannot_link=apart)
    for a, b in edges:
        forest.union(a, b)
    roots = forest.roots()
    assert all(roots[a] != roots[b] for a, b in apart)
