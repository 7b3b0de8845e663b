"""Pair verdicts reused across builds: a build with one new fact screens only the pairs it did not
see before, and publishes exactly what a build from an empty cache does."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline.dedup import DedupConfig, DedupResult, deduplicate
from pipeline.dedup.judge import Blocked
from pipeline.dedup.judgment_cache import JudgmentCache
from tests.dedup.conftest import facts_table

TEXTS = [
    "Regular aerobic exercise lowers resting blood pressure in adults with hypertension.",
    "Regular aerobic exercise lowers resting blood presure in adults with hypertension.",
    "Regular aerobic exercise raises resting blood pressure in adults with hypertension.",
    "Regular aerobic exercise lowers resting blood pressure in children with hypertension.",
    "Ketamine at 0.5 mg/kg lowers depressive symptoms within 24 hours in adults.",
    "Ketamine at 0.5 mg/kg lowers depressive symptoms within 72 hours in adults.",
    "Ketamine at 0.5 mg/kg lowers depresive symptoms within 24 hours in adults.",
    "Coral reefs support about a quarter of all marine species.",
]
NEW = "Regular aerobic exercise lowers resting blood pressure in older adults with hypertension."
TABLES = ("assignments", "fact_clusters", "fact_cluster_members", "fact_conflicts")


def _fresh(fake_cache: Path, folder: Path) -> Path:
    """A cache folder holding only the (fake) static table: other tests' caches share ``fake_cache``."""
    folder.mkdir()
    for table in fake_cache.glob("minilm-static-*.npy"):
        shutil.copy(table, folder / table.name)
    return folder


def _same(a: DedupResult, b: DedupResult) -> bool:
    return all(getattr(a, name).equals(getattr(b, name), check_metadata=True) for name in TABLES)


def test_a_build_with_one_new_fact_reuses_the_verdicts_and_matches_a_cold_build(
    fake_cache: Path, tmp_path: Path,
) -> None:
    warm = _fresh(fake_cache, tmp_path / "warm")
    first = deduplicate(facts_table(TEXTS), cache_dir=warm)
    assert first.stats.look_alike_pairs > 0 and first.stats.screened_pairs_cached == 0
    grown = facts_table([*TEXTS, NEW])
    incremental = deduplicate(grown, cache_dir=warm)
    cold = deduplicate(grown, cache_dir=_fresh(fake_cache, tmp_path / "cold"))
    assert not incremental.stats.reused and incremental.stats.screened_pairs_cached > 0
    assert _same(incremental, cold)


@pytest.mark.parametrize("damage", ["garbage file", "altered rows"])
def test_a_damaged_judgment_cache_is_screened_again(fake_cache: Path, tmp_path: Path, damage: str) -> None:
    warm = _fresh(fake_cache, tmp_path / "warm")
    deduplicate(facts_table(TEXTS), cache_dir=warm)
    (path,) = warm.glob("judgments-*.sqlite")
    if damage == "garbage file":
        path.write_bytes(b"not a database" * 200)
    else:
        with sqlite3.connect(path) as connection:
            # a truncated pickle, whose checksum no longer matches
            connection.execute("UPDATE verdicts SET verdict = X'8004'")
    grown = facts_table([*TEXTS, NEW])
    again = deduplicate(grown, cache_dir=warm)
    assert again.stats.screened_pairs_cached == 0
    assert _same(again, deduplicate(grown, cache_dir=_fresh(fake_cache, tmp_path / "cold")))


def _verdicts(n: int) -> list[tuple[bytes, Blocked | None]]:
    return [(bytes([i % 251, i // 251]) * 10, Blocked(("year",)) if i % 2 else None) for i in range(n)]


def _indexed(path: Path) -> bool:
    with sqlite3.connect(path) as connection:
        return bool(connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'verdicts_key'").fetchall())


def test_a_new_cache_file_is_filled_without_lookups_and_indexed_when_closed(tmp_path: Path) -> None:
    cache = JudgmentCache(tmp_path, DedupConfig())
    cache.store(_verdicts(50))
    assert cache.lookup([key for key, _ in _verdicts(50)]) == {} and cache.misses == 50
    assert not _indexed(cache.path)
    cache.close()
    assert _indexed(cache.path)
    again = JudgmentCache(tmp_path, DedupConfig())
    assert again.lookup([key for key, _ in _verdicts(50)]) == dict(_verdicts(50))
    again.close()


def test_a_fill_that_was_never_closed_is_indexed_by_the_next_build(tmp_path: Path) -> None:
    crashed = JudgmentCache(tmp_path, DedupConfig())
    crashed.store(_verdicts(20))
    crashed._connection.close()  # the process died before close()
    later = JudgmentCache(tmp_path, DedupConfig())
    assert _indexed(later.path)
    assert later.lookup([key for key, _ in _verdicts(20)]) == dict(_verdicts(20))
    later.close()


def test_two_builds_filling_one_new_file_leave_each_verdict_once(tmp_path: Path) -> None:
    first, second = JudgmentCache(tmp_path, DedupConfig()), JudgmentCache(tmp_path, DedupConfig())
    first.store(_verdicts(30))
    second.store(_verdicts(40))
    first.close()
    second.close()
    with sqlite3.connect(first.path) as connection:
        assert connection.execute("SELECT COUNT(*), COUNT(DISTINCT key) FROM verdicts").fetchone() == (40, 40)
    assert _indexed(first.path)
