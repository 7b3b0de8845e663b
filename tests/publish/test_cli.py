"""`diff A B` and `verify PATH` subcommands, as registered into `python -m pipeline`."""

from __future__ import annotations

import argparse

import pytest

from pipeline.publish.cli import register

from .factory import writable_copy


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_diff_by_version_prints_counts_per_table_and_the_bump(history, capsys):
    data_dir, results = history
    assert _run("diff", "1.0.0", "1.1.0", "--data", str(data_dir)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "1.0.0 -> 1.1.0 (minor changes)"
    counts = results[1].diff_counts["facts"]
    expected = ["facts", *(str(counts[change]) for change in ("added", "removed", "changed", "moved"))]
    assert any(line.split() == expected for line in out.splitlines())


def test_diff_accepts_release_folders_and_lists_ids_on_request(history, capsys):
    _, results = history
    assert _run("diff", str(results[0].path), str(results[1].path), "--ids") == 0
    out = capsys.readouterr().out
    listed = sorted(line.split() for line in out.splitlines()[1:] if line.split()[1:2] == ["documents"])
    assert [fields[0] for fields in listed] == ["added", "changed"]
    assert listed[1][3:] == ["[sha256,", "size_bytes]"]  # an edited document keeps its ID; its bytes changed


def test_diff_of_an_unknown_version_exits_2_and_names_the_known_ones(history, capsys):
    data_dir, _ = history
    assert _run("diff", "1.0.0", "9.9.9", "--data", str(data_dir)) == 2
    out = capsys.readouterr().out
    assert "no release '9.9.9'" in out and "versions in" in out and "1.0.0, 1.1.0" in out


def test_verify_exits_0_for_an_intact_archive_and_1_with_the_problem_for_a_damaged_folder(history, tmp_path, capsys):
    data_dir, results = history
    assert _run("verify", str(data_dir / "releases" / results[0].archive_name)) == 0
    damaged = writable_copy(results[0].path, tmp_path / "1.0.0")
    (damaged / "manifest.json").write_text("{}")
    capsys.readouterr()
    assert _run("verify", str(damaged)) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"FAILED: {damaged}:") and "manifest.json: sha256 mismatch" in out


@pytest.mark.parametrize("reference", ["latest", "1.1.0"])
def test_verify_accepts_a_version_or_latest(history, capsys, reference):
    data_dir, _ = history
    assert _run("verify", reference, "--data", str(data_dir)) == 0
    assert "(release 1.1.0) is intact" in capsys.readouterr().out
