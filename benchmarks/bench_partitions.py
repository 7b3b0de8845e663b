"""What per-document partitions cost in Dagster: the run overhead next to the parsing work.

    ./run bench bench_partitions [N_DOCUMENTS] [N_SINGLE_RUNS]

Writes N small prose documents (a title, a few sentences, a reference list) and, with the parse
cache warm, times (median of 3):
  - the domain work alone (``many_document_tables`` over all N documents);
  - one in-process run that materializes all N partitions in one step (a single-run range, as
    the CLI and the sensor do);
  - one run per document for N_SINGLE_RUNS documents (what a run per partition would cost).
Prints the per-document overhead of the range run and the fixed overhead of one run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.assets.ingest import DOCUMENT_ASSET  # noqa: E402
from pipeline.assets.partitions import range_tags, sync_all  # noqa: E402
from pipeline.assets.resources import PipelinePaths  # noqa: E402
from pipeline.definitions import BUILD_JOB_NAME, build_definitions  # noqa: E402
from pipeline.documents import many_document_tables  # noqa: E402
from pipeline.parsing.corpus import scan_inputs  # noqa: E402

QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def write_documents(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"note_{n:05d}.txt").write_text(
            f"Note {n} on sleep and memory\n\n"
            f"Sleep loss of {n % 9 + 1} hours impairs recall in adults (Smith, {1990 + n % 30}).\n"
            f"Naps of {n % 50 + 10} minutes restore attention in shift workers.\n\n"
            "References\n\n"
            f"Smith, J. ({1990 + n % 30}). Sleep and memory {n}. Journal of Sleep, {n % 40 + 1}(2), 10-20.\n"
        )


def _median(runs: list[float]) -> float:
    return statistics.median(runs)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    singles = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_documents(root / "inbox", count)
        paths = PipelinePaths(seeds_dir=str(root / "inbox"), data_dir=str(root / "out"), cache_dir=str(root / "cache"))
        items = scan_inputs(paths.seeds)
        many_document_tables(items, paths.cache)  # warm the parse cache
        domain = []
        for _ in range(3):
            start = time.perf_counter()
            many_document_tables(items, paths.cache)
            domain.append(time.perf_counter() - start)
        job = build_definitions(paths).resolve_job_def(BUILD_JOB_NAME)
        selection = [dg.AssetKey("seed_files"), DOCUMENT_ASSET]
        with dg.DagsterInstance.ephemeral() as instance:
            keys = sync_all(instance, [item.document_id for item in items])
            ranged = []
            for _ in range(3):
                start = time.perf_counter()
                result = job.execute_in_process(instance=instance, tags=range_tags(keys), asset_selection=selection,
                                                run_config=QUIET)
                ranged.append(time.perf_counter() - start)
                assert result.success
            single = []
            for key in keys[:singles]:
                start = time.perf_counter()
                result = job.execute_in_process(instance=instance, partition_key=key, asset_selection=selection,
                                                run_config=QUIET)
                single.append(time.perf_counter() - start)
                assert result.success
    one_document_domain = _median(domain) / count
    per_run = _median(single) - one_document_domain
    print(f"documents: {count}; runs of one partition: {len(single)}")
    print(f"domain work, all documents:              {_median(domain):8.2f} s ({1000 * one_document_domain:.1f} ms per document)")
    print(f"one run, all partitions in one step:     {_median(ranged):8.2f} s "
          f"(overhead {_median(ranged) - _median(domain):.2f} s, "
          f"{1000 * (_median(ranged) - _median(domain)) / count:.1f} ms per document)")
    print(f"one run per partition (median of {len(single)}):    {_median(single):8.2f} s per run "
          f"(overhead about {per_run:.2f} s per run; x{count} documents = {per_run * count:.0f} s)")


if __name__ == "__main__":
    main()
