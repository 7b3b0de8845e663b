"""resolve_id: an old ID leads, through id_history, to what it is now."""

from __future__ import annotations

from pipeline.identity.resolve import resolve_id

HISTORY = [
    {"kind": "cluster", "old_id": "clu_a", "new_id": "clu_b", "release": "1.1.0", "reason": "merged"},
    {"kind": "cluster", "old_id": "clu_b", "new_id": "clu_c", "release": "1.2.0", "reason": "merged"},
    {"kind": "cluster", "old_id": "clu_c", "new_id": "clu_d", "release": "1.3.0", "reason": "split"},
    {"kind": "cluster", "old_id": "clu_x", "new_id": None, "release": "1.1.0", "reason": "removed"},
]


def test_merges_are_followed_to_the_current_id_and_a_split_leaves_the_id_current():
    resolution = resolve_id("clu_a", HISTORY, {"clu_c", "clu_d"})
    assert resolution.current == "clu_c" and [s["old_id"] for s in resolution.steps] == ["clu_a", "clu_b"]


def test_a_removed_id_resolves_to_nothing_with_the_release_that_removed_it():
    resolution = resolve_id("clu_x", HISTORY, {"clu_c"})
    assert resolution.current is None and resolution.report() == "clu_x removed in 1.1.0 -> (nothing)"


def test_a_current_id_is_itself_and_an_unknown_one_says_so():
    assert resolve_id("clu_c", HISTORY, {"clu_c"}).steps == []
    assert "unknown" in resolve_id("clu_zz", HISTORY, {"clu_c"}).report()


def test_a_cycle_in_a_damaged_history_ends():
    cyclic = [{"old_id": "clu_p", "new_id": "clu_q", "release": "1", "reason": "merged"},
              {"old_id": "clu_q", "new_id": "clu_p", "release": "2", "reason": "merged"}]
    assert resolve_id("clu_p", cyclic, set()).current is None
