"""Precision and recall of fact deduplication on the labeled pair set, per kind and split.

Each pair is deduplicated on its own (two facts from two documents), so pairs cannot help
each other through transitive merges. Precision for a method = merges by that method that
are labeled duplicate; recall for a kind = labeled duplicates of that kind that were merged.
Run: .venv/bin/python benchmarks/bench_dedup_quality.py [--verbose]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.dedup import deduplicate  # noqa: E402
from pipeline.ids import stable_id  # noqa: E402

PAIRS = REPO / "tests" / "dedup" / "labeled" / "pairs.jsonl"
CACHE = REPO / "data" / "cache" / "embeddings"
DUPLICATE_KINDS = ("exact", "near", "paraphrase")


def verdict(pair: dict) -> tuple[bool, str | None]:
    """(merged?, method of the merge) for one labeled pair."""
    facts = pa.table({
        "fact_id": [stable_id("fct", pair["id"], "a"), stable_id("fct", pair["id"], "b")],
        "document_id": [stable_id("doc", "a"), stable_id("doc", "b")],
        "source_id": pa.array([None, None], pa.string()),
        "fact_type": ["statement", "claim"],
        "text": [pair["a"], pair["b"]],
    })
    result = deduplicate(facts, cache_dir=CACHE)
    members = result.fact_cluster_members.to_pylist()
    if len({m["cluster_id"] for m in members}) == 2:
        return False, None
    return True, next(m["method"] for m in members if m["method"] != "representative")


def report(split: str, pairs: list[dict], verbose: bool) -> None:
    merged_by: Counter = Counter()
    correct_by: Counter = Counter()
    recalled: Counter = Counter()
    positives: Counter = Counter()
    false_merges = 0
    for pair in pairs:
        merged, method = verdict(pair)
        duplicate = pair["label"] == "duplicate"
        if merged:
            merged_by[method] += 1
            correct_by[method] += duplicate
            false_merges += not duplicate
        if duplicate:
            positives[pair["kind"]] += 1
            recalled[pair["kind"]] += merged
        if verbose and merged != duplicate:
            print(f"  MISS {pair['id']} {pair['kind']} merged={merged} via {method}: {pair['a'][:70]!r} | {pair['b'][:70]!r}")
    negatives = sum(p["label"] != "duplicate" for p in pairs)
    print(f"[{split}] {len(pairs)} pairs ({negatives} hard negatives, {false_merges} merged by mistake)")
    for kind in DUPLICATE_KINDS:
        precision = correct_by[kind] / merged_by[kind] if merged_by[kind] else float("nan")
        recall = recalled[kind] / positives[kind] if positives[kind] else float("nan")
        print(f"  {kind:<11} precision {precision:.3f} ({correct_by[kind]}/{merged_by[kind]})  "
              f"recall {recall:.3f} ({recalled[kind]}/{positives[kind]})")
    total_merged = sum(merged_by.values())
    print(f"  {'all':<11} precision {sum(correct_by.values()) / max(total_merged, 1):.3f}  "
          f"recall {sum(recalled.values()) / max(sum(positives.values()), 1):.3f}")


def main() -> None:
    verbose = "--verbose" in sys.argv
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    for split in ("seed", "heldout"):
        report(split, [p for p in pairs if p["split"] == split], verbose)


if __name__ == "__main__":
    main()
