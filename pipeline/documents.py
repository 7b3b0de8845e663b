"""One document's contribution to the dataset: what a per-document partition holds.

Parse the entry (cached, crash-isolated: ``pipeline.parsing.corpus``), extract its references
and citations (``pipeline.references``), give every row its content-derived ID
(``pipeline.identity``) and validate the rows against the contracts; a document that fails is
quarantined (``pipeline.quarantine``). Everything here depends on the one document only, so a
corpus of thousands re-does only the documents that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa

from pipeline.code_version import code_version_of
from pipeline.common.parallel import ordered_map
from pipeline.common.table_folder import read_table_folder, write_table_folder
from pipeline.identity import assign_fresh_ids
from pipeline.parsing.corpus import InputFile, parse_entry, parser_version
from pipeline.parsing.errors import is_crash_reason
from pipeline.quarantine import DOCUMENT_TABLES, RowFailure, row_failures, withhold
from pipeline.quarantine.validate import empty_document_tables, suspect_documents
from pipeline.references.reference_tables import document_reference_tables

PARALLEL_FROM = 16
"""Entries from which a batch is parsed on every core: below it, starting workers costs more than it saves."""


@dataclass(frozen=True)
class DocumentTables:
    """The rows one document contributes (withheld ones removed) and why it was quarantined, if it was."""

    document_id: str
    tables: dict[str, pa.Table]
    failures: tuple[RowFailure, ...] = field(default=())
    crash: str | None = None
    """The reason the parser crashed on this document (it is then rejected as a whole)."""

    @property
    def quarantined(self) -> bool:
        """True when the document's rows are withheld from the release."""
        return bool(self.failures) or self.crash is not None

    def reasons(self) -> list[str]:
        """Why the document is quarantined, one line per failure."""
        return ([self.crash] if self.crash else []) + [failure.describe() for failure in self.failures]

    def row_counts(self) -> dict[str, int]:
        """Rows per table of this document."""
        return {name: table.num_rows for name, table in self.tables.items()}


def document_version() -> str:
    """The version of everything that shapes one document's rows: part of every document-cache key."""
    return code_version_of(
        "pipeline/parsing", "pipeline/references", "pipeline/identity", "pipeline/text", "pipeline/common",
        "pipeline/ids.py", "pipeline/documents.py", "schemas",
    )


def _unvalidated(item: InputFile, cache_dir: Path, version: str | None) -> tuple[dict[str, pa.Table], str | None]:
    """Every table row of one entry with its final IDs, and the crash reason if the parser crashed.

    Cached per (code version, file content, path, document ID): a rebuild of a corpus where few
    documents changed reads the others' rows instead of parsing and extracting references again.
    """
    if item.problem is not None:
        return _crash_reason(_extract(item, cache_dir, version))
    key = hashlib.sha256(
        f"{document_version()}\x1f{item.sha256}\x1f{item.display_path}\x1f{item.document_id}".encode()
    ).hexdigest()[:24]
    folder = cache_dir / "documents" / key
    stored = read_table_folder(folder, DOCUMENT_TABLES)
    if stored is not None:
        return _crash_reason(stored[0])
    tables = _extract(item, cache_dir, version)
    write_table_folder(folder, tables)
    return _crash_reason(tables)


def _crash_reason(tables: dict[str, pa.Table]) -> tuple[dict[str, pa.Table], str | None]:
    crashes = [reason for reason in tables["rejects"].column("reason").to_pylist() if is_crash_reason(reason)]
    return tables, (crashes[0] if crashes else None)


def _extract(item: InputFile, cache_dir: Path, version: str | None) -> dict[str, pa.Table]:
    """Parse one entry, extract its references and citations, and give every row its fresh ID."""
    parsed = parse_entry(item, cache_dir, version)
    tables = {
        "documents": parsed["documents"],
        "document_lines": parsed["document_lines"],
        "sources": parsed["sources"],
        "facts": parsed["facts"],
        "perspectives": parsed["perspectives"],
        "parse_issues": parsed["parse_issues"],
        "rejects": parsed["rejects"],
    }
    extracted = document_reference_tables(parsed["document_lines"], parsed["facts"], parsed["perspectives"],
                                          parsed["documents"])
    tables["references"] = extracted["references"].drop_columns(["work_id"])
    citations, issues = parsed["citations"], parsed["parse_issues"]
    tables["citations"] = pa.concat_tables([citations, extracted["citations"].cast(citations.schema)])
    tables["parse_issues"] = pa.concat_tables([issues, extracted["issues"].cast(issues.schema)])
    tables = dict(assign_fresh_ids(tables, ["references", "citations"]))
    return {name: tables[name] for name in DOCUMENT_TABLES}


def _validated(document_id: str, tables: dict[str, pa.Table], crash: str | None) -> DocumentTables:
    failures = row_failures(tables)
    if failures:
        tables = withhold(tables, failures)
    return DocumentTables(document_id, tables, tuple(failures), crash)


def document_tables(item: InputFile, cache_dir: Path, version: str | None = None) -> DocumentTables:
    """Every table row of one input entry, validated; quarantined when a row breaks a contract."""
    return _validated(item.document_id, *_unvalidated(item, cache_dir, version))


def many_document_tables(
    items: Sequence[InputFile], cache_dir: Path, on_parsed: Callable[[int, int], None] | None = None
) -> list[DocumentTables]:
    """``document_tables`` of every entry, validating the batch at once and only suspects alone;
    ``on_parsed(done, total)`` is called after each entry (for progress reports)."""
    version = parser_version()
    built = []
    parse = partial(_unvalidated, cache_dir=cache_dir, version=version)
    parsed = ordered_map(parse, items, min_items=PARALLEL_FROM, preload=["pipeline.documents"])
    for done, (item, (tables, crash)) in enumerate(zip(items, parsed), start=1):
        built.append((item.document_id, tables, crash))
        if on_parsed is not None:
            on_parsed(done, len(items))
    suspects = suspect_documents(concat_documents(tables for _, tables, _ in built))
    return [
        _validated(document_id, tables, crash) if document_id in suspects
        else DocumentTables(document_id, tables, (), crash)
        for document_id, tables, crash in built
    ]


def absent_document(document_id: str) -> DocumentTables:
    """A partition whose entry is gone from the input folder: it contributes no rows."""
    return DocumentTables(document_id, empty_document_tables())


def corpus_order(document_ids: Iterable[str], input_order: Sequence[str]) -> list[str]:
    """``document_ids`` in input-folder order (as the stages downstream expect rows), any others after, sorted."""
    position = {document_id: index for index, document_id in enumerate(input_order)}
    return sorted(document_ids, key=lambda key: (position.get(key, len(position)), key))


def concat_documents(parts: Iterable[Mapping[str, pa.Table]]) -> dict[str, pa.Table]:
    """Per-document tables concatenated, one table per name (``parts`` in corpus order)."""
    collected: dict[str, list[pa.Table]] = {name: [] for name in DOCUMENT_TABLES}
    for part in parts:
        for name in DOCUMENT_TABLES:
            collected[name].append(part[name])
    empty = empty_document_tables()
    return {name: pa.concat_tables(tables) if tables else empty[name] for name, tables in collected.items()}
