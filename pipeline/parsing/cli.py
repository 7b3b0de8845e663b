"""``python -m pipeline coverage``: parse a folder and print per-document line coverage.

The folder is discovered and parsed exactly as the build does it (``pipeline.parsing.corpus``: the same
discovery, reader, parsers, cache and crash isolation), so a document the build survives never
crashes this command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pyarrow as pa

from pipeline.parsing.coverage import document_coverage, format_coverage
from pipeline.paths import CACHE_DIR, SEEDS_DIR


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``coverage`` subcommand."""
    command = subparsers.add_parser(
        "coverage", help="parse a folder and show how many lines each document accounts for"
    )
    command.add_argument("--seeds", type=Path, default=SEEDS_DIR, help="input folder (default: seeds/)")
    command.add_argument("--cache", type=Path, default=CACHE_DIR,
                         help="parse cache shared with the build (default: data/cache/)")
    command.set_defaults(handler=run_coverage)


def run_coverage(args: argparse.Namespace) -> int:
    """Exit status 1 when any non-blank line is unaccounted for."""
    coverage = document_coverage(*collect_tables(args.seeds, args.cache))
    print(format_coverage(coverage))
    complete = all(a == b for a, b in zip(coverage.column("lines_in").to_pylist(),
                                         coverage.column("lines_accounted").to_pylist()))
    return 0 if complete else 1


def collect_tables(folder: Path, cache_dir: Path) -> tuple[pa.Table, pa.Table, pa.Table]:
    """documents, document_lines and rejects of every entry below ``folder`` (path order)."""
    from pipeline.parsing.corpus import parse_corpus, scan_inputs

    tables = parse_corpus(scan_inputs(folder), cache_dir)
    return tables["documents"], tables["document_lines"], tables["rejects"]
