"""A publish killed (SIGKILL) at chosen moments leaves previous releases intact and verifiable.

The moments are the durable-write calls of a real publish (``os.fsync``, ``os.replace``,
``os.rename``), recorded in-process first; a subprocess then publishes the same build (one
fork per moment) and kills itself just before that call.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.paths import REPO_ROOT
from pipeline.publish import verify_release
from pipeline.ids import sha256_file

from .factory import base_corpus, edited_corpus, publish_docs

_DURABLE_CALLS = ("fsync", "replace", "rename")

_CHILD = """
import json, os, signal, sys, traceback
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from publish.factory import edited_corpus, publish_docs

def publish_and_die_at(kill_at, data_dir):
    calls = [0]
    def killing(call):
        def wrapper(*args, **kwargs):
            calls[0] += 1
            if calls[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return call(*args, **kwargs)
        return wrapper
    for name in {calls!r}:
        setattr(os, name, killing(getattr(os, name)))
    publish_docs(edited_corpus(), Path(data_dir))

# Imports are paid once; each publish runs in a fork taken before any data work starts threads.
children = {{}}
for kill_at, data_dir in json.loads(sys.argv[2]):
    pid = os.fork()
    if pid == 0:
        try:
            publish_and_die_at(kill_at, data_dir)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)
    children[data_dir] = pid
print(json.dumps({{data_dir: os.waitpid(pid, 0)[1] for data_dir, pid in children.items()}}))
""".format(calls=_DURABLE_CALLS)


def _record_durable_calls(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(call, last argument's file name) of every durable-write call of the second publish."""
    recorded: list[tuple[str, str]] = []

    def recording(name: str):
        call = getattr(os, name)

        def wrapper(*args, **kwargs):
            recorded.append((name, Path(str(args[-1])).name if isinstance(args[-1], (str, Path)) else ""))
            return call(*args, **kwargs)

        return wrapper

    with monkeypatch.context() as patch:
        for name in _DURABLE_CALLS:
            patch.setattr(os, name, recording(name))
        publish_docs(edited_corpus(), data_dir)
    return recorded


def _files(folder: Path) -> dict[str, str]:
    return {p.name: sha256_file(p) for p in sorted(folder.iterdir())}


@pytest.mark.slow(10)
def test_a_publish_killed_at_any_stage_leaves_previous_releases_intact_and_no_partial_release(tmp_path, monkeypatch):
    pristine = tmp_path / "pristine"
    first = publish_docs(base_corpus(), pristine)
    assert verify_release(first.path).ok
    first_files = _files(first.path)
    calls = _record_durable_calls(shutil.copytree(pristine, tmp_path / "recording", symlinks=True), monkeypatch)
    commit = calls.index(("rename", "1.1.0")) + 1
    assert len(calls) > commit + 1  # pointers, index and catalog are written after the commit
    kill_points = {"writing the release": commit // 2, "at the commit": commit, "after the commit": commit + 1}

    runs = {moment: (kill_at, str(tmp_path / f"kill-{kill_at}")) for moment, kill_at in kill_points.items()}
    for _, data_dir in runs.values():
        shutil.copytree(pristine, data_dir, symlinks=True)
    command = [sys.executable, "-c", _CHILD, str(Path(__file__).parent.parent), json.dumps(list(runs.values()))]
    completed = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    # The last line: DuckDB may draw a progress bar on stdout before it when a query is slow.
    statuses = json.loads((completed.stdout.strip().splitlines() or ["{}"])[-1])

    for moment, (_, path) in runs.items():
        status, data_dir = statuses.get(path), Path(path)
        assert status is not None and os.WIFSIGNALED(status), (moment, completed.stderr)
        assert os.WTERMSIG(status) == signal.SIGKILL, moment
        releases = data_dir / "releases"
        visible = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.is_symlink() and p.name[0] != ".")
        committed = moment == "after the commit"
        assert visible == (["1.0.0", "1.1.0"] if committed else ["1.0.0"]), moment
        assert _files(releases / "1.0.0") == first_files, moment  # byte-identical to a verified release
        if "1.1.0" in visible:
            assert verify_release(releases / "1.1.0").problems == [], moment
        assert (releases / "latest").resolve().name in visible, moment

        recovered = publish_docs(edited_corpus(), data_dir)
        assert recovered.version == "1.1.0" and (releases / "latest").resolve() == recovered.path, moment
        assert [p.name for p in releases.iterdir() if p.name.startswith(".")] == [".publish.lock"], moment
        assert verify_release(releases / recovered.archive_name).problems == [], moment
