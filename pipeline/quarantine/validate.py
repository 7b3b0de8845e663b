"""Validate one document's tables against the published contracts and withhold a failing document."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandera.polars as pa_polars
import polars as pl
import pyarrow as pa

from schemas import TABLE_SCHEMAS, arrow_schema

DOCUMENT_TABLES: dict[str, tuple[str, ...]] = {
    "documents": (),
    "document_lines": (),
    "sources": (),
    "facts": ("cluster_id",),
    "perspectives": (),
    "citations": (),
    "references": ("work_id",),
    "parse_issues": (),
    "rejects": (),
}
"""The tables a document contributes, with the columns a corpus-wide stage fills in later
(not checked per document)."""

_MAX_VALUE_CHARS = 200


@dataclass(frozen=True)
class RowFailure:
    """One value of one row that breaks a contract check."""

    table: str
    column: str
    check: str
    value: str | None
    line_no: int | None

    def describe(self) -> str:
        """The failure as one line: table, column, check, value and line."""
        where = f" (line {self.line_no})" if self.line_no is not None else ""
        return f"{self.table}.{self.column} fails {self.check}: {self.value!r}{where}"


def document_schema(table: str) -> pa_polars.DataFrameSchema:
    """The published contract of ``table`` without the columns later stages add."""
    schema = TABLE_SCHEMAS[table]
    later = [name for name in DOCUMENT_TABLES[table] if name in schema.columns]
    return schema.remove_columns(later) if later else schema


def _failure_cases(table: str, rows: pa.Table) -> pl.DataFrame | None:
    """Pandera's row-level failure cases (those with a row index), or None when every row passes."""
    try:
        document_schema(table).validate(pl.from_arrow(rows), lazy=True)
    except pa_polars.errors.SchemaErrors as errors:
        every = errors.failure_cases
        wrong_columns = every.filter(pl.col("index").is_null())["column"].to_list()
        # A column of the wrong type or shape fails for every document alike: not one document's fault.
        cases = every.filter(pl.col("index").is_not_null() & ~pl.col("column").is_in(wrong_columns))
        return cases if cases.height else None
    return None


def suspect_documents(tables: Mapping[str, pa.Table]) -> set[str]:
    """IDs of the documents with a failing row among many documents' tables validated at once.

    Why: one validation per table for a whole batch costs far less than one per document; only
    the suspects are then validated alone (a value shared by two documents, such as a repeated
    ID, is no failure of either and is left to the corpus-wide checks).
    """
    suspects: set[str] = set()
    for name in DOCUMENT_TABLES:
        if name not in tables:
            continue
        cases = _failure_cases(name, tables[name])
        if cases is not None:
            documents = tables[name].column("document_id").to_pylist()
            suspects.update(documents[index] for index in cases["index"].to_list())
    return suspects


def _failures_of(table: str, rows: pa.Table) -> list[RowFailure]:
    cases = _failure_cases(table, rows)
    if cases is None:
        return []
    line_nos = rows.column("line_no").to_pylist() if "line_no" in rows.column_names else None
    failures = []
    for case in cases.sort(["index", "column", "check"]).to_dicts():
        value = case["failure_case"]
        text = None if value is None else str(value)[:_MAX_VALUE_CHARS]
        line_no = line_nos[case["index"]] if line_nos is not None else None
        failures.append(RowFailure(table, str(case["column"]), str(case["check"]), text, line_no))
    return failures


def row_failures(tables: Mapping[str, pa.Table]) -> list[RowFailure]:
    """Row-level contract failures of one document's tables (column types and presence are
    left to the corpus-wide checks, which block the release)."""
    return [failure for name in DOCUMENT_TABLES if name in tables for failure in _failures_of(name, tables[name])]


def _withheld_document(documents: pa.Table, failures: list[RowFailure], keep_counts: bool) -> pa.Table:
    rows = documents.to_pylist()
    for row in rows:
        row["status"] = "rejected"
        if not keep_counts:
            row.update(kind="unknown", title=None, author=None, publisher=None, edition=None, published=None,
                       line_count=0, nonblank_line_count=0)
    return pa.Table.from_pylist(rows, schema=documents.schema)


def withhold(tables: Mapping[str, pa.Table], failures: list[RowFailure]) -> dict[str, pa.Table]:
    """The document's tables once quarantined: its ``documents`` row (status ``rejected``) and
    its ``rejects`` (each failure with table, column, check and offending value, and every
    withheld line with its text, so no input line is lost); every other table empty."""
    documents = tables["documents"]
    document_valid = not any(f.table == "documents" for f in failures)
    identity = documents.select(["document_id", "path"]).to_pylist()[:1]
    document_id, path = (identity[0]["document_id"], identity[0]["path"]) if identity else (None, None)
    summary = failures[0].describe() if failures else "no failure"
    reject_rows = tables["rejects"].to_pylist()
    reject_rows += [
        {"document_id": document_id, "path": path, "line_no": None, "raw": failure.value,
         "reason": f"quarantined_row: {failure.describe()}"}
        for failure in failures
    ]
    if document_valid:
        reject_rows += [
            {"document_id": line["document_id"], "path": path, "line_no": line["line_no"], "raw": line["text"],
             "reason": f"quarantined_document: line withheld because {summary}"}
            for line in tables["document_lines"].select(["document_id", "line_no", "text"]).to_pylist()
        ]
    withheld = {name: table.schema.empty_table() for name, table in tables.items()}
    withheld["documents"] = _withheld_document(documents, failures, keep_counts=document_valid)
    withheld["rejects"] = pa.Table.from_pylist(reject_rows, schema=tables["rejects"].schema)
    return withheld


def empty_document_tables() -> dict[str, pa.Table]:
    """The tables of a document that contributes nothing (its entry disappeared)."""
    return {name: arrow_schema(name, without=later).empty_table() for name, later in DOCUMENT_TABLES.items()}
