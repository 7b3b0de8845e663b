"""One build at a time per data folder: nested holders in one process go on, other processes wait or are told."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.build_lock import exclusive_build, lock_holder
from pipeline.paths import REPO_ROOT

TRY = ("import sys; from pathlib import Path; from pipeline.build_lock import BuildBusy, exclusive_build\n"
       "try:\n    with exclusive_build(Path(sys.argv[1]), wait=False): print('got it')\n"
       "except BuildBusy as busy: print('busy:', busy)\n")


def _other_process_tries(data) -> str:
    done = subprocess.run([sys.executable, "-c", TRY, str(data)], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_run_inside_a_build_of_the_same_process_goes_on_and_another_process_is_told_who_holds_it(tmp_path):
    with exclusive_build(tmp_path, wait=False, what="a CLI build"):
        with exclusive_build(tmp_path, wait=True, what="Dagster run x"):  # would deadlock if not re-entrant
            assert lock_holder(tmp_path) is None  # this process itself counts as nobody
            answer = _other_process_tries(tmp_path)
            assert answer.startswith("busy:") and "a CLI build, pid" in answer
        assert _other_process_tries(tmp_path).startswith("busy:")  # the outer holder still has it
    assert _other_process_tries(tmp_path) == "got it"


def test_an_error_inside_the_block_gives_the_lock_back(tmp_path):
    with pytest.raises(RuntimeError), exclusive_build(tmp_path, wait=False):
        raise RuntimeError("the build failed")
    assert _other_process_tries(tmp_path) == "got it"
    with exclusive_build(tmp_path, wait=False):
        pass


def test_lock_holder_names_a_build_of_another_process_and_nobody_for_a_folder_never_built(tmp_path):
    assert lock_holder(tmp_path / "never-built") is None
    hold = ("import sys; from pathlib import Path; from pipeline.build_lock import exclusive_build\n"
            "with exclusive_build(Path(sys.argv[1]), wait=False, what='a CLI build'):\n"
            "    print('held', flush=True); sys.stdin.read()\n")
    holder = subprocess.Popen([sys.executable, "-c", hold, str(tmp_path)], cwd=REPO_ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert (lock_holder(tmp_path) or "").startswith("a CLI build, pid ")
        holder.communicate("", timeout=60)
        assert lock_holder(tmp_path) is None  # given back when the holder ends
    finally:
        holder.kill()
