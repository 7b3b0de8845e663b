"""align_rows: which rows of a document's new version continue which rows of its old version."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.identity.align import align_rows

KEYS = st.lists(st.sampled_from(["a", "b", "c", "a fact about d", "a fact about e"]), max_size=12)


def test_rows_keep_their_match_when_lines_are_inserted_above_them():
    assert align_rows(["a", "b", "c"], ["new", "a", "b", "c"]) == {1: 0, 2: 1, 3: 2}


def test_a_row_edited_in_place_continues_the_old_row_and_a_different_row_does_not():
    old = ["intro", "Ketamine acts within hours in most patients.", "outro"]
    assert align_rows(old, ["intro", "Ketamine acts within days in most patients.", "outro"]) == {0: 0, 1: 1, 2: 2}
    assert align_rows(old, ["intro", "Unrelated sentence entirely.", "outro"]) == {0: 0, 2: 2}


def test_a_row_moved_elsewhere_in_the_document_keeps_its_match():
    assert align_rows(["a", "b", "c", "d"], ["b", "c", "d", "a"]) == {0: 1, 1: 2, 2: 3, 3: 0}


@given(KEYS, st.data())
def test_after_one_edit_insertion_or_deletion_every_other_row_keeps_its_own_match(old, data):
    kind = data.draw(st.sampled_from(["replace", "insert", "delete"]) if old else st.just("insert"))
    at = data.draw(st.integers(0, len(old) - (0 if kind == "insert" else 1)))
    text = data.draw(st.text(min_size=1, max_size=20))
    if kind == "replace":
        new, old_of = old[:at] + [text] + old[at + 1:], {j: j for j in range(len(old)) if j != at}
    elif kind == "insert":
        new, old_of = old[:at] + [text] + old[at:], {j if j < at else j + 1: j for j in range(len(old))}
    else:
        new, old_of = old[:at] + old[at + 1:], {j if j < at else j - 1: j for j in range(len(old)) if j != at}
    matched = align_rows(old, new)
    assert len(set(matched.values())) == len(matched), "an old row is continued at most once"
    for j, i in old_of.items():
        if kind == "delete" and old[at] == old[i]:
            assert old[matched[j]] == new[j]  # identical rows are interchangeable
        else:
            assert matched.get(j) == i, (kind, at, j)


@given(KEYS, KEYS)
def test_matches_are_one_to_one_and_unchanged_content_is_always_matched(old, new):
    matched = align_rows(old, new)
    assert len(set(matched.values())) == len(matched)
    matched_keys = [new[j] for j in matched]
    for key in set(new):
        assert matched_keys.count(key) >= min(old.count(key), new.count(key))
