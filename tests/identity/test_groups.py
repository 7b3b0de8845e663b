"""carry_groups: clusters and works keep their IDs as members come and go."""

from __future__ import annotations

from pipeline.identity.groups import HistoryRow, carry_groups

AGES = {"clu_old": (1, 0, 0), "clu_new": (1, 2, 0)}


def _carry(old: dict[str, str], new: dict[str, str], reserved: frozenset[str] = frozenset()):
    return carry_groups(old, new, age=lambda g: AGES.get(g, (1, 0, 0)), reserved=set(reserved) | set(old.values()),
                        prefix="clu", kind="cluster")


def test_a_cluster_keeps_its_id_when_members_join_or_leave():
    mapping, history = _carry({"f1": "clu_x", "f2": "clu_x"}, {"f1": "p1", "f3": "p1"})
    assert mapping == {"p1": "clu_x"} and history == []


def test_when_two_clusters_merge_the_older_id_survives_and_the_other_is_recorded():
    mapping, history = _carry({"f1": "clu_new", "f2": "clu_old"}, {"f1": "p", "f2": "p", "f3": "p"})
    assert mapping == {"p": "clu_old"}
    assert history == [HistoryRow("cluster", "clu_new", "clu_old", "merged")]


def test_when_a_cluster_splits_the_larger_part_keeps_the_id():
    old = {"f1": "clu_x", "f2": "clu_x", "f3": "clu_x"}
    mapping, history = _carry(old, {"f1": "p_small", "f2": "p_big", "f3": "p_big"})
    assert mapping["p_big"] == "clu_x" and mapping["p_small"] not in ("clu_x", "p_big")
    assert history == [HistoryRow("cluster", "clu_x", mapping["p_small"], "split")]


def test_a_cluster_whose_members_are_all_gone_is_recorded_as_removed():
    _, history = _carry({"f1": "clu_x", "f2": "clu_y"}, {"f2": "p"})
    assert HistoryRow("cluster", "clu_x", None, "removed") in history


def test_a_fresh_id_never_reuses_an_id_that_was_ever_issued():
    mapping, _ = _carry({}, {"f9": "clu_retired"}, reserved=frozenset({"clu_retired"}))
    assert mapping["clu_retired"] != "clu_retired"
