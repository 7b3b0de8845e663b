"""Occurrence counting gives the same answers in memory and after spilling to disk."""

from __future__ import annotations

from pipeline.parsing.occurrences import OccurrenceCounter


def test_counts_repeat_per_text_and_survive_spilling_to_disk() -> None:
    texts = [f"t{i % 7}" for i in range(40)]
    in_memory, spilled = OccurrenceCounter(), OccurrenceCounter(max_in_memory=3)
    assert [in_memory.next(t) for t in texts] == [spilled.next(t) for t in texts]
    assert in_memory.next("t0") == 6
    spilled.close()


def test_reset_starts_a_new_scope() -> None:
    counter = OccurrenceCounter(max_in_memory=1)
    counter.next("a"), counter.next("b"), counter.next("a")
    counter.reset()
    assert counter.next("a") == 0
