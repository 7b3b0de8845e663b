"""Reading bytes safely: BOM, CRLF, bad UTF-8 and binary sniffing."""

from __future__ import annotations

from pipeline.parsing.reader import inspect_file, read_lines


def test_bom_and_crlf_are_stripped(write_file) -> None:
    lines = list(read_lines(write_file("a.txt", b"\xef\xbb\xbfFirst\r\nSecond\r\n")))
    assert [(line.line_no, line.text) for line in lines] == [(1, "First"), (2, "Second")]


def test_undecodable_line_carries_an_error_and_a_replacement(write_file) -> None:
    (line,) = list(read_lines(write_file("a.txt", b"caf\xe9 au lait")))
    assert (line.text, line.error_code, line.replacement) == (None, "invalid_utf8", "caf\ufffd au lait")


def test_binary_sniff_and_streamed_digest(write_file) -> None:
    facts = inspect_file(write_file("b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert facts.looks_binary and facts.size_bytes == 16 and len(facts.sha256) == 64
    assert not inspect_file(write_file("t.txt", "plain text\n")).looks_binary
