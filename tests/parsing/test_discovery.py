"""Input discovery: every entry below the input folder is read or recorded with its reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from pipeline.paths import REPO_ROOT
from pipeline.parsing.discovery import DiscoveryPolicy, content_digest, discover, listing_digest
from tests.hostile import NEWLINE_NAME, can_be_denied, make_hostile_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile") / "inbox")


def _outcomes(entries) -> dict[str, str | None]:
    return {entry.relative: entry.problem.code if entry.problem else None for entry in entries}


def test_every_entry_is_either_read_or_has_a_reason(corpus) -> None:
    outcomes = _outcomes(discover(corpus))
    assert outcomes["outside_link.txt"] == "skipped_outside_link"
    assert outcomes["dangling_link.txt"] == "broken_symlink"
    assert outcomes["loop_a.txt"] == outcomes["loop_b.txt"] == "symlink_loop"
    assert outcomes["folder_link"] == "skipped_folder_link"
    assert outcomes["folder.txt"] == "not_a_file" and outcomes["folder.txt/inside.txt"] is None
    assert outcomes[".git"] == "skipped_hidden" and ".git/config" not in outcomes
    assert outcomes["pipe.txt"] == outcomes["socket.txt"] == "not_a_regular_file"
    assert outcomes[NEWLINE_NAME] is None and outcomes["empty_a.txt"] is None
    assert outcomes["unreadable.txt"] == ("unreadable_file" if can_be_denied() else None)


def test_reasons_carry_the_os_error(corpus) -> None:
    problems = {e.relative: e.problem for e in discover(corpus) if e.problem}
    assert problems["dangling_link.txt"].detail == "[Errno 2] No such file or directory"
    assert "[Errno 40]" in problems["loop_a.txt"].detail
    assert problems["outside_link.txt"].skipped and not problems["dangling_link.txt"].skipped


def test_unreadable_file_is_recorded_with_the_permission_error() -> None:
    """As root, file modes deny nothing, so the walk runs as an unprivileged user (setpriv)."""
    folder = Path(tempfile.mkdtemp(prefix="discovery-perm-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        (folder / "secret.txt").write_text("x\n")
        (folder / "secret.txt").chmod(0)
        code = "from pathlib import Path; from pipeline.parsing.discovery import discover; " \
               f"(e,) = discover(Path({str(folder)!r})); print(e.problem.code, e.problem.detail)"
        command = [sys.executable, "-c", code]
        if not can_be_denied():
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: permission denied cannot be produced")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
            probe = subprocess.run([*command[:4], sys.executable, "-c", "import pipeline.parsing.discovery"],
                                   capture_output=True, cwd=REPO_ROOT, timeout=60, check=False)
            if probe.returncode != 0:  # e.g. a checkout below a folder only root may enter
                pytest.skip("the unprivileged user cannot read this checkout or its interpreter")
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPO_ROOT, timeout=60, check=True)
        assert done.stdout.strip() == "unreadable_file [Errno 13] Permission denied"
    finally:
        shutil.rmtree(folder)


def test_links_inside_the_folder_are_read_and_policy_can_follow_outside_links(tmp_path) -> None:
    (tmp_path / "real.txt").write_text("Real\nA sentence.\n")
    os.symlink(tmp_path / "real.txt", tmp_path / "alias.txt")
    os.symlink("/etc/hostname", tmp_path / "outside.txt")
    default = _outcomes(discover(tmp_path))
    assert default == {"alias.txt": None, "outside.txt": "skipped_outside_link", "real.txt": None}
    assert _outcomes(discover(tmp_path, DiscoveryPolicy(follow_outside_links=True)))["outside.txt"] is None


def test_the_cheap_listing_changes_when_an_entry_changes(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("one\n")
    before = listing_digest(tmp_path)
    (tmp_path / "a.txt").write_text("one, two\n")
    assert listing_digest(tmp_path) != before and all(e.sha256 is None for e in discover(tmp_path, digest=False))


def test_touching_a_file_changes_the_listing_but_not_the_content_digest(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("one\n")
    listing, content = listing_digest(tmp_path), content_digest(tmp_path)
    os.utime(tmp_path / "a.txt", ns=(1, 1))
    assert listing_digest(tmp_path) != listing and content_digest(tmp_path) == content
    (tmp_path / "a.txt").write_text("two\n")
    assert content_digest(tmp_path) != content
