from pipeline.dedup.clustering import Edge, accepted_edges, parent_links


def edge(a: int, b: int, score: float = 0.95, method: str = "near") -> Edge:
    return Edge(a, b, method, score, 0.9, "model")


def test_conflicting_facts_are_never_joined_through_a_third_fact() -> None:
    roots, used = accepted_edges(3, [edge(0, 1, 0.99), edge(1, 2, 0.95)], cannot_link=[(0, 2)])
    assert roots[0] == roots[1]
    assert roots[2] != roots[0]
    assert len(used) == 1


def test_outcome_does_not_depend_on_edge_order() -> None:
    edges = [edge(0, 1, 0.91), edge(1, 2, 0.97), edge(2, 3, 0.93, "paraphrase")]
    forward = accepted_edges(4, edges, [(0, 3)])
    backward = accepted_edges(4, edges[::-1], [(0, 3)])
    assert forward == backward


def test_every_member_gets_a_parent_on_a_path_to_the_representative() -> None:
    roots, used = accepted_edges(4, [edge(0, 1), edge(1, 2), edge(2, 3)], [])
    links = parent_links({roots[0]: 2}, used)
    assert sorted(links) == [0, 1, 3]
    node, steps = 0, 0
    while node != 2:
        node, _ = links[node]
        steps += 1
    assert steps == 2
