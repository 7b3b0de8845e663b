"""`python -m pipeline refs parse FILE`: one JSON object per non-blank input line.

The file is read by the build's reader (encoding detection, CR/LF/CRLF, control bytes, line cap)
and every line is parsed inside the same isolation boundary as a build's document: a rejected
line or a parser crash becomes that line's ``rejected``/``error`` record, never the end of the run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from pipeline.parsing.errors import crash_reason
from pipeline.parsing.reader import RawLine, read_lines
from pipeline.references.parse import parse_reference_checked


def parse_record(line: RawLine) -> dict:
    """The JSON record of one non-blank line: its fields, or why it has none."""
    if line.text is None:
        return {"line_no": line.line_no, "rejected": f"{line.reject_code}: {line.reject_detail}"}
    try:
        record, found = parse_reference_checked(line.text)
    except Exception as error:  # noqa: BLE001 - isolation boundary, as for a build's document
        return {"line_no": line.line_no, "error": crash_reason(error)}
    implausible = [asdict(value) for value in found]
    extra = {"implausible": implausible} if implausible else {}
    warning = {"warning": line.decode_warning} if line.decode_warning else {}
    return {"line_no": line.line_no, **record, **extra, **warning}


def parse_file(path: Path) -> Iterator[dict]:
    """Records of every non-blank line of ``path``, in input order, with 1-based line numbers."""
    for line in read_lines(path):
        if not line.is_blank:
            yield parse_record(line)


def write_parsed(path: Path, sink: TextIO) -> None:
    """One JSON record per reference line of ``path``."""
    for record in parse_file(path):
        sink.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_parse(args: argparse.Namespace) -> int:
    """``refs parse``: a file or stdin in, JSON lines out."""
    if args.file != "-":
        write_parsed(Path(args.file), sys.stdout)
        return 0
    with tempfile.NamedTemporaryFile(prefix="refs-stdin-") as spooled:
        shutil.copyfileobj(sys.stdin.buffer, spooled)
        spooled.flush()
        write_parsed(Path(spooled.name), sys.stdout)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `refs parse FILE` to the pipeline's command line."""
    refs = subparsers.add_parser("refs", help="reference tools")
    commands = refs.add_subparsers(dest="refs_command", required=True)
    parse = commands.add_parser("parse", help="parse reference strings (one per line) into CSL fields as JSON lines")
    parse.add_argument("file", help="text file with one reference per line, or - for stdin")
    parse.set_defaults(handler=run_parse)
