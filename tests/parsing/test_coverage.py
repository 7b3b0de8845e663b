"""Coverage per document from the documents, document_lines and rejects tables."""

from __future__ import annotations

import pyarrow as pa

from pipeline.parsing.coverage import document_coverage, format_coverage
from schemas import arrow_schema
from tests.parsing.helpers import parse_tables


def _tables(*paths) -> list[pa.Table]:
    rows = {"documents": [], "document_lines": [], "rejects": []}
    for path in paths:
        for name, table_rows in parse_tables(path).items():
            rows.get(name, []).extend(table_rows)
    return [pa.Table.from_pylist(rows[name], schema=arrow_schema(name)) for name in rows]


def test_bad_line_is_accounted_for_by_its_reject(write_file) -> None:
    path = write_file("bad.txt", b"A Title For This\n\x00 bad\nA sentence.\n")
    (row,) = document_coverage(*_tables(path)).to_pylist()
    assert (row["lines_in"], row["document_lines"], row["line_rejects"], row["coverage_pct"]) == (3, 2, 1, 100.0)
    assert row["rejects_by_reason"] == "control_character=1"


def test_a_parser_that_merges_lines_falls_short_of_the_raw_line_count(write_file) -> None:
    """lines_in comes from the reader's own count of the raw stream, not from what the parser yielded."""
    documents, lines, rejects = _tables(write_file("cr.txt", b"A Title For This\rOne sentence.\rTwo sentences.\r"))
    merged = pa.Table.from_pylist([{**lines.to_pylist()[0], "text": "everything"}], schema=lines.schema)
    (row,) = document_coverage(documents, merged, rejects).to_pylist()
    assert (row["lines_in"], row["lines_accounted"]) == (3, 1) and row["coverage_pct"] < 100


def test_missing_lines_lower_the_percentage(write_file) -> None:
    documents, lines, rejects = _tables(write_file("a.txt", "A Title For This\nOne sentence.\n"))
    (row,) = document_coverage(documents, lines.slice(0, 1), rejects).to_pylist()
    assert (row["lines_accounted"], row["coverage_pct"]) == (1, 50.0)


def test_file_level_rejects_are_listed_but_not_counted_as_lines(write_file) -> None:
    (row,) = document_coverage(*_tables(write_file("empty.txt", b""))).to_pylist()
    assert (row["lines_in"], row["file_rejects"], row["rejects_by_reason"], row["coverage_pct"]) == (
        0, 1, "empty_file=1", 100.0)


def test_formatted_table_has_a_row_per_document_and_a_total(write_file) -> None:
    text = format_coverage(document_coverage(*_tables(write_file("a.txt", "A Title For This\nOne sentence.\n"))))
    assert "a.txt" in text and text.splitlines()[-1].startswith("total")
