"""A build killed with SIGKILL leaves a STARTED run; the next build marks it failed, so killed
runs never pile up in the run history and block the UI's queue."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from pipeline.paths import REPO_ROOT
from pipeline.run_hygiene import PROCESS_TAG, fail_dead_runs, process_tag
from tests.fuzz.mutations import BASES


def _runs(home: Path, status: dg.DagsterRunStatus) -> list[dg.DagsterRun]:
    with dg.DagsterInstance.from_config(str(home)) as instance:
        return list(instance.get_runs(filters=dg.RunsFilter(statuses=[status])))


@pytest.mark.slow(7)
def test_a_killed_build_is_marked_failed_when_the_pipeline_next_starts(tmp_path: Path) -> None:
    home, inbox = tmp_path / "out" / ".dagster", tmp_path / "inbox"  # a data folder keeps its own history
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    inbox.mkdir()
    shutil.copy(BASES[0], inbox / BASES[0].name)
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    build = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--seeds", str(inbox), "--out", str(tmp_path / "out")],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not _runs(home, dg.DagsterRunStatus.STARTED) and time.monotonic() < deadline:
        time.sleep(0.2)
    build.send_signal(signal.SIGKILL)
    build.wait()
    [killed] = _runs(home, dg.DagsterRunStatus.STARTED)
    assert killed.tags[PROCESS_TAG].split(":")[1] == str(build.pid)

    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert fail_dead_runs(instance) == [killed.run_id]
        assert fail_dead_runs(instance) == []  # reported once
        record = instance.get_run_by_id(killed.run_id)
        assert record is not None and record.status == dg.DagsterRunStatus.FAILURE
        events = instance.all_logs(killed.run_id)
        assert any("ended without finishing this run" in (e.message or "") for e in events)


def test_only_runs_whose_own_process_is_gone_are_failed() -> None:
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_tag = {PROCESS_TAG: process_tag()[PROCESS_TAG].replace(f":{os.getpid()}:", f":{ended.stdout.strip()}:")}
    job = dg.GraphDefinition("noop", node_defs=[]).to_job()
    with dg.DagsterInstance.ephemeral() as instance:
        def started(tags: dict[str, str]) -> str:
            return instance.create_run_for_job(job, tags=tags, status=dg.DagsterRunStatus.STARTED).run_id

        alive, dead, foreign = started(process_tag()), started(dead_tag), started({})
        assert fail_dead_runs(instance) == [dead]
        statuses = {run_id: instance.get_run_by_id(run_id).status for run_id in (alive, dead, foreign)}
    assert statuses == {alive: dg.DagsterRunStatus.STARTED, dead: dg.DagsterRunStatus.FAILURE,
                        foreign: dg.DagsterRunStatus.STARTED}
