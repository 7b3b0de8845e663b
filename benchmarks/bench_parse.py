"""Parse generated documents of two sizes and print throughput and peak memory.

Each size runs in its own subprocess so that its peak RSS (``ru_maxrss``) is its own; memory
that does not grow with the file size shows as (nearly) equal peaks for both sizes.

    .venv/bin/python benchmarks/bench_parse.py [--sizes-mb 30 300] [--kind concept|prose]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FACT_TYPES = ("claim", "reference", "procedure", "measurement", "account", "perspective")


def write_concept_page(path: Path, size_bytes: int) -> None:
    """A concept page with a cited synthesis, then sources of 50 facts each until ``size_bytes``."""
    with path.open("w", encoding="utf-8") as out:
        out.write("concept\n\nbenchmarkium\n\nsynthesized from dimensions\n\n")
        out.write("Benchmarkium is studied widely [fact:1|Benchmarkium fact number 7 in source 3], "
                  "with mixed results Benchmarkium fact number 12 in source 5.\n\nFacts (0)\n\nSources\n")
        source = 0
        while out.tell() < size_bytes:
            source += 1
            out.write(f"Source title {source} ... example{source % 97}.org Example Press Mar 3, 2024 50 facts\n")
            for fact in range(50):
                kind = FACT_TYPES[(source + fact) % len(FACT_TYPES)]
                out.write(f"{kind}Benchmarkium fact number {fact} in source {source} shows a measurable effect "
                          f"on outcome {fact * source % 1013} in a cohort of {fact + 10} patients.\n")


def write_prose(path: Path, size_bytes: int) -> None:
    """An article of headed paragraphs, each sentence distinct, until ``size_bytes``."""
    with path.open("w", encoding="utf-8") as out:
        out.write("A Very Long Benchmark Article\nAuthor: Bench Mark / Test Press\n\n")
        paragraph = 0
        while out.tell() < size_bytes:
            paragraph += 1
            if paragraph % 20 == 1:
                out.write(f"\nSection {paragraph // 20 + 1}\n\n")
            out.write(" ".join(f"Paragraph {paragraph} sentence {i} reports a 2.5-fold change (Smith et al., 2020)."
                               for i in range(5)) + "\n")


def measure(path: Path) -> dict:
    """Parse ``path`` in this process, counting rows; return lines/s and peak RSS."""
    sys.path.insert(0, str(REPO))
    from pipeline.parsing import parse_document

    start = time.perf_counter()
    lines = rows = 0
    for table, _row in parse_document(path, display_path=path.name):
        rows += 1
        lines += table in ("document_lines", "rejects")
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"lines": lines, "rows": rows, "seconds": seconds, "peak_rss_mib": peak_kib / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--kind", choices=("concept", "prose"), default="concept")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    writer = write_concept_page if args.kind == "concept" else write_prose
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as folder:
        for size_mb in args.sizes_mb:
            path = Path(folder) / f"{args.kind}_{size_mb}mb.txt"
            writer(path, size_mb * 1_000_000)
            result = json.loads(subprocess.run(
                [sys.executable, __file__, "--measure", str(path)], check=True, capture_output=True, text=True,
            ).stdout)
            print(f"{args.kind:<8} {path.stat().st_size / 1e6:>7.1f} MB  {result['lines']:>10,} lines  "
                  f"{result['lines'] / result['seconds']:>10,.0f} lines/s  {result['seconds']:>7.1f} s  "
                  f"peak RSS {result['peak_rss_mib']:>7.1f} MiB")
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
