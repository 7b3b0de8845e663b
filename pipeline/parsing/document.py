"""``parse_document``: one file in, a stream of (table, row) pairs out, never an exception for
bad input. Bad bytes become ``rejects`` rows naming the file and line; everything else is parsed
by the concept-page or the prose parser, chosen by what the first lines contain."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from pipeline.ids import document_id_for_path
from pipeline.parsing.concept import ConceptPageParser, has_concept_page_markers
from pipeline.parsing.errors import os_error_text
from pipeline.parsing.prose import ProseParser
from pipeline.parsing.reader import Encoding, RawLine, inspect_file, read_lines
from pipeline.parsing.rows import DocumentRef, DocumentSummary, Row

KIND_SNIFF_LINES = 64
"""How many leading non-blank lines are looked at to tell a concept page from prose."""


def parse_document(path: Path, *, display_path: str, document_id: str | None = None) -> Iterator[Row]:
    """Stream the rows of every parse table for one input file (see the package docstring).

    ``document_id`` defaults to the ID of ``display_path`` taken as the path in the corpus.
    A file that cannot be opened (permissions, vanished, not a regular file) is one rejected
    document whose reason is the OS error.
    """
    try:
        facts = inspect_file(path)
    except OSError as error:
        ref = DocumentRef(document_id or document_id_for_path(display_path), display_path)
        summary = DocumentSummary(status="rejected")
        yield ref.reject(None, "unreadable_file", os_error_text(error), None)
        yield summary.row(ref, sha256=None, size_bytes=None)
        return
    ref = DocumentRef(document_id or document_id_for_path(display_path), display_path)
    summary = DocumentSummary()
    if facts.looks_binary:
        summary.status = "rejected"
        yield ref.reject(None, "binary_file", "binary content (NUL or control bytes), not a text document", None)
    else:
        if facts.encoding.detected:
            yield ref.issue(None, "encoding_detected",
                            f"not UTF-8: decoded as {facts.encoding.codec} (detected by charset-normalizer)")
        yield from _parse_lines(path, facts.encoding, ref, summary)
    summary.line_count, summary.nonblank_line_count = facts.line_count, facts.nonblank_line_count
    yield summary.row(ref, sha256=facts.sha256, size_bytes=facts.size_bytes)


def _parse_lines(path: Path, encoding: Encoding, ref: DocumentRef, summary: DocumentSummary) -> Iterator[Row]:
    lines = read_lines(path, encoding)
    head = _sniff(lines)
    is_concept = any(line.text is not None and has_concept_page_markers(line.text) for line in head)
    parser = ConceptPageParser(ref, summary) if is_concept else ProseParser(ref, summary)
    parsed_lines = nonblank = total = 0
    for line in itertools.chain(head, lines):
        total += 1
        if line.is_blank:
            continue
        nonblank += 1
        if line.text is None:
            summary.status = "partial"
            code, detail = line.reject_code or "unreadable_line", line.reject_detail or "unreadable line"
            yield ref.reject(line.line_no, code, detail, line.excerpt)
            continue
        if line.decode_warning is not None:
            yield ref.issue(line.line_no, "invalid_encoding", line.decode_warning)
        parsed_lines += 1
        yield from parser.feed(line.line_no, line.text)
    yield from parser.finish()
    if nonblank == 0:
        summary.status = "rejected"
        code = "empty_file" if total == 0 else "whitespace_only_file"
        yield ref.reject(None, code, f"{code.replace('_', ' ')}: no content to parse", None)
    elif parsed_lines == 0:
        summary.status = "rejected"


def _sniff(lines: Iterator[RawLine]) -> list[RawLine]:
    """The leading lines up to ``KIND_SNIFF_LINES`` non-blank ones (kept, then parsed)."""
    head: list[RawLine] = []
    nonblank = 0
    for line in lines:
        head.append(line)
        nonblank += not line.is_blank
        if nonblank >= KIND_SNIFF_LINES:
            break
    return head

