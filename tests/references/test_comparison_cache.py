"""Work merging's remembered comparisons: a hit for the same mentions, a miss for any change."""

from __future__ import annotations

from pipeline.references.comparison_cache import ComparisonCache, comparison_key
from pipeline.references.fields import empty_record


def _refs(*titles: str) -> list[dict]:
    return [{**empty_record(), "title": title, "year": 2001} for title in titles]


def test_a_comparison_is_computed_once_and_read_back_by_the_next_build(tmp_path):
    refs, families = _refs("Sleep in rats", "Sleep in rats."), ["smith", "smith"]
    key = comparison_key(refs, families, [0, 1], None)
    calls = []

    def compare():
        calls.append(1)
        return [(0, 1)]

    first = ComparisonCache(tmp_path)
    assert first.pairs(key, compare) == [(0, 1)]
    first.save()
    second = ComparisonCache(tmp_path)
    assert second.pairs(key, compare) == [(0, 1)]
    assert (len(calls), second.hits, second.misses) == (1, 1, 0)


def test_the_key_changes_with_any_field_a_comparison_reads_and_with_the_sides():
    refs, families = _refs("Sleep in rats", "Sleep in mice"), ["smith", "smith"]
    base = comparison_key(refs, families, [0, 1], None)
    assert comparison_key(refs, families, [0], [1]) != base
    assert comparison_key(refs, families, [1, 0], None) != base
    assert comparison_key(refs, ["smith", "chen"], [0, 1], None) != base
    for field, value in (("title", "Sleep in cats"), ("year", 2002), ("doi", "10.1/x"), ("container_title", "Neuron")):
        changed = [{**refs[0], field: value}, refs[1]]
        assert comparison_key(changed, families, [0, 1], None) != base, field


def test_a_damaged_cache_file_is_ignored_and_replaced(tmp_path):
    refs, families = _refs("A", "B"), ["x", "x"]
    key = comparison_key(refs, families, [0, 1], None)
    cache = ComparisonCache(tmp_path)
    cache.pairs(key, list)
    cache.save()
    cache.path.write_bytes(b"not parquet")
    again = ComparisonCache(tmp_path)
    assert again.pairs(key, lambda: [(0, 1)]) == [(0, 1)]
    assert again.misses == 1
    again.save()
    assert ComparisonCache(tmp_path).pairs(key, list) == [(0, 1)]


def test_a_build_keeps_only_the_comparisons_it_used(tmp_path):
    refs, families = _refs("A", "B", "C"), ["x", "x", "x"]
    old, new = comparison_key(refs, families, [0, 1], None), comparison_key(refs, families, [1, 2], None)
    first = ComparisonCache(tmp_path)
    first.pairs(old, list)
    first.save()
    second = ComparisonCache(tmp_path)
    second.pairs(new, list)
    second.save()
    third = ComparisonCache(tmp_path)
    third.pairs(old, lambda: [(0, 1)])
    assert third.misses == 1
