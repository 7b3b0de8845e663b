"""Reference parser quality and speed on the hand-labeled set (tests/references/labeled/).

Prints per-field precision/recall/F1, micro-F1 and whole-record exact-match rate for the dev
split and the held-out split (never tuned on), per style and for narrative sentences, then
references per second on one core. Run: .venv/bin/python benchmarks/bench_references.py [-v]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.references import parse_reference  # noqa: E402
from pipeline.references.evaluation import LabeledReference, Score, differences, load_labeled, score  # noqa: E402
from pipeline.references.fields import FIELDS  # noqa: E402

LABELED = REPO / "tests" / "references" / "labeled"
SPEED_ROUNDS = 20


def _line(label: str, result: Score) -> str:
    micro = result.micro
    return (f"{label:<22} n={result.records:<4} micro P={micro.precision:.3f} R={micro.recall:.3f} "
            f"F1={micro.f1:.3f}  exact={result.exact_rate:.1%}")


def report(items: list[LabeledReference], title: str, verbose: bool) -> None:
    predictions = [parse_reference(item.text) for item in items]
    overall = score((item.expected, p) for item, p in zip(items, predictions))
    print(f"\n== {title} ==")
    print(f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
    for name in FIELDS:
        counts = overall.fields[name]
        support = counts.true_positive + counts.false_negative
        print(f"{name:<16} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f} {support:8d}")
    print(_line("overall", overall))
    formatted = [(i, p) for i, p in zip(items, predictions) if i.style != "narrative"]
    print(_line("formatted entries", score((i.expected, p) for i, p in formatted)))
    for style in sorted({item.style for item in items}):
        pairs = [(i.expected, p) for i, p in zip(items, predictions) if i.style == style]
        print(_line(f"  {style}", score(pairs)))
    narrative_files = sorted({i.collection for i in items if i.style == "narrative"})
    for collection in narrative_files if len(narrative_files) > 1 else []:
        pairs = [(i.expected, p) for i, p in zip(items, predictions) if i.style == "narrative" and i.collection == collection]
        print(_line(f"    {collection}", score(pairs)))
    if verbose:
        for item, predicted in zip(items, predictions):
            if diff := differences(item.expected, predicted):
                print(f"- {item.source}: {item.text[:90]}")
                for name, (want, got) in diff.items():
                    print(f"    {name}: want {want!r} got {got!r}")


def speed(items: list[LabeledReference]) -> None:
    """Single-threaded throughput; CPU time is what one core spends, wall time also counts other load."""
    texts = [item.text for item in items]
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(SPEED_ROUNDS):
        for text in texts:
            parse_reference(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    count = SPEED_ROUNDS * len(texts)
    print(f"\nspeed: {count} references, one core: {count / cpu:,.0f} references/second of CPU time "
          f"({cpu:.2f} s CPU, {wall:.2f} s wall = {count / wall:,.0f}/s wall)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every field that differs from its label")
    args = parser.parse_args()
    items = load_labeled(LABELED)
    for split in ("dev", "heldout"):
        report([i for i in items if i.split == split], f"{split} split", args.verbose and split == "dev")
    report(items, "all labeled references", False)
    speed(items)


if __name__ == "__main__":
    main()
