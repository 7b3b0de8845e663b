"""``python -m pipeline coverage``: parse a folder and print per-document line coverage."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from pipeline.code_version import REPO_ROOT
from pipeline.parsing.coverage import document_coverage, format_coverage
from pipeline.parsing.document import parse_document
from schemas import arrow_schema

_COVERAGE_TABLES = ("documents", "document_lines", "rejects")


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("coverage", help="parse a folder and show how many lines each document accounts for")
    command.add_argument("--seeds", type=Path, default=REPO_ROOT / "seeds", help="input folder (default: seeds/)")
    command.set_defaults(handler=run_coverage)


def run_coverage(args: argparse.Namespace) -> int:
    """Exit status 1 when any non-blank line is unaccounted for."""
    coverage = document_coverage(*collect_tables(args.seeds))
    print(format_coverage(coverage))
    complete = all(a == b for a, b in zip(coverage.column("lines_in").to_pylist(),
                                         coverage.column("lines_accounted").to_pylist()))
    return 0 if complete else 1


def collect_tables(folder: Path) -> tuple[pa.Table, pa.Table, pa.Table]:
    """documents, document_lines and rejects of every file below ``folder`` (path order)."""
    rows: dict[str, list[dict]] = {name: [] for name in _COVERAGE_TABLES}
    for table, row in _parse_folder(folder):
        if table in rows:
            rows[table].append(row)
    documents, lines, rejects = (pa.Table.from_pylist(rows[name], schema=arrow_schema(name))
                                 for name in _COVERAGE_TABLES)
    return documents, lines, rejects


def _parse_folder(folder: Path) -> Iterator[tuple[str, dict]]:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        yield from parse_document(path, display_path=f"{folder.name}/{path.relative_to(folder).as_posix()}")
