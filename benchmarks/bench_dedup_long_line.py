"""Dedup on one very long single-line text: every stage must be linear-ish in its length.

Why: hostile or broken input (a page pasted without newlines, a base64 blob) reaches dedup as
one "fact". A backtracking regular expression turns that into minutes or hours; this prints
the time of each text stage and of ``deduplicate`` on lines of 125 KB to 1 MB of three
shapes, and the time ratio per doubling (about 2 means linear).
Run: .venv/bin/python benchmarks/bench_dedup_long_line.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.dedup import deduplicate  # noqa: E402
from pipeline.dedup.abbreviations import definitions  # noqa: E402
from pipeline.text.normalize import comparison_text  # noqa: E402
from pipeline.dedup.slots import read_slots  # noqa: E402
from tests.dedup.conftest import facts_table  # noqa: E402

CACHE = REPO / "data" / "cache" / "embeddings"
SIZES = (125_000, 250_000, 500_000, 1_000_000)
SHAPES = {
    "word-run": lambda n: "A" * n,
    "prose": lambda n: ("Ketamine 25 mg (KET) lowered depression scores by 30% in 2021 phase 2 trials of adults; " * (n // 90 + 1))[:n],
    "brackets": lambda n: ("(" + "B" * 40 + "x" * 9) * (n // 50 + 1),
}
SHORT = ["Ketamine lowered depression scores in adults.", "Exercise lowers blood pressure in adults."]


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main() -> None:
    print(f"{'shape':<9} {'chars':>9}  normalize  read_slots  definitions  deduplicate")
    for shape, make in SHAPES.items():
        previous = None
        for size in SIZES:
            text = make(size)[:size]
            stages = [timed(comparison_text, text), timed(read_slots, text), timed(definitions, text),
                      timed(lambda: deduplicate(facts_table([text, *SHORT]), cache_dir=CACHE))]
            ratio = "" if previous is None else f"  (x{stages[-1] / max(previous, 1e-9):.1f} per doubling)"
            print(f"{shape:<9} {size:>9,}  " + "  ".join(f"{s:8.3f}s" for s in stages) + ratio, flush=True)
            previous = stages[-1]


if __name__ == "__main__":
    main()
