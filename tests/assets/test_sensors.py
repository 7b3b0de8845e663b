"""The seeds sensor keeps one partition per document and builds only new, changed and removed documents."""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg
import pytest

from pipeline.assets.ingest import DOCUMENT_ASSET
from pipeline.assets.partitions import DOCUMENTS, RANGE_END, RANGE_START
from pipeline.assets.resources import PipelinePaths
from pipeline.definitions import BUILD_JOB_NAME, build_definitions
from pipeline.ids import document_id_for_path
from pipeline.paths import REPO_ROOT
from tests.conftest import SHARED_CACHE
from tests.daemon_tick import apply_partition_requests

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _tick(paths: PipelinePaths, instance: dg.DagsterInstance, cursor: str | None):
    definitions = build_definitions(paths)
    sensor = definitions.resolve_sensor_def("seeds_changed")
    context = dg.build_sensor_context(cursor=cursor, instance=instance, resources={"paths": paths},
                                      definitions=definitions)
    result = sensor(context)
    return result, (result.cursor if isinstance(result, dg.SensorResult) else cursor)


def _run(paths: PipelinePaths, instance: dg.DagsterInstance, request: dg.RunRequest) -> dg.ExecuteInProcessResult:
    job = build_definitions(paths).resolve_job_def(BUILD_JOB_NAME)
    return job.execute_in_process(instance=instance, tags=request.tags, asset_selection=request.asset_selection,
                                  run_config=QUIET)


def _built_partitions(result: dg.ExecuteInProcessResult) -> list[str]:
    events = result.get_asset_materialization_events()
    return sorted(e.materialization.partition for e in events if e.materialization.asset_key == DOCUMENT_ASSET)


def _paths(tmp_path) -> PipelinePaths:
    return PipelinePaths(seeds_dir=str(tmp_path / "inbox"), data_dir=str(tmp_path / "out"), cache_dir=str(SHARED_CACHE))


def _write(tmp_path, name: str, text: str) -> None:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    (tmp_path / "inbox" / name).write_text(text)


def test_an_unchanged_folder_starts_nothing_and_a_touched_file_builds_nothing(tmp_path):
    _write(tmp_path, "a.txt", "Sleep loss impairs memory in adults.\n")
    paths = _paths(tmp_path)
    with dg.DagsterInstance.ephemeral() as instance:
        first, cursor = _tick(paths, instance, None)
        assert isinstance(first, dg.SensorResult) and len(first.run_requests or []) == 1
        apply_partition_requests(instance, first)
        again, _ = _tick(paths, instance, cursor)
        assert isinstance(again, dg.SkipReason)
        os.utime(tmp_path / "inbox" / "a.txt", ns=(1, 1))
        touched, _ = _tick(paths, instance, cursor)
        assert isinstance(touched, dg.SensorResult) and not touched.run_requests


@pytest.mark.slow(9)
def test_runs_materialize_only_new_and_changed_documents_and_removals_rebuild_the_release(tmp_path):
    for name in ["a.txt", "b.txt", "c.txt"]:
        _write(tmp_path, name, f"Document {name} says that sleep loss impairs memory in adults.\n")
    paths = _paths(tmp_path)
    ids = {name: document_id_for_path(name) for name in ["a.txt", "b.txt", "c.txt", "d.txt"]}
    with dg.DagsterInstance.ephemeral() as instance:
        first, cursor = _tick(paths, instance, None)
        apply_partition_requests(instance, first)
        assert instance.get_dynamic_partitions(DOCUMENTS.name) == [ids["a.txt"], ids["b.txt"], ids["c.txt"]]
        built = _run(paths, instance, first.run_requests[0])
        assert built.success and _built_partitions(built) == sorted(ids[n] for n in ["a.txt", "b.txt", "c.txt"])

        _write(tmp_path, "a.txt", "Document a.txt now says that sleep loss impairs memory in children.\n")
        _write(tmp_path, "d.txt", "A new document about naps.\n")
        second, cursor = _tick(paths, instance, cursor)
        apply_partition_requests(instance, second)
        request = second.run_requests[0]
        assert (request.tags[RANGE_START], request.tags[RANGE_END]) == (ids["a.txt"], ids["d.txt"])
        assert instance.get_dynamic_partitions(DOCUMENTS.name) == [ids[n] for n in ["b.txt", "c.txt", "a.txt", "d.txt"]]
        rebuilt = _run(paths, instance, request)
        assert rebuilt.success and _built_partitions(rebuilt) == sorted([ids["a.txt"], ids["d.txt"]])
        assert rebuilt.asset_materializations_for_node("release")

        (tmp_path / "inbox" / "b.txt").unlink()
        third, _ = _tick(paths, instance, cursor)
        apply_partition_requests(instance, third)
        assert ids["b.txt"] not in instance.get_dynamic_partitions(DOCUMENTS.name)
        removal = _run(paths, instance, third.run_requests[0])
        assert removal.success and _built_partitions(removal) == []
        release = removal.asset_materializations_for_node("release")[-1]
        assert release.metadata["row_counts"].value["documents"] == 3  # type: ignore[index]


def test_while_another_process_holds_the_build_lock_a_tick_changes_nothing_and_the_next_one_builds(tmp_path):
    _write(tmp_path, "a.txt", "Sleep loss impairs memory in adults.\n")
    paths = _paths(tmp_path)
    hold = ("import sys; from pathlib import Path; from pipeline.build_lock import exclusive_build\n"
            "with exclusive_build(Path(sys.argv[1]), wait=False, what='a CLI build'):\n"
            "    print('held', flush=True); sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(paths.data)], cwd=REPO_ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with dg.DagsterInstance.ephemeral() as instance:
            busy, cursor = _tick(paths, instance, None)
            assert isinstance(busy, dg.SkipReason) and "a CLI build, pid" in (busy.skip_message or "")
            assert cursor is None and instance.get_dynamic_partitions(DOCUMENTS.name) == []
            holder.communicate("", timeout=60)  # the build ends
            after, _ = _tick(paths, instance, cursor)
            assert isinstance(after, dg.SensorResult) and len(after.run_requests or []) == 1
    finally:
        holder.kill()
