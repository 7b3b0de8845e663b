"""Hypothesis strategies that damage a good document the way real corpora do, and an oracle for
which lines a damaged file has (written apart from the reader, so the two can disagree)."""

from __future__ import annotations

import codecs
import re

from hypothesis import strategies as st

from pipeline.paths import REPO_ROOT

BASES = [
    *(sorted((REPO_ROOT / "tests" / "fixtures" / "documents").glob("*.txt"))),
    REPO_ROOT / "tests" / "fixtures" / "hostile" / "lowercase_facts.txt",
]
ODD_CHARACTERS = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u202e", "\u202c", "\u2066", "\u2069", "\u00a0", "\u2028"]
HEADER_RE = re.compile(rb"^(?:Facts \(\d+\)|Sources|Model Perspectives \(\d+\)|.* \d+ facts?)$", re.MULTILINE)


@st.composite
def damaged(draw, base: bytes) -> bytes:
    """``base`` after one to four damaging edits."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(["truncate", "flip", "nul", "line_ends", "odd_character", "header"]))
        position = draw(st.integers(0, max(0, len(data) - 1)))
        if edit == "truncate":
            del data[position:]
        elif edit == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif edit == "nul":
            data[position:position] = b"\x00"
        elif edit == "line_ends":
            ending = draw(st.sampled_from([b"\r", b"\r\n", b"\n\r", b"\n"]))
            data = bytearray(re.sub(rb"\r\n|\n", lambda m: ending if draw(st.booleans()) else m.group(), bytes(data)))
        elif edit == "odd_character":
            data[position:position] = draw(st.sampled_from(ODD_CHARACTERS)).encode()
        else:
            headers = list(HEADER_RE.finditer(bytes(data)))
            if headers:
                header = draw(st.sampled_from(headers))
                replacement = b"" if draw(st.booleans()) else header.group() + b"\n" + header.group()
                data[header.start(): header.end()] = replacement
    return bytes(data)


def documents() -> st.SearchStrategy[bytes]:
    """A damaged copy of one of the good documents."""
    return st.sampled_from(BASES).flatmap(lambda path: damaged(path.read_bytes()))


def nonblank_line_numbers(data: bytes) -> set[int]:
    """Line numbers (1-based) of the non-blank lines of ``data``: line ends CR, LF, CRLF; a BOM
    is not content; blank means only spaces, tabs, vertical tabs and form feeds."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            return _numbers(re.split(r"\r\n|\r|\n", text), " \t\v\f")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    return _numbers(re.split(rb"\r\n|\r|\n", data), b" \t\v\f")


def _numbers(lines: list, blank) -> set[int]:
    if lines and not lines[-1]:
        lines = lines[:-1]  # a final line end ends the last line; it does not start another
    return {number for number, line in enumerate(lines, start=1) if line.strip(blank)}
