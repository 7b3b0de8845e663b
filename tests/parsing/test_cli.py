"""The ``coverage`` subcommand prints per-document coverage and fails on unaccounted lines."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipeline.parsing import parse_document
from pipeline.parsing.cli import register
from tests.conftest import SHARED_CACHE
from tests.parsing.helpers import SEEDS


def _run(argv: list[str], cache: Path | None = None) -> int:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv + ["--cache", str(cache or SHARED_CACHE)])
    return args.handler(args)


def test_coverage_of_seeds_is_complete(capsys) -> None:
    assert _run(["coverage", "--seeds", str(SEEDS)]) == 0
    output = capsys.readouterr().out
    assert output.count("100.0%") == len(list(SEEDS.glob("*.txt"))) + 1


def test_coverage_names_each_file_of_another_folder(tmp_path, capsys) -> None:
    (tmp_path / "one.txt").write_text("A Title For This\nOne sentence.\n")
    (tmp_path / "two.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert _run(["coverage", "--seeds", str(tmp_path)], cache=tmp_path / "cache") == 0
    output = capsys.readouterr().out
    assert f"{tmp_path.name}/one.txt" in output and "binary_file=1" in output


def test_coverage_survives_a_parser_crash_as_the_build_does(tmp_path, capsys, monkeypatch) -> None:
    (tmp_path / "one.txt").write_text("A Title For This\nOne sentence.\n")
    (tmp_path / "two.txt").write_text("Another Title\nA sentence that crashes the parser.\n")

    def crash_on_two(path, **options):
        if path.name == "two.txt":
            raise ZeroDivisionError("a parser bug")
        yield from parse_document(path, **options)

    monkeypatch.setattr("pipeline.parsing.corpus.parse_document", crash_on_two)
    assert _run(["coverage", "--seeds", str(tmp_path)], cache=tmp_path / "cache") == 0
    output = capsys.readouterr().out
    assert "two.txt" in output and "rejected" in output and "parser=1" in output
