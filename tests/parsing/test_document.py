"""parse_document: lossless, schema-conforming, deterministic and safe on bad input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

from pipeline.parsing.corpus import FRESH_ID_TABLES, PARSE_TABLES, parse_table_schema
from pipeline.identity import assign_fresh_ids
from pipeline.ids import document_id_for_path
from pipeline.parsing import parse_document
from schemas.pandera_schemas import validate_table
from tests.parsing.helpers import ALL_DOCUMENTS, FIXTURES, parse_tables


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda p: p.name)
def test_every_nonblank_line_is_accounted_for_exactly_once(path: Path) -> None:
    tables = parse_tables(path)
    nonblank = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if line.strip()]
    accounted = [row["line_no"] for row in tables["document_lines"]]
    accounted += [row["line_no"] for row in tables["rejects"] if row["line_no"] is not None]
    assert sorted(accounted) == nonblank


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda p: p.name)
def test_rows_conform_to_the_published_schemas_once_given_their_content_ids(path: Path) -> None:
    rows = parse_tables(path)
    tables = {}
    for name in PARSE_TABLES:
        schema = parse_table_schema(name)
        assert all(set(row) == set(schema.names) for row in rows.get(name, [])), name
        tables[name] = pa.Table.from_pylist(rows.get(name, []), schema=schema)
    assign_fresh_ids(tables, FRESH_ID_TABLES)
    for name, table in tables.items():
        frame = pl.from_arrow(table)
        if name == "facts":
            frame = frame.with_columns(pl.lit("clu_0000000000000000").alias("cluster_id"))
        assert validate_table(name, frame) is None, name


def test_exactly_one_documents_row_with_the_path_derived_id_and_the_content_hash() -> None:
    path = FIXTURES / "article_apa_references.txt"
    documents = parse_tables(path, display_path="article.txt")["documents"]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert [(d["document_id"], d["sha256"], d["size_bytes"]) for d in documents] == [
        (document_id_for_path("article.txt"), digest, path.stat().st_size)
    ]


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda p: p.name)
def test_parsing_twice_gives_identical_rows_in_identical_order(path: Path) -> None:
    assert parse_tables(path) == parse_tables(path)


def test_display_path_is_what_rows_carry(write_file) -> None:
    path = write_file("a.txt", "Title Line Here\n\nOne sentence of content.\n")
    tables = parse_tables(path, display_path="seeds/a.txt")
    assert tables["documents"][0]["path"] == "seeds/a.txt"


@pytest.mark.parametrize("path", ALL_DOCUMENTS, ids=lambda p: p.name)
def test_bom_and_windows_line_endings_parse_like_the_clean_file(path: Path, write_file, monkeypatch) -> None:
    """Under the same path, every row (and every derived ID) is identical; only the bytes' hash differs."""
    variant = write_file(path.name, b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    clean_tables, variant_tables = parse_tables(path), parse_tables(variant)
    for tables in (clean_tables, variant_tables):
        for document in tables["documents"]:
            del document["sha256"], document["size_bytes"]
    assert variant_tables == clean_tables


@pytest.mark.parametrize("content, code", [(b"", "empty_file"), (b"  \n\t\n\n", "whitespace_only_file")])
def test_empty_or_whitespace_only_file_is_one_file_level_reject(write_file, content: bytes, code: str) -> None:
    tables = parse_tables(write_file("empty.txt", content))
    assert [d["status"] for d in tables["documents"]] == ["rejected"]
    assert [(r["line_no"], r["reason"].split(" ")[0]) for r in tables["rejects"]] == [(None, code)]
    assert not tables["document_lines"] and not tables["facts"]


def test_binary_file_with_txt_name_is_one_reject_and_no_rows(write_file) -> None:
    payload = bytes(range(256)) * 64 + b"\nclaimLooks like a fact.\n"
    tables = parse_tables(write_file("image.txt", payload), display_path="seeds/image.txt")
    assert set(tables) == {"rejects", "documents"}
    assert tables["documents"][0]["status"] == "rejected"
    (reject,) = tables["rejects"]
    assert reject["line_no"] is None
    assert reject["reason"].startswith("binary_file (seeds/image.txt)")


def test_invalid_utf8_is_decoded_leniently_and_reported_with_its_bytes(write_file) -> None:
    good = (FIXTURES / "article_apa_references.txt").read_bytes().split(b"\n")
    original = good[7]
    good[7] = good[7][:20] + b"\xc3\x28\xff" + good[7][20:]
    tables = parse_tables(write_file("bad.txt", b"\n".join(good)), display_path="seeds/bad.txt")
    assert not tables["rejects"]
    (issue,) = [row for row in tables["parse_issues"] if row["code"] == "invalid_encoding"]
    assert issue["line_no"] == 8 and issue["message"].startswith("seeds/bad.txt:8: invalid UTF-8 at byte 20 (c3), byte 22 (ff)")
    assert issue["message"].endswith(good[7].hex())
    line = next(row for row in tables["document_lines"] if row["line_no"] == 8)
    assert line["text"] == (original[:20] + b"\xef\xbf\xbd(\xef\xbf\xbd" + original[20:]).decode()
    assert tables["documents"][0]["status"] == "parsed"


def test_overlong_line_is_rejected_without_reading_it_whole(write_file, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.parsing.reader.MAX_LINE_BYTES", 64)
    path = write_file("long.txt", "Short Title Line\n" + "word " * 100 + "\nA last sentence here.\n")
    tables = parse_tables(path)
    assert [(r["line_no"], r["reason"].split(" ")[0]) for r in tables["rejects"]] == [(2, "line_too_long")]
    assert [row["line_no"] for row in tables["document_lines"]] == [1, 3]


def test_large_file_is_streamed_row_by_row(write_file) -> None:
    """The parser is a generator: the first rows arrive before the last line is parsed."""
    body = "".join(f"Sentence number {i} is here.\n" for i in range(20_000))
    rows = parse_document(write_file("big.txt", body), display_path="big.txt")
    first = next(rows)
    assert first[0] in {"document_lines", "facts"} and first[1]["line_no"] == 1
