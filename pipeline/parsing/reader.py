"""Read a file safely, one line at a time, whatever its bytes.

Why two passes over the bytes: the document ID comes from the sha256 of the whole file and
every row carries it, so the digest is computed first (streamed) and the lines are read after.
Why a line-length cap: a file without newlines must not be read into memory in one piece.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_LINE_BYTES = 1 << 20
_SNIFF_BYTES = 8192
_BOM = b"\xef\xbb\xbf"
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\v\x1b")


@dataclass(frozen=True)
class FileFacts:
    """What is known about a file before its lines are parsed."""

    sha256: str
    size_bytes: int
    looks_binary: bool


@dataclass(frozen=True)
class RawLine:
    """One input line: decoded ``text`` or, when it cannot be decoded, the ``error`` (with a
    short ``error_code``) and a ``replacement``-decoded copy for inspection."""

    line_no: int
    text: str | None
    error_code: str | None = None
    error: str | None = None
    replacement: str | None = None

    @property
    def is_blank(self) -> bool:
        shown = self.text if self.text is not None else self.replacement
        return not (shown or "").strip()


def inspect_file(path: Path) -> FileFacts:
    """Streamed digest and size, plus a sniff of the first bytes for binary content."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            if not head:
                head = block[:_SNIFF_BYTES]
            digest.update(block)
            size += len(block)
    return FileFacts(sha256=digest.hexdigest(), size_bytes=size, looks_binary=_looks_binary(head))


def _looks_binary(head: bytes) -> bool:
    """NUL bytes or many control bytes mean the file is not text (whatever its name says)."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROL_BYTES)
    return controls / len(head) > 0.05


def read_lines(path: Path) -> Iterator[RawLine]:
    """Every line of ``path`` (BOM and CR/LF stripped), decoded strictly as UTF-8."""
    with path.open("rb") as handle:
        line_no = 0
        while True:
            chunk = handle.readline(MAX_LINE_BYTES)
            if not chunk:
                return
            line_no += 1
            if line_no == 1 and chunk.startswith(_BOM):
                chunk = chunk[len(_BOM):]
            if len(chunk) >= MAX_LINE_BYTES and not chunk.endswith(b"\n"):
                yield _overlong_line(handle, line_no, chunk)
                continue
            yield _decode(line_no, chunk.rstrip(b"\n").rstrip(b"\r"))


def _overlong_line(handle: BinaryIO, line_no: int, start: bytes) -> RawLine:
    """Skip the rest of a line that exceeds the cap, keeping only a short excerpt."""
    total = len(start)
    while True:
        rest = handle.readline(MAX_LINE_BYTES)
        total += len(rest)
        if not rest or rest.endswith(b"\n"):
            break
    excerpt = start[:200].decode("utf-8", errors="replace")
    return RawLine(
        line_no=line_no,
        text=None,
        error_code="line_too_long",
        error=f"line longer than {MAX_LINE_BYTES} bytes ({total} bytes)",
        replacement=excerpt,
    )


def _decode(line_no: int, data: bytes) -> RawLine:
    try:
        return RawLine(line_no=line_no, text=data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return RawLine(
            line_no=line_no,
            text=None,
            error_code="invalid_utf8",
            error=f"invalid UTF-8 at byte {error.start} of the line",
            replacement=data.decode("utf-8", errors="replace"),
        )
