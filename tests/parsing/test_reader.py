"""Reading bytes safely: line ends, BOMs, encodings, control bytes, binary sniffing, long lines."""

from __future__ import annotations

import codecs

from pipeline.parsing.reader import inspect_file, read_lines


def _texts(path) -> list[tuple[int, str | None]]:
    return [(line.line_no, line.text) for line in read_lines(path)]


def test_bom_and_crlf_are_stripped(write_file) -> None:
    assert _texts(write_file("a.txt", b"\xef\xbb\xbfFirst\r\nSecond\r\n")) == [(1, "First"), (2, "Second")]


def test_cr_lf_and_crlf_are_all_line_ends(write_file) -> None:
    path = write_file("mixed.txt", b"one\rtwo\nthree\r\nfour\r\rsix")
    assert _texts(path) == [(1, "one"), (2, "two"), (3, "three"), (4, "four"), (5, ""), (6, "six")]
    facts = inspect_file(path)
    assert (facts.line_count, facts.nonblank_line_count) == (6, 5)


def test_a_crlf_split_across_read_blocks_is_one_line_end(write_file, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.parsing.reader._BLOCK_BYTES", 4)
    assert _texts(write_file("a.txt", b"abc\r\ndef\r\n")) == [(1, "abc"), (2, "def")]


def test_invalid_utf8_is_replaced_and_the_original_bytes_are_kept_as_hex(write_file) -> None:
    (line,) = list(read_lines(write_file("a.txt", "naïve ".encode() + b"caf\xe9 au lait")))
    assert line.text == "naïve caf\ufffd au lait"
    assert "at byte 10 (e9)" in line.decode_warning
    assert line.decode_warning.endswith(("naïve ".encode() + b"caf\xe9 au lait").hex())


def test_utf16_with_a_bom_is_decoded(write_file) -> None:
    text = "Título\r\nSegunda línea\n"
    for codec, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        path = write_file(f"{codec}.txt", bom + text.encode(codec))
        facts = inspect_file(path)
        assert not facts.looks_binary and facts.encoding.codec == codec
        assert _texts(path) == [(1, "Título"), (2, "Segunda línea")]
        assert (facts.line_count, facts.nonblank_line_count) == (2, 2)


def test_cp1252_text_is_detected_and_decoded(write_file) -> None:
    text = "Le café est très bon, mais la crème brûlée coûte 5 € chez Müller.\nUne deuxième ligne, naïve.\n"
    path = write_file("legacy.txt", text.encode("cp1252"))
    facts = inspect_file(path)
    assert facts.encoding.detected and facts.encoding.codec == "cp1252"
    assert [t for _, t in _texts(path)] == text.splitlines()


def test_a_control_byte_rejects_its_line_only(write_file) -> None:
    lines = list(read_lines(write_file("a.txt", b"first\nbad\x00line\nthird\n")))
    assert [line.text for line in lines] == ["first", None, "third"]
    assert lines[1].reject_code == "control_character" and lines[1].excerpt == "bad\u2400line"
    assert "U+0000 at character 3" in lines[1].reject_detail


def test_binary_sniff_and_streamed_digest(write_file) -> None:
    facts = inspect_file(write_file("b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert facts.looks_binary and facts.size_bytes == 16 and len(facts.sha256) == 64
    assert not inspect_file(write_file("t.txt", "plain text\n")).looks_binary
    assert not inspect_file(write_file("n.txt", "plain text with one NUL\x00 in it\n" * 20)).looks_binary


def test_the_line_cap_counts_the_bom(write_file, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.parsing.reader.MAX_LINE_BYTES", 10)
    path = write_file("a.txt", b"\xef\xbb\xbf" + b"x" * 8 + b"\nnext\n")
    lines = list(read_lines(path))
    assert [(line.line_no, line.reject_code) for line in lines] == [(1, "line_too_long"), (2, None)]
    assert lines[1].text == "next"


def test_an_overlong_line_keeps_only_an_excerpt_and_the_next_line_number(write_file, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.parsing.reader.MAX_LINE_BYTES", 1000)
    monkeypatch.setattr("pipeline.parsing.reader._BLOCK_BYTES", 64)
    lines = list(read_lines(write_file("a.txt", b"y" * 5000 + b"\r" + b"after\r")))
    assert lines[0].reject_code == "line_too_long" and "(5000 bytes)" in lines[0].reject_detail
    assert len(lines[0].excerpt) == 200 and (lines[1].line_no, lines[1].text) == (2, "after")
