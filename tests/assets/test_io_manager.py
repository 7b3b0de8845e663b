"""Intermediate tables are the run's own: two runs into one data folder never read each other's."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.assets import io_manager
from pipeline.assets.ingest import DOCUMENT_ASSET
from pipeline.assets.io_manager import CURRENT, RUNS, read_partition, staging_root, write_partition
from pipeline.assets.resources import PipelinePaths
from pipeline.build import build_dataset
from pipeline.definitions import BUILD_JOB_NAME, build_definitions
from pipeline.ids import document_id_for_path
from pipeline.paths import REPO_ROOT
from tests.conftest import SHARED_CACHE

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    import pyarrow as pa
    from pipeline.assets.io_manager import read_partition, write_partition

    folder, run_id, rounds = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    mine = {"facts": pa.table({"run": [run_id] * 1000}), "rejects": pa.table({"run": [run_id]})}
    for _ in range(rounds):
        write_partition(folder, run_id, mine)
        assert read_partition(folder, run_id) == mine, "a run read another run's version of its partition"
        newest = read_partition(folder, "a-run-that-wrote-nothing")
        assert len({table.column("run")[0].as_py() for table in newest.values()}) == 1, "a torn version"
""")


def test_two_processes_writing_one_partition_each_read_their_own_version_and_never_a_torn_one(tmp_path):
    folder = tmp_path / "staging" / "document" / "doc_0000000000000000"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), run_id, "40"], cwd=REPO_ROOT,
                         stderr=subprocess.PIPE, text=True)
        for run_id in ("run-one", "run-two")
    ]
    failures = [writer.communicate(timeout=300)[1] for writer in writers if writer.wait(timeout=300) != 0]
    assert failures == []
    # One version per run (each rewrite removed the run's older one), no temporary left.
    assert sorted(p.name.partition(".")[0] for p in folder.iterdir()) == [CURRENT, "run-one", "run-two"]
    assert read_partition(folder, "run-one")["facts"].column("run")[0].as_py() == "run-one"


def test_a_reader_that_saw_current_name_a_version_just_removed_follows_the_newer_one(tmp_path, monkeypatch):
    folder = tmp_path / "doc_0000000000000000"
    removed = write_partition(folder, "run-one", {"facts": pa.table({"x": [1]})})
    write_partition(folder, "run-one", {"facts": pa.table({"x": [2]})})  # replaces and removes the first
    assert not removed.exists()
    names = iter([removed.name])  # the reader read CURRENT just before the rewrite
    real = io_manager._current_name
    monkeypatch.setattr(io_manager, "_current_name", lambda f: next(names, None) or real(f))
    assert read_partition(folder, "a-run-that-wrote-nothing") == {"facts": pa.table({"x": [2]})}


def test_a_partition_never_written_is_reported_not_read_as_empty(tmp_path):
    with pytest.raises(FileNotFoundError, match="never materialized"):
        read_partition(tmp_path / "doc_0000000000000000", "some-run")
    write_partition(tmp_path / "doc_0000000000000000", "run-one", {"facts": pa.table({"x": [1]})})
    assert read_partition(tmp_path / "doc_0000000000000000", "run-two") == {"facts": pa.table({"x": [1]})}


def _inbox(root: Path, name: str, claim: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "note.txt").write_text(f"A short note.\n\n{claim}\n", encoding="utf-8")
    return folder


def _paths(seeds: Path, data: Path) -> PipelinePaths:
    return PipelinePaths(seeds_dir=str(seeds), data_dir=str(data), cache_dir=str(SHARED_CACHE))


def _corpus_only(paths: PipelinePaths, instance: dg.DagsterInstance, *keys: dg.AssetKey) -> dg.ExecuteInProcessResult:
    """A run without the per-document step (the UI's "materialize selected", a sensor run after removals)."""
    job = build_definitions(paths).resolve_job_def(BUILD_JOB_NAME)
    selection = list(keys) or [key for key in job.asset_layer.executable_asset_keys if key != DOCUMENT_ASSET]
    return job.execute_in_process(instance=instance, asset_selection=selection, raise_on_error=False,
                                  run_config=QUIET)


@pytest.mark.slow(7)
def test_runs_keep_their_own_tables_and_a_run_of_one_asset_reads_the_newest_materialization(tmp_path):
    one = _inbox(tmp_path, "inbox_one", "Sleep loss impairs working memory in adults.")
    two = _inbox(tmp_path, "inbox_two", "Regular walking lowers resting blood pressure in older adults.")
    data = tmp_path / "out"
    note = document_id_for_path("note.txt")
    with dg.DagsterInstance.ephemeral() as instance:
        first = build_dataset(seeds_dir=one, data_dir=data, cache_dir=SHARED_CACHE, instance=instance)
        second = build_dataset(seeds_dir=two, data_dir=data, cache_dir=SHARED_CACHE, instance=instance)
        assert first.published and second.published and (first.version, second.version) == ("1.0.0", "1.1.0")
        for outcome, seeds in ((first, one), (second, two)):
            documents = pq.read_table(Path(str(outcome.release_path)) / "documents.parquet")
            assert documents.column("sha256").to_pylist() == [_sha(seeds / "note.txt")]
        # The first run's tables were superseded by the second's and removed; the second's stay.
        assert [p.name for p in (staging_root(data) / RUNS).iterdir()] == [second.run_id]
        versions = {p.name.partition(".")[0] for p in (staging_root(data) / "document" / note).iterdir()}
        assert versions == {CURRENT, second.run_id}
        release_only = _corpus_only(_paths(two, data), instance, dg.AssetKey("release"))
        assert release_only.success
        observed = release_only.asset_observations_for_node("release")
        assert observed and observed[-1].metadata["version"].value == "1.1.0"  # the same tables: nothing new


def test_a_run_never_reports_a_document_built_by_another_build_from_other_bytes(tmp_path):
    one = _inbox(tmp_path, "inbox_one", "Sleep loss impairs working memory in adults.")
    two = _inbox(tmp_path, "inbox_two", "Regular walking lowers resting blood pressure in older adults.")
    data = tmp_path / "out"
    with dg.DagsterInstance.ephemeral() as instance:
        assert build_dataset(seeds_dir=two, data_dir=data, cache_dir=SHARED_CACHE, instance=instance).published
        # A run over inbox_one that does not rebuild its documents: note.txt's partition holds inbox_two's.
        result = _corpus_only(_paths(one, data), instance)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure and e.step_key == "corpus_tables")
    assert "built from other bytes than this run's input" in str(failure.step_failure_data.error)
    assert not result.asset_materializations_for_node("release")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_asking_whether_a_partition_was_asked_for_reads_none_of_its_tables(tmp_path):
    """A run asks this of every document: answering must not read (here: cannot read) the partition."""
    from pipeline.assets.io_manager import PartitionTables

    tables = PartitionTables(tmp_path / "document", "run-1", ["doc_a", "doc_b"])
    assert "doc_a" in tables and "doc_c" not in tables
    with pytest.raises(FileNotFoundError, match="never materialized"):
        tables["doc_a"]
