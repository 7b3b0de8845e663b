"""Row-level contract failures of one document are found and withheld with their reasons;
column-level ones are not the document's."""

from __future__ import annotations

import hashlib

import polars as pl
import pyarrow as pa

from pipeline.parsing.corpus import InputFile, parse_entry
from pipeline.quarantine import row_failures, withhold
from pipeline.quarantine.validate import DOCUMENT_TABLES, empty_document_tables
from pipeline.parsing.coverage import document_coverage

PAGE = """Sleep and memory

A short article about sleep.

Sleep loss impairs memory consolidation in adults (Smith, 2019).

References

Smith, J. (2019). Sleep and memory. Journal of Sleep, 12(3), 45-67.
"""


def _document(tmp_path) -> dict[str, pa.Table]:
    seeds = tmp_path / "inbox"
    seeds.mkdir()
    (seeds / "article.txt").write_text(PAGE)
    data = (seeds / "article.txt").read_bytes()
    item = InputFile(seeds / "article.txt", "inbox/article.txt", hashlib.sha256(data).hexdigest(), len(data))
    parsed = parse_entry(item, tmp_path / "cache")
    tables = empty_document_tables()
    tables.update({name: parsed[name] for name in parsed if name in DOCUMENT_TABLES})
    return tables


def _replace(table: pa.Table, column: str, values: list) -> pa.Table:
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(column), pa.array(values, type=table.schema.field(column).type))


def test_a_parsed_document_meets_every_contract(tmp_path):
    assert row_failures(_document(tmp_path)) == []


def test_a_value_outside_the_allowed_set_and_a_duplicate_id_are_found_with_column_check_and_value(tmp_path):
    tables = _document(tmp_path)
    lines = tables["document_lines"]
    duplicated = [lines.column("line_id")[0].as_py()] * lines.num_rows
    tables["document_lines"] = _replace(lines, "line_id", duplicated)
    tables["documents"] = _replace(tables["documents"], "kind", ["pamphlet"])
    failures = row_failures(tables)
    kinds = {(f.table, f.column, f.check.split("(")[0]) for f in failures}
    assert ("documents", "kind", "isin") in kinds
    assert ("document_lines", "line_id", "field_uniqueness") in kinds
    kind = next(f for f in failures if f.column == "kind")
    assert kind.value == "pamphlet"
    duplicate = next(f for f in failures if f.column == "line_id")
    assert duplicate.line_no in lines.column("line_no").to_pylist()


def test_a_wrong_column_type_is_not_one_documents_fault(tmp_path):
    tables = _document(tmp_path)
    tables["documents"] = tables["documents"].set_column(
        tables["documents"].schema.get_field_index("size_bytes"), "size_bytes",
        pa.array([str(v) for v in tables["documents"].column("size_bytes").to_pylist()]),
    )
    assert row_failures(tables) == []


def test_a_withheld_document_keeps_only_its_document_row_and_every_line_in_rejects(tmp_path):
    tables = _document(tmp_path)
    lines = tables["document_lines"]
    zeroed = _replace(lines, "line_no", [0] + lines.column("line_no").to_pylist()[1:])
    failures = row_failures({**tables, "document_lines": zeroed})
    assert [(f.table, f.column, f.value) for f in failures] == [("document_lines", "line_no", "0")]
    withheld = withhold(tables, failures)
    assert withheld["documents"].column("status").to_pylist() == ["rejected"]
    assert all(withheld[name].num_rows == 0 for name in DOCUMENT_TABLES if name not in ("documents", "rejects"))
    reasons = withheld["rejects"].column("reason").to_pylist()
    assert reasons[0] == "quarantined_row: document_lines.line_no fails greater_than_or_equal_to(1): '0' (line 0)"
    assert withheld["rejects"].column("raw").to_pylist()[0] == "0"
    coverage = document_coverage(withheld["documents"], withheld["document_lines"], withheld["rejects"])
    assert coverage.column("coverage_pct").to_pylist() == [100.0]
    assert row_failures(withheld) == []
    assert pl.from_arrow(withheld["rejects"]).height == 1 + lines.num_rows
