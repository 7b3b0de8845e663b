"""`python -m pipeline build` as scripts and CI use it: output, exit status, bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.paths import REPO_ROOT
from tests.conftest import SEEDS, SHARED_CACHE


def _build(seeds: Path, out: Path, dagster_home: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "--seeds", str(seeds), "--out", str(out), "--cache", str(SHARED_CACHE)],
        cwd=REPO_ROOT,
        env={**os.environ, "DAGSTER_HOME": str(dagster_home)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def _one_seed(folder: Path) -> Path:
    """A folder holding the smallest seed document: the claims below do not depend on corpus size."""
    folder.mkdir(parents=True)
    shutil.copy(min(SEEDS.iterdir(), key=lambda p: p.stat().st_size), folder)
    return folder


@pytest.mark.slow(16)
def test_bad_documents_are_rejected_and_the_good_ones_still_published(tmp_path):
    seeds = _one_seed(tmp_path / "inbox")
    (good,) = seeds.iterdir()
    (seeds / "empty.txt").write_text("  \n\n")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (seeds / "broken_utf8.txt").write_bytes(
        "A fine first sentence — here.\n".encode() + b"Bad \xff\xfe bytes here.\nA NUL \x00 here.\nA fine last line.\n")
    completed = _build(seeds, tmp_path / "out", tmp_path / "home")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "\x1b[K" not in completed.stderr and "documents parsed" not in completed.stderr  # piped: no progress line
    release = tmp_path / "out" / "releases" / "1.0.0"
    assert f"Release 1.0.0 (new release): {release}" in completed.stdout
    assert "rejects" in completed.stdout and "facts" in completed.stdout
    with duckdb.connect(str(release / "dataset.duckdb"), read_only=True) as con:
        documents = dict(con.execute("select path, status from documents").fetchall())
        rejects = con.execute("select path, line_no, reason from rejects order by path").fetchall()
        issues = con.execute("select line_no, message from parse_issues where code = 'invalid_encoding'").fetchall()
        bad_line = con.execute("select d.text from document_lines d join documents using (document_id) "
                               "where path = 'inbox/broken_utf8.txt' and line_no = 2").fetchall()
    assert len(documents) == 4
    assert documents["inbox/empty.txt"] == documents["inbox/binary.txt"] == "rejected"
    assert documents[f"inbox/{good.name}"] == "parsed"
    by_path = {path: (line_no, reason) for path, line_no, reason in rejects}
    assert by_path["inbox/broken_utf8.txt"][0] == 3 and by_path["inbox/broken_utf8.txt"][1].startswith(
        "control_character (inbox/broken_utf8.txt:3)")
    assert bad_line == [("Bad \ufffd\ufffd bytes here.",)]
    assert issues[0][0] == 2 and "inbox/broken_utf8.txt:2: invalid UTF-8 at byte 4 (ff), byte 5 (fe)" in issues[0][1]
    assert by_path["inbox/binary.txt"][0] is None


def test_build_exits_non_zero_when_the_output_is_unwritable(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the data folder should be\n")
    completed = _build(_one_seed(tmp_path / "inbox"), blocker / "data", tmp_path / "home")
    assert completed.returncode != 0
    assert "No release published" in completed.stdout


def _build_on_a_terminal(seeds: Path, out: Path, dagster_home: Path) -> tuple[int, str]:
    """Run the build with stdout and stderr on a pseudo-terminal, as a person at a shell sees it."""
    import pty

    primary, secondary = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--seeds", str(seeds), "--out", str(out), "--cache", str(SHARED_CACHE)],
        cwd=REPO_ROOT, env={**env, "DAGSTER_HOME": str(dagster_home), "COLUMNS": "200"},
        stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    return process.wait(timeout=600), b"".join(chunks).decode(errors="replace")


@pytest.mark.slow(13)
def test_on_a_terminal_the_build_shows_one_progress_line_and_clears_it_before_the_report(tmp_path):
    returncode, screen = _build_on_a_terminal(_one_seed(tmp_path / "inbox"), tmp_path / "out", tmp_path / "home")
    assert returncode == 0, screen
    updates = [part.split("\x1b[K")[0] for part in screen.split("\r") if "\x1b[K" in part]
    assert "parse: 1/1 documents parsed" in updates
    assert any(u.startswith("dedup: candidate pairs judged") for u in updates), updates
    assert any(u.startswith("release: published 1.0.0") for u in updates), updates
    assert "\r\x1b[KRelease 1.0.0 (new release)" in screen  # the line is erased before the summary
