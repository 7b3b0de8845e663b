"""Publishing speed and size on a synthetic corpus: first release, no-op rebuild, a changed
release, verify and diff. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bench_publish.py [--facts 200000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.compute as pc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from any folder

from pipeline.publish import ReleaseInput, publish_release, verify_release
from pipeline.publish.compare import compare_releases
from schemas import arrow_schema

T = TypeVar("T")


def _ids(prefix: str, numbers: range | list[int]) -> pa.Array:
    return pa.array([f"{prefix}_{n:016x}" for n in numbers], pa.large_string())


def _texts(template: str, count: int) -> pa.Array:
    return pa.array([template.format(n) for n in range(count)], pa.large_string())


def _table(name: str, columns: dict[str, pa.Array]) -> pa.Table:
    """Fill the columns not given with nulls (all such columns are nullable in the schema)."""
    schema = arrow_schema(name)
    rows = len(next(iter(columns.values())))
    arrays = [columns[f.name] if f.name in columns else pa.nulls(rows, f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def synthetic_tables(facts: int, revision: int = 0) -> dict[str, pa.Table]:
    """``revision`` rewrites 1% of fact texts and adds 1% new facts per step."""
    documents, per_doc = max(1, facts // 100), 100
    extra = facts // 100 * revision
    total = facts + extra
    doc_of = [n // per_doc % documents for n in range(total)]
    doc_ids = _ids("doc", doc_of)
    texts = [f"Fact number {n} says something measurable about topic {n % 977}." for n in range(total)]
    for n in range(0, facts, 100) if revision else ():
        texts[n] = texts[n] + f" (revised {revision})"
    clusters = _ids("clu", [n // 3 for n in range(total)])
    ones = pa.array([1] * documents, pa.int64())
    return {
        "documents": _table("documents", {
            "document_id": _ids("doc", range(documents)), "path": _texts("in/{}.txt", documents),
            "sha256": pa.array([f"{n:064x}" for n in range(documents)], pa.large_string()),
            "size_bytes": ones, "kind": pa.array(["article"] * documents, pa.large_string()),
            "line_count": ones, "nonblank_line_count": ones,
            "status": pa.array(["parsed"] * documents, pa.large_string()),
        }),
        "facts": _table("facts", {
            "fact_id": _ids("fct", range(total)), "document_id": doc_ids,
            "fact_type": pa.array(["claim"] * total, pa.large_string()), "text": pa.array(texts, pa.large_string()),
            "line_no": pa.array([n % per_doc + 1 for n in range(total)], pa.int64()), "cluster_id": clusters,
        }),
        "fact_clusters": _table("fact_clusters", {
            "cluster_id": pc.unique(clusters), "representative_fact_id": _ids("fct", range(0, total, 3)),
            "representative_text": pa.array(texts[::3], pa.large_string()),
            "member_count": pa.array([3] * len(texts[::3]), pa.int64()),
            "source_count": pa.array([1] * len(texts[::3]), pa.int64()),
            "document_count": pa.array([1] * len(texts[::3]), pa.int64()),
        }),
    }


def _timed(label: str, action: Callable[[], T]) -> T:
    start = time.perf_counter()
    value = action()
    print(f"{label:<34} {time.perf_counter() - start:8.2f} s")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=200_000)
    args = parser.parse_args()
    inputs = [ReleaseInput(path=f"in/{n}.txt", sha256=f"{n:064x}", size_bytes=1) for n in range(max(1, args.facts // 100))]
    first_tables, second_tables = synthetic_tables(args.facts), synthetic_tables(args.facts, revision=1)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch)

        def publish(tables: dict[str, pa.Table]):
            return publish_release(tables, inputs=inputs, data_dir=data, code_version="bench")

        print(f"synthetic corpus: {args.facts:,} facts, {first_tables['fact_clusters'].num_rows:,} clusters")
        first = _timed("publish first release", lambda: publish(first_tables))
        _timed("identical rebuild (no release)", lambda: publish(first_tables))
        second = _timed("publish changed release", lambda: publish(second_tables))
        _timed("verify release folder", lambda: verify_release(second.path))
        _timed("verify archive", lambda: verify_release(data / "releases" / second.archive_name))
        comparison = _timed("diff first -> second", lambda: compare_releases(first.path, second.path))
        sizes = {p.name: p.stat().st_size for p in second.path.iterdir()}
        print(f"versions: {first.version} -> {second.version} ({comparison.bump}); "
              f"facts diff {comparison.counts['facts']}")
        print(f"release folder {sum(sizes.values()) / 1e6:.1f} MB "
              f"(facts.parquet {sizes['facts.parquet'] / 1e6:.1f} MB, "
              f"dataset.duckdb {sizes['dataset.duckdb'] / 1e6:.1f} MB); archive "
              f"{(data / 'releases' / second.archive_name).stat().st_size / 1e6:.1f} MB")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
