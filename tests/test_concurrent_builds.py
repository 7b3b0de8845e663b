"""Two `python -m pipeline build` processes into one `--out`: each reports only its own data.

Real processes on two small input folders (a file of the same name but other bytes in both, so
that a mix-up of per-document data would show). Started together, one build may find the other
running and answer "another build is publishing" (exit 4); with `--wait` the second queues
behind the first. Whatever the timing, every reported release holds exactly the documents of
the folder its build read, verifies, and two releases are consecutive.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from pipeline.build import BUSY_EXIT, dataset_instance
from pipeline.build_lock import lock_holder
from pipeline.paths import REPO_ROOT
from pipeline.publish.manifest import read_manifest
from pipeline.publish.verify import verify_release
from tests.conftest import SHARED_CACHE

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "documents"
RELEASE_LINE = re.compile(r"^Release (\S+) \((new release|unchanged: inputs and code match)\): (\S+)$", re.M)


def _folders(root: Path) -> tuple[Path, Path]:
    """Two input folders: different fixture documents, and a ``note.txt`` with other bytes in each."""
    one, two = root / "inbox_one", root / "inbox_two"
    for folder, names, claim in (
        (one, ["article_apa_references.txt"], "Sleep loss impairs working memory in adults."),
        (two, ["blog_post_gardenclinic.txt"], "Regular walking lowers resting blood pressure in older adults."),
    ):
        folder.mkdir(parents=True)
        for name in names:
            shutil.copy(FIXTURES / name, folder / name)
        (folder / "note.txt").write_text(f"A short note.\n\n{claim}\n", encoding="utf-8")
    return one, two


def _start(seeds: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "pipeline", "build", "--seeds", str(seeds), "--out", str(out),
               "--cache", str(SHARED_CACHE), *extra]
    return subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, "CI": "1"}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@dataclass
class Finished:
    seeds: Path
    code: int
    stdout: str
    stderr: str


def _finish(seeds: Path, process: subprocess.Popen[str]) -> Finished:
    stdout, stderr = process.communicate(timeout=900)
    return Finished(seeds, process.returncode, stdout, stderr)


def _inputs(seeds: Path) -> dict[str, str]:
    """Recorded path -> sha256 of every file of an input folder, as the documents table records them."""
    return {f"{seeds.name}/{p.name}": hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(seeds.iterdir())}


def _check_release_is_its_own(build: Finished) -> str:
    """The reported release holds exactly this build's documents and verifies; its version."""
    assert build.code == 0, build.stdout + build.stderr
    reported = RELEASE_LINE.search(build.stdout)
    assert reported is not None, build.stdout
    version, _, path = reported.groups()
    documents = pq.read_table(Path(path) / "documents.parquet").select(["path", "sha256"]).to_pylist()
    assert {row["path"]: row["sha256"] for row in documents} == _inputs(build.seeds)
    assert read_manifest(Path(path))["inputs"] == [
        {"path": name, "sha256": digest, "size_bytes": (build.seeds.parent / name).stat().st_size}
        for name, digest in sorted(_inputs(build.seeds).items())
    ]
    verified = verify_release(Path(path))  # in-process: the builds are the processes under test
    assert verified.ok and verified.version == version, verified.problems
    return version


def _check_outcomes(builds: list[Finished], out: Path) -> None:
    published = [build for build in builds if build.code == 0]
    busy = [build for build in builds if build.code == BUSY_EXIT]
    assert len(published) + len(busy) == 2 and published, [(b.code, b.stdout, b.stderr) for b in builds]
    for build in busy:
        assert "Another build is publishing into this data folder; nothing was built." in build.stdout
        assert "dangling foreign keys" not in build.stdout + build.stderr
    versions = [_check_release_is_its_own(build) for build in published]
    committed = sorted(p.name for p in (out / "releases").iterdir() if p.is_dir() and not p.is_symlink())
    assert sorted(versions) == committed  # nothing published that no build reported
    if len(versions) == 2:
        first, second = sorted(versions, key=lambda v: tuple(map(int, v.split("."))))
        assert read_manifest(out / "releases" / second)["previous_version"] == first


@pytest.mark.slow(15)
def test_two_builds_started_together_give_their_own_release_or_a_clear_busy_answer(tmp_path):
    one, two = _folders(tmp_path)
    out = tmp_path / "out"
    processes = [(one, _start(one, out)), (two, _start(two, out))]
    _check_outcomes([_finish(seeds, process) for seeds, process in processes], out)


@pytest.mark.slow(20)
def test_two_waiting_builds_a_second_apart_give_two_consecutive_releases_of_their_own_inputs(tmp_path):
    one, two = _folders(tmp_path)
    out = tmp_path / "out"
    first = _start(one, out, "--wait")
    time.sleep(1)  # the second build starts while the first is parsing (not a timed assertion)
    second = _start(two, out, "--wait")
    builds = [_finish(one, first), _finish(two, second)]
    assert [build.code for build in builds] == [0, 0], [(b.stdout, b.stderr) for b in builds]
    _check_outcomes(builds, out)
    assert len(list((out / "staging" / "runs").iterdir())) == 1  # the superseded run's tables are gone


def _start_daemon_tick(seeds: Path, out: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.daemon_tick", str(seeds), str(out), str(SHARED_CACHE)]
    return subprocess.Popen(command, cwd=REPO_ROOT, env={**os.environ, "CI": "1"}, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_holder(out: Path, process: subprocess.Popen[str], text: str) -> str:
    """The data folder's lock holder once it mentions ``text`` (polled while ``process`` runs)."""
    while process.poll() is None:
        holder = lock_holder(out)
        if holder and text in holder:
            return holder
        time.sleep(0.05)
    raise AssertionError(f"the lock of {out} never named {text!r}: {process.communicate()}")


@pytest.mark.slow(12)
def test_a_cli_build_started_while_a_sensor_run_holds_the_folder_says_so_and_the_runs_never_overlap(tmp_path):
    """The UI's case: the seeds sensor's run is going when a CLI build into the same data folder starts."""
    seeds, _ = _folders(tmp_path)
    out = tmp_path / "out"
    daemon = _start_daemon_tick(seeds, out)
    _wait_for_holder(out, daemon, "Dagster run")  # the sensor's run holds the data folder
    build = _finish(seeds, _start(seeds, out))
    tick = _finish(seeds, daemon)
    assert tick.code == 0, tick.stdout + tick.stderr
    run_id = json.loads(tick.stdout.strip().splitlines()[-1])["run_id"]
    if build.code == BUSY_EXIT:
        assert f"Dagster run {run_id}" in build.stdout, build.stdout  # it names the run that holds the folder
    else:  # the sensor's run ended before the CLI build asked: it found that release unchanged
        assert build.code == 0 and "Release 1.0.0 (unchanged" in build.stdout, build.stdout + build.stderr
    with dataset_instance(out) as instance:
        runs = sorted(instance.get_run_records(), key=lambda record: record.start_time or 0)
    assert runs and all(record.dagster_run.status == dg.DagsterRunStatus.SUCCESS for record in runs)
    for earlier, later in itertools.pairwise(runs):  # one build at a time holds the data folder
        assert earlier.end_time is not None and later.start_time is not None
        assert earlier.end_time <= later.start_time, "two runs into one data folder overlapped"
    assert sorted(p.name for p in (out / "releases").iterdir() if p.is_dir() and not p.is_symlink()) == ["1.0.0"]
    _check_release_is_its_own(Finished(seeds, 0, f"Release 1.0.0 (new release): {out / 'releases' / '1.0.0'}", ""))
