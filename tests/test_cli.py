"""`python -m pipeline build` as scripts and CI use it: output, exit status, bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

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


def test_bad_documents_are_rejected_and_the_good_ones_still_published(tmp_path):
    seeds = tmp_path / "inbox"
    shutil.copytree(SEEDS, seeds)
    (seeds / "empty.txt").write_text("  \n\n")
    (seeds / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (seeds / "broken_utf8.txt").write_bytes(
        "A fine first sentence — here.\n".encode() + b"Bad \xff\xfe bytes here.\nA NUL \x00 here.\nA fine last line.\n")
    completed = _build(seeds, tmp_path / "out", tmp_path / "home")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    release = tmp_path / "out" / "releases" / "1.0.0"
    assert f"Release 1.0.0 (new release): {release}" in completed.stdout
    assert "rejects" in completed.stdout and "facts" in completed.stdout
    with duckdb.connect(str(release / "dataset.duckdb"), read_only=True) as con:
        documents = dict(con.execute("select path, status from documents").fetchall())
        rejects = con.execute("select path, line_no, reason from rejects order by path").fetchall()
        issues = con.execute("select line_no, message from parse_issues where code = 'invalid_encoding'").fetchall()
        bad_line = con.execute("select d.text from document_lines d join documents using (document_id) "
                               "where path = 'inbox/broken_utf8.txt' and line_no = 2").fetchall()
    assert len(documents) == 8
    assert documents["inbox/empty.txt"] == documents["inbox/binary.txt"] == "rejected"
    assert all(documents[f"inbox/{p.name}"] == "parsed" for p in SEEDS.iterdir())
    by_path = {path: (line_no, reason) for path, line_no, reason in rejects}
    assert by_path["inbox/broken_utf8.txt"][0] == 3 and by_path["inbox/broken_utf8.txt"][1].startswith(
        "control_character (inbox/broken_utf8.txt:3)")
    assert bad_line == [("Bad \ufffd\ufffd bytes here.",)]
    assert issues[0][0] == 2 and "inbox/broken_utf8.txt:2: invalid UTF-8 at byte 4 (ff), byte 5 (fe)" in issues[0][1]
    assert by_path["inbox/binary.txt"][0] is None


def test_build_exits_non_zero_when_the_output_is_unwritable(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the data folder should be\n")
    completed = _build(SEEDS, blocker / "data", tmp_path / "home")
    assert completed.returncode != 0
    assert "No release published" in completed.stdout
