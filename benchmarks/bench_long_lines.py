"""Every stage on single lines of 1 MB, each against a time budget: no stage may be super-linear.

Each (shape, stage) runs in its own subprocess with a hard limit, so a quadratic stage shows as
"over budget (stopped at N s)" instead of hanging the benchmark. Shapes are the worst cases for
regular expressions: prose sentences, one sentence with no full stop, one run of word
characters with no space, a concept-page fact, a reference-list entry. Each shape is also run at
a quarter of the size, so the ratio shows how time grows with line length (4.0 = linear).
A line longer than the reader's cap (pipeline.parsing.reader.MAX_LINE_BYTES) is rejected with a
reason; the last row shows that such a line costs only its reading.

    .venv/bin/python benchmarks/bench_long_lines.py [--bytes 1000000] [--budget 30] [--stages read,parse,references,dedup]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STAGES = ("read", "parse", "references", "dedup")


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def shapes(size: int) -> dict[str, bytes]:
    """Document bytes whose longest line is ``size`` bytes, by shape."""
    prose = _repeat("Lee et al. (2019) reported in the Journal of Tests, volume 3, pages 4-9, that dosing helps. ", size)
    clause = _repeat("and then, by Smith and Jones, in the Review of Tests ", size)
    word_run = _repeat("abcdefghij", size)
    fact = "claim" + _repeat("Ketamine 0.5 mg/kg reduced depression scores, not anxiety, in adults aged 18-65 ", size - 5)
    entry = _repeat("Smith, J., Jones, K., ", size - 40) + "(2019) ‘Title’, Journal, 1(2), pp. 3-4."
    initials = _repeat("A. ", size)
    concept_head = "concept\n\nlongline\n\nFacts (1)\n\nSources\nA source example.org Publisher 1 fact\n"
    return {
        "prose sentences": f"A Long Line Document\n{prose}\n".encode(),
        "one sentence, no full stop": f"A Long Line Document\n{clause}\n".encode(),
        "word run, no spaces": f"A Long Line Document\n{word_run}\n".encode(),
        "concept page fact": f"{concept_head}{fact}\n".encode(),
        "reference entry": f"An Article With References\n\nReferences\n{entry}\n".encode(),
        "reference of initials only": f"An Article With References\n\nReferences\n{initials}\n".encode(),
    }


def run_stage(path: Path, stage: str) -> dict:
    """Time one stage on one file, the earlier stages' output prepared untimed."""
    import pyarrow as pa

    from pipeline.paths import CACHE_DIR
    from pipeline.parsing import parse_document
    from pipeline.parsing.reader import inspect_file, read_lines
    from schemas import arrow_schema

    if stage == "read":
        start = time.perf_counter()
        facts = inspect_file(path)
        longest = max(len(line.text or "") for line in read_lines(path, facts.encoding))
        return {"seconds": time.perf_counter() - start, "detail": f"longest decoded line {longest:,} chars"}
    start = time.perf_counter()
    rows: dict[str, list[dict]] = {}
    for table, row in parse_document(path, display_path=path.name):
        rows.setdefault(table, []).append(row)
    parse_seconds = time.perf_counter() - start
    if stage == "parse":
        rejects = [r["reason"].split(" ")[0] for r in rows.get("rejects", [])]
        return {"seconds": parse_seconds, "detail": f"{len(rows.get('facts', []))} facts, rejects {rejects or 'none'}"}
    tables = {name: pa.Table.from_pylist(rows.get(name, []), schema=arrow_schema(name, without=("cluster_id",)
                                                                               if name == "facts" else ()))
              for name in ("documents", "document_lines", "facts")}
    if stage == "references":
        from pipeline.references import build_reference_tables

        start = time.perf_counter()
        built = build_reference_tables(tables["document_lines"], tables["facts"], documents=tables["documents"])
        return {"seconds": time.perf_counter() - start,
                "detail": f"{built['references'].num_rows} references, {built['citations'].num_rows} citations"}
    from pipeline.dedup import deduplicate

    start = time.perf_counter()
    result = deduplicate(tables["facts"], cache_dir=CACHE_DIR / "embeddings")
    return {"seconds": time.perf_counter() - start, "detail": f"{result.fact_clusters.num_rows} clusters"}


def _measure(path: Path, stage: str, limit: float) -> tuple[float | None, str]:
    command = [sys.executable, __file__, "--one", str(path), stage]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, cwd=REPO)
    except subprocess.TimeoutExpired:
        return None, f"stopped at {limit:.0f} s"
    if done.returncode != 0:
        return None, "failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["seconds"], result["detail"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bytes", type=int, default=1_000_000, help="length of the long line (default 1,000,000)")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds allowed per stage for one long line")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--one", nargs=2, metavar=("PATH", "STAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_stage(Path(args.one[0]), args.one[1])))
        return
    from pipeline.parsing.reader import MAX_LINE_BYTES

    stages = args.stages.split(",")
    print(f"line length {args.bytes:,} bytes (and a quarter of it); budget {args.budget:.0f} s per stage; "
          f"line cap {MAX_LINE_BYTES:,} bytes")
    print(f"{'shape':<28} {'stage':<11} {'1/4 size s':>10} {'full s':>8} {'ratio':>6}  verdict  detail")
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(name, content, shapes(args.bytes // 4)[name]) for name, content in shapes(args.bytes).items()]
        cases.append(("over the cap (2x)", shapes(2 * MAX_LINE_BYTES)["prose sentences"], None))
        for name, content, quarter in cases:
            full_path = Path(tmp) / "full.txt"
            full_path.write_bytes(content)
            quarter_path = Path(tmp) / "quarter.txt"
            if quarter is not None:
                quarter_path.write_bytes(quarter)
            for stage in stages:
                small, _ = _measure(quarter_path, stage, 4 * args.budget) if quarter is not None else (None, "")
                full, detail = _measure(full_path, stage, 4 * args.budget)
                ratio = f"{full / small:6.1f}" if full is not None and small else "     -"
                verdict = "ok     " if full is not None and full <= args.budget else "OVER   "
                shown_small = f"{small:10.2f}" if small is not None else f"{'-':>10}"
                shown_full = f"{full:8.2f}" if full is not None else f"{'-':>8}"
                print(f"{name:<28} {stage:<11} {shown_small} {shown_full} {ratio}  {verdict}  {detail}", flush=True)


if __name__ == "__main__":
    main()
