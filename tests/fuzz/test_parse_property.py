"""For every damaged document: the parser never raises, every row fits its table's contract, and
every non-blank input line is in document_lines or rejects (or the file has a file-level reject)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pyarrow as pa
from hypothesis import HealthCheck, given, settings

from pipeline.parsing.corpus import parse_corpus, scan_inputs
from schemas import validate_table
from tests.fuzz.mutations import documents, nonblank_line_numbers

_CHECKED = ("documents", "document_lines", "rejects", "parse_issues", "sources", "perspectives")


def _parse(data: bytes) -> dict[str, pa.Table]:
    """Through the build's own corpus path (discovery, reader, parsers, crash isolation)."""
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        (inbox / "damaged.txt").write_bytes(data)
        return parse_corpus(scan_inputs(inbox), Path(tmp) / "cache")


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_line_of_a_damaged_document_is_accounted_for(data: bytes) -> None:
    tables = _parse(data)
    (document,) = tables["documents"].to_pylist()
    rejects = tables["rejects"].to_pylist()
    assert not any(r["reason"].startswith("parser error") for r in rejects), rejects
    file_level = [r for r in rejects if r["line_no"] is None]
    accounted = tables["document_lines"].column("line_no").to_pylist() + [r["line_no"] for r in rejects if r["line_no"]]
    assert len(accounted) == len(set(accounted)), "a line is accounted for twice"
    if file_level:
        assert document["status"] == "rejected" and not accounted
    else:
        assert set(accounted) == nonblank_line_numbers(data)
        assert document["nonblank_line_count"] == len(accounted)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_rows_of_a_damaged_document_meet_the_published_contract(data: bytes) -> None:
    tables = _parse(data)
    for name in _CHECKED:
        assert validate_table(name, pl.from_arrow(tables[name])) is None, name
