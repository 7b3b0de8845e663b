"""Whole-run reuse of deduplication: read back only for the very same facts and settings, and
then identical to a fresh run; a damaged entry is recomputed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.dedup import DedupConfig, DedupResult, deduplicate
from pipeline.dedup.result_cache import FORMAT_VERSION
from tests.dedup.conftest import facts_table

TEXTS = [
    "Regular aerobic exercise lowers resting blood pressure in adults with hypertension.",
    "Regular aerobic exercise lowers resting blood presure in adults with hypertension.",
    "Regular aerobic exercise raises resting blood pressure in adults with hypertension.",
    "Coral reefs support about a quarter of all marine species.",
    "Coral reefs support about a quarter of all marine species.",
]
TABLES = ("assignments", "fact_clusters", "fact_cluster_members", "fact_conflicts")


@pytest.fixture
def cache(fake_cache: Path, tmp_path: Path) -> Path:
    """A cache folder of its own holding only the (fake) static table."""
    return _fresh(fake_cache, tmp_path / "cache")


def _fresh(fake_cache: Path, folder: Path) -> Path:
    folder.mkdir()
    for table in fake_cache.glob("minilm-static-*.npy"):  # other tests' caches share fake_cache
        shutil.copy(table, folder / table.name)
    return folder


def _same_tables(a: DedupResult, b: DedupResult) -> bool:
    return all(getattr(a, name).equals(getattr(b, name), check_metadata=True) for name in TABLES)


def test_the_same_facts_again_are_read_back_identical_to_a_fresh_run(
    cache: Path, fake_cache: Path, tmp_path: Path,
) -> None:
    facts = facts_table(TEXTS, documents=["d1", "d1", "d2", "d3", "d4"])
    first = deduplicate(facts, cache_dir=cache)
    again = deduplicate(facts, cache_dir=cache)
    fresh = deduplicate(facts, cache_dir=_fresh(fake_cache, tmp_path / "fresh"))
    assert not first.stats.reused and again.stats.reused
    assert _same_tables(again, first) and _same_tables(again, fresh)


@pytest.mark.parametrize("change", ["text", "document", "setting"])
def test_any_change_to_what_deduplication_reads_runs_it_again(cache: Path, change: str) -> None:
    facts = facts_table(TEXTS, documents=["d1", "d1", "d2", "d3", "d4"])
    deduplicate(facts, cache_dir=cache)
    config = DedupConfig()
    if change == "text":
        facts = facts_table([*TEXTS[:3], "Coral reefs support about a third of all marine species.", TEXTS[4]],
                            documents=["d1", "d1", "d2", "d3", "d4"])
    elif change == "document":
        facts = facts_table(TEXTS, documents=["d1", "d1", "d2", "d3", "d5"])
    else:
        config = config.replace(near=0.95)
    assert not deduplicate(facts, cache_dir=cache, config=config).stats.reused


def test_a_damaged_entry_is_recomputed(cache: Path) -> None:
    facts = facts_table(TEXTS)
    first = deduplicate(facts, cache_dir=cache)
    (entry,) = (cache / f"dedup-runs-v{FORMAT_VERSION}").iterdir()
    (entry / "fact_clusters.arrow").write_bytes(b"ARROW1 truncated")
    again = deduplicate(facts, cache_dir=cache)
    assert not again.stats.reused and _same_tables(again, first)
    assert deduplicate(facts, cache_dir=cache).stats.reused
