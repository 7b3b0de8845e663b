"""`python -m pipeline refs parse FILE`: one JSON object per non-blank input line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO

from pipeline.references.parse import parse_reference


def parse_lines(lines: Iterable[str]) -> Iterator[dict]:
    """Parsed fields of every non-blank line, in input order, with its 1-based line number."""
    for line_no, line in enumerate(lines, start=1):
        if line.strip():
            yield {"line_no": line_no, **parse_reference(line)}


def write_parsed(source: TextIO, sink: TextIO) -> None:
    for record in parse_lines(source):
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_parse(args: argparse.Namespace) -> int:
    if args.file == "-":
        write_parsed(sys.stdin, sys.stdout)
    else:
        with open(args.file, encoding="utf-8", errors="replace") as source:
            write_parsed(source, sys.stdout)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `refs parse FILE` to the pipeline's command line."""
    refs = subparsers.add_parser("refs", help="reference tools")
    commands = refs.add_subparsers(dest="refs_command", required=True)
    parse = commands.add_parser("parse", help="parse reference strings (one per line) into CSL fields as JSON lines")
    parse.add_argument("file", help="text file with one reference per line, or - for stdin")
    parse.set_defaults(handler=run_parse)
