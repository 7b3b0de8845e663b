"""The ``coverage`` subcommand prints per-document coverage and fails on unaccounted lines."""

from __future__ import annotations

import argparse

from pipeline.parsing.cli import register
from tests.parsing.helpers import SEEDS


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.handler(args)


def test_coverage_of_seeds_is_complete(capsys) -> None:
    assert _run(["coverage", "--seeds", str(SEEDS)]) == 0
    output = capsys.readouterr().out
    assert output.count("100.0%") == len(list(SEEDS.glob("*.txt"))) + 1


def test_coverage_names_each_file_of_another_folder(tmp_path, capsys) -> None:
    (tmp_path / "one.txt").write_text("A Title For This\nOne sentence.\n")
    (tmp_path / "two.txt").write_bytes(b"\x00\x01binary")
    assert _run(["coverage", "--seeds", str(tmp_path)]) == 0
    output = capsys.readouterr().out
    assert f"{tmp_path.name}/one.txt" in output and "binary_file=1" in output
