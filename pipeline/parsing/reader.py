"""Read a file safely, one line at a time, whatever its bytes.

Why two passes: the first pass (``inspect_file``) streams the whole file once for its sha256,
decides its encoding (UTF-8, UTF-16 by BOM, or a legacy code page detected by
charset-normalizer when the bytes are not UTF-8) and counts its lines with a counter of its
own, so the line-accounting check can compare what the parser accounted for with what the file
holds. The second pass (``read_lines``) yields the lines.

Line ends are CR, LF and CRLF. A line longer than ``MAX_LINE_BYTES`` (the BOM counts) is not
held in memory: it becomes one rejected line with a short excerpt. A line with a control byte
(NUL, ESC, ...) is rejected on its own; the rest of the file is read. Undecodable bytes are
replaced by U+FFFD and reported with their offsets and the original bytes as hex.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import charset_normalizer

MAX_LINE_BYTES = 1 << 20
"""1 MiB: far longer than any real sentence or reference, short enough that a line never costs
more than a few seconds in any stage (see benchmarks/bench_long_lines.py)."""
_BLOCK_BYTES = 1 << 16
_SNIFF_BYTES = 8192
_SAMPLE_BYTES = 1 << 15
_EXCERPT_CHARS = 200
_BINARY_CONTROL_SHARE = 0.05
_BINARY_MIN_CONTROLS = 4
"""A file is binary when control bytes are more than 5% of its first 8 KiB (and at least 4 of
them): one stray NUL in a text file makes one line a reject, not the whole file."""
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\v\x1b")
_BLANK_CHARS = " \t\v\f"
"""A line is blank when it holds only these: the same rule for the counter and the reader."""
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_WESTERN_DEFAULT = "cp1252"
"""Tie-break between equally plausible code pages: the WHATWG Encoding Standard decodes the
"latin1"/"iso-8859-1" labels as windows-1252, the usual legacy Western encoding."""
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_VALID_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes become text."""

    codec: str
    bom: bytes = b""
    detected: bool = False
    """True when charset-normalizer chose the codec (the bytes are not UTF-8): worth a warning."""

    @property
    def unit_bytes(self) -> int:
        """Bytes per code unit, to measure line lengths in bytes."""
        return 4 if self.codec.startswith("utf-32") else 2 if self.codec.startswith("utf-16") else 1


UTF8 = Encoding("utf-8")


@dataclass(frozen=True)
class FileFacts:
    """What is known about a file before its lines are parsed."""

    sha256: str
    size_bytes: int
    looks_binary: bool
    encoding: Encoding = UTF8
    line_count: int = 0
    nonblank_line_count: int = 0
    """Counted from the raw stream, independently of ``read_lines``."""


@dataclass(frozen=True)
class RawLine:
    """One input line: decoded ``text``, or ``text`` None when the line is rejected (``reject_code``,
    ``reject_detail`` and a printable ``excerpt``). ``decode_warning`` says what a lenient decode
    replaced, with the original bytes, when the text contains U+FFFD for undecodable bytes."""

    line_no: int
    text: str | None
    reject_code: str | None = None
    reject_detail: str | None = None
    excerpt: str | None = None
    decode_warning: str | None = None
    blank: bool = False

    @property
    def is_blank(self) -> bool:
        """Whether the line holds only whitespace (or was blank before decoding)."""
        return self.blank or (self.text is not None and not self.text.strip(_BLANK_CHARS))


class _LineCounter:
    """Counts lines (CR, LF, CRLF) and non-blank lines of a stream fed in chunks, in O(1) memory.

    Deliberately separate from ``_split_lines``: the line-accounting check compares the two.
    """

    def __init__(self, *, text: bool) -> None:
        # str for decoded streams, bytes for raw ones: one counter serves both.
        self.lf: Any = "\n" if text else b"\n"
        self.cr: Any = "\r" if text else b"\r"
        self.eol: re.Pattern[Any] = re.compile("\r\n|\r|\n") if text else re.compile(rb"\r\n|\r|\n")
        self.blank: Any = _BLANK_CHARS if text else _BLANK_CHARS.encode()
        self.lines = 0
        self.nonblank = 0
        self._open = False
        self._open_nonblank = False
        self._after_cr = False

    def feed(self, chunk: str | bytes) -> None:
        if not chunk:
            return
        if self._after_cr and chunk[:1] == self.lf:
            chunk = chunk[1:]
        self._after_cr = chunk[-1:] == self.cr
        pieces = self.eol.split(chunk)
        for index, piece in enumerate(pieces):
            if piece:
                self._open = True
                self._open_nonblank = self._open_nonblank or bool(piece.strip(self.blank))
            if index < len(pieces) - 1:
                self._close()

    def _close(self) -> None:
        self.lines += 1
        self.nonblank += self._open_nonblank
        self._open = self._open_nonblank = False

    def finish(self) -> None:
        if self._open:
            self._close()


def inspect_file(path: Path) -> FileFacts:
    """Streamed digest, size, encoding and line counts, plus a sniff of the first bytes for binary content."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
        bom_encoding = next((Encoding(codec, bom) for bom, codec in _BOMS if head.startswith(bom)), None)
        if bom_encoding is not None and bom_encoding.codec != "utf-8":
            return _inspect_wide(path, bom_encoding)
        handle.seek(0)
        bom = codecs.BOM_UTF8 if bom_encoding else b""
        counter = _LineCounter(text=False)
        validator = codecs.getincrementaldecoder("utf-8")("strict")
        valid_utf8 = True
        multibyte = high = 0
        sample = bytearray()
        first = True
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
            if first and bom:
                block = block[len(bom):]
            first = False
            counter.feed(block)
            if valid_utf8:
                try:
                    validator.decode(block)
                except UnicodeDecodeError:
                    valid_utf8 = False
            first_high = _HIGH_BYTE.search(block)
            if first_high is not None:
                multibyte += sum(len(m) for m in _VALID_UTF8_MULTIBYTE.findall(block))
                high += len(_HIGH_BYTE.findall(block))
                if len(sample) < _SAMPLE_BYTES:
                    start = max(0, first_high.start() - 1024)
                    sample += block[start: start + _SAMPLE_BYTES - len(sample)]
        counter.finish()
        if valid_utf8:
            try:
                validator.decode(b"", final=True)
            except UnicodeDecodeError:
                valid_utf8 = False
    encoding = Encoding("utf-8", bom)
    if not valid_utf8 and not bom and multibyte * 2 < high:
        encoding = _detect_code_page(bytes(sample)) or encoding
    return FileFacts(
        sha256=digest.hexdigest(),
        size_bytes=size,
        looks_binary=not bom and _looks_binary(head),
        encoding=encoding,
        line_count=counter.lines,
        nonblank_line_count=counter.nonblank,
    )


def _inspect_wide(path: Path, encoding: Encoding) -> FileFacts:
    """UTF-16/32 with a BOM: the counter reads the decoded stream."""
    digest = hashlib.sha256()
    size = 0
    counter = _LineCounter(text=True)
    decoder = codecs.getincrementaldecoder(encoding.codec)("replace")
    with path.open("rb") as handle:
        first = True
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
            counter.feed(decoder.decode(block[len(encoding.bom):] if first else block))
            first = False
        counter.feed(decoder.decode(b"", final=True))
    counter.finish()
    return FileFacts(digest.hexdigest(), size, False, encoding, counter.lines, counter.nonblank)


def _detect_code_page(sample: bytes) -> Encoding | None:
    """The legacy code page charset-normalizer finds most plausible (None: no plausible one)."""
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches or matches[0].encoding in ("utf_8", "ascii"):
        return None
    best = matches[0]
    tied = [m.encoding for m in matches if m.chaos == best.chaos]
    codec = _WESTERN_DEFAULT if _WESTERN_DEFAULT in tied else best.encoding
    return Encoding(codecs.lookup(codec).name, detected=True)


def _looks_binary(head: bytes) -> bool:
    """Many NUL or control bytes mean the file is not text (whatever its name says)."""
    if not head:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROL_BYTES)
    return controls >= _BINARY_MIN_CONTROLS and controls / len(head) > _BINARY_CONTROL_SHARE


def read_lines(path: Path, encoding: Encoding | None = None) -> Iterator[RawLine]:
    """Every line of ``path`` (BOM and line ends stripped), decoded with ``encoding`` (default: as
    ``inspect_file`` decides)."""
    encoding = encoding or inspect_file(path).encoding
    wide = encoding.unit_bytes > 1
    cap = MAX_LINE_BYTES // encoding.unit_bytes
    with path.open("rb") as handle:
        handle.read(len(encoding.bom))
        chunks = _text_chunks(handle, encoding) if wide else iter(lambda: handle.read(_BLOCK_BYTES), b"")
        bom_units = len(encoding.bom) // encoding.unit_bytes
        for line_no, (data, length, nonblank) in enumerate(_split_lines(chunks, cap), start=1):
            length += bom_units if line_no == 1 else 0  # the cap counts the BOM
            if length > cap:
                yield _overlong_line(line_no, data, length * encoding.unit_bytes, nonblank, encoding)
            elif wide:
                yield _checked(line_no, data, None)
            else:
                yield _decode(line_no, data, encoding)


def _text_chunks(handle, encoding: Encoding) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding.codec)("replace")
    for block in iter(lambda: handle.read(_BLOCK_BYTES), b""):
        yield decoder.decode(block)
    yield decoder.decode(b"", final=True)


def _split_lines(chunks: Iterator, cap: int) -> Iterator[tuple]:
    """(line content, its length, whether it has a non-blank unit) for each line of a chunk stream.

    Content beyond ``cap`` units is dropped (only the first ``cap`` units of an overlong line are kept),
    so memory is bounded by the cap, not by the line.
    """
    kept: list = []
    kept_length = 0
    length = 0
    nonblank = False
    after_cr = False
    empty = None
    blank_set = None
    for chunk in chunks:
        if not chunk:
            continue
        if empty is None:
            empty = chunk[:0]
            eol = re.compile("\r\n|\r|\n" if isinstance(chunk, str) else rb"\r\n|\r|\n")
            blank_set = _BLANK_CHARS if isinstance(chunk, str) else _BLANK_CHARS.encode()
        position = 0
        if after_cr and chunk[:1] == ("\n" if isinstance(chunk, str) else b"\n"):
            position = 1
        after_cr = False
        while True:
            match = eol.search(chunk, position)
            piece = chunk[position: match.start() if match else len(chunk)]
            length += len(piece)
            nonblank = nonblank or bool(piece.strip(blank_set))
            if kept_length < cap:
                kept.append(piece[: cap - kept_length])
                kept_length += len(kept[-1])
            if match is None:
                break
            yield empty.join(kept), length, nonblank
            kept, kept_length, length, nonblank = [], 0, 0, False
            if match.group() in ("\r", b"\r") and match.end() == len(chunk):
                after_cr = True
            position = match.end()
            if position == len(chunk):
                break
    if empty is not None and length:
        yield empty.join(kept), length, nonblank


def _overlong_line(line_no: int, start: str | bytes, total_bytes: int, nonblank: bool, encoding: Encoding) -> RawLine:
    """A line that exceeds the cap: rejected, with only a short excerpt kept."""
    excerpt = start[:_EXCERPT_CHARS] if isinstance(start, str) else start[:_EXCERPT_CHARS * 4].decode(
        encoding.codec, errors="replace")[:_EXCERPT_CHARS]
    detail = f"line longer than {MAX_LINE_BYTES} bytes ({total_bytes} bytes); only an excerpt is kept"
    return _rejected(line_no, "line_too_long", detail, excerpt, blank=not nonblank)


def _rejected(line_no: int, code: str, detail: str, shown: str, *, blank: bool = False) -> RawLine:
    return RawLine(line_no=line_no, text=None, reject_code=code, reject_detail=detail, excerpt=_printable(shown),
                   blank=blank)


_BAD_BYTES = threading.local()
_MAX_LISTED = 20


def _record_bad_bytes(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: replace like "replace", and remember where and what the bad bytes were."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _BAD_BYTES.found.append((error.start, error.object[error.start: error.end]))
    return "\ufffd", error.end


codecs.register_error("pipeline-record-bad-bytes", _record_bad_bytes)


def _decode(line_no: int, data: bytes, encoding: Encoding) -> RawLine:
    """Strict decode; on failure a lenient one (U+FFFD) with a warning that keeps the original bytes."""
    try:
        return _checked(line_no, data.decode(encoding.codec), None)
    except UnicodeDecodeError:
        pass
    _BAD_BYTES.found = []
    text = data.decode(encoding.codec, errors="pipeline-record-bad-bytes")
    found, _BAD_BYTES.found = _BAD_BYTES.found, []
    listed = ", ".join(f"byte {start} ({raw.hex()})" for start, raw in found[:_MAX_LISTED])
    more = f" and {len(found) - _MAX_LISTED} more" if len(found) > _MAX_LISTED else ""
    name = "UTF-8" if encoding.codec == "utf-8" else encoding.codec
    warning = f"invalid {name} at {listed}{more}: decoded as U+FFFD; original line bytes (hex): {data.hex()}"
    return _checked(line_no, text, warning)


def _checked(line_no: int, text: str, warning: str | None) -> RawLine:
    """Reject a line holding a control character (it is not text), keeping a printable copy."""
    control = _CONTROL_RE.search(text)
    if control is None:
        return RawLine(line_no=line_no, text=text, decode_warning=warning)
    detail = f"control character U+{ord(control.group()):04X} at character {control.start()} of the line"
    return _rejected(line_no, "control_character", detail, text)


def _printable(text: str) -> str:
    """Control characters shown as their Unicode control pictures (U+2400 ...), so the row is safe to store."""
    return _CONTROL_RE.sub(lambda m: chr(0x2421) if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), text)
