"""Find input files and turn each into rows of the parse tables, one document at a time.

Why a cache: parsing is per document and depends only on the file's bytes and the parser
code, so a corpus of thousands of files re-parses only what changed. Why crash isolation:
one bad document (or a parser bug it triggers) must never stop the others being published.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.code_version import code_version_of
from pipeline.common.table_folder import TABLE_SUFFIX, read_table
from pipeline.identity import assign_fresh_ids
from pipeline.ids import document_id_for_path
from pipeline.parsing import parse_document
from pipeline.parsing.discovery import DiscoveryPolicy, Problem, discover
from pipeline.parsing.errors import crash_reason
from schemas import arrow_schema

PARSE_TABLES: dict[str, tuple[str, ...]] = {
    "documents": (),
    "document_lines": ("line_id",),
    "sources": (),
    "facts": ("cluster_id",),
    "perspectives": (),
    "citations": (),
    "parse_issues": (),
    "rejects": (),
}
"""Tables the parser emits, with the columns a later stage fills in."""

FRESH_ID_TABLES = ("document_lines", "sources", "facts", "perspectives", "citations")
"""Parse tables whose rows get content-derived IDs (``pipeline.identity``) once the corpus is read."""

_BATCH_ROWS = 50_000


@dataclass(frozen=True)
class InputFile:
    """One input entry as found on disk: a file to parse, or (``problem``) a reason it is not read."""

    path: Path
    display_path: str
    """The input folder's name and the path within it, as rows and the manifest show it."""
    sha256: str | None
    size_bytes: int | None
    problem: Problem | None = None
    """Why the entry is not read (None: a file to parse)."""

    @property
    def corpus_path(self) -> str:
        """Path relative to the input folder: what a document's identity is derived from."""
        return self.display_path.split("/", 1)[1] if "/" in self.display_path else self.display_path

    @property
    def document_id(self) -> str:
        """The document's stable ID, derived from its path below the input folder."""
        return document_id_for_path(self.corpus_path)


def scan_inputs(seeds_dir: Path, policy: DiscoveryPolicy = DiscoveryPolicy()) -> list[InputFile]:
    """Every entry below ``seeds_dir`` in path order (see pipeline.parsing.discovery)."""
    return [
        InputFile(
            path=entry.path,
            display_path=f"{seeds_dir.name}/{entry.relative}",
            sha256=entry.sha256,
            size_bytes=entry.size_bytes,
            problem=entry.problem,
        )
        for entry in discover(seeds_dir, policy)
    ]


def parse_table_schema(table: str) -> pa.Schema:
    """The Arrow schema of a parse table, without the columns later stages fill in."""
    return arrow_schema(table, without=PARSE_TABLES[table])


class _TableWriters:
    """Batches rows per table into Arrow IPC files (``common.table_folder``'s format) so memory
    stays bounded for huge documents."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.buffers: dict[str, list[Mapping[str, object]]] = {name: [] for name in PARSE_TABLES}
        self.writers: dict[str, tuple[pa.NativeFile, pa.ipc.RecordBatchFileWriter]] = {}

    def add(self, table: str, row: Mapping[str, object]) -> None:
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= _BATCH_ROWS:
            self._flush(table)

    def _flush(self, table: str) -> None:
        schema = parse_table_schema(table)
        if table not in self.writers:
            sink = pa.OSFile(str(self.directory / f"{table}{TABLE_SUFFIX}"), "wb")
            self.writers[table] = (sink, pa.ipc.new_file(sink, schema))
        self.writers[table][1].write_table(pa.Table.from_pylist(self.buffers[table], schema=schema))
        self.buffers[table] = []

    def close(self) -> None:
        for table in PARSE_TABLES:
            self._flush(table)
            sink, writer = self.writers.pop(table)
            writer.close()
            sink.close()

    def abandon(self) -> None:
        """Drop everything written so far (the document crashed half-way)."""
        for sink, writer in self.writers.values():
            writer.close()
            sink.close()
        self.writers.clear()
        self.buffers = {name: [] for name in PARSE_TABLES}
        for file in self.directory.glob(f"*{TABLE_SUFFIX}"):
            file.unlink()


def _document_row(item: InputFile, status: str) -> dict:
    """The ``documents`` row of an entry that yields nothing else (crashed, skipped, unreadable)."""
    return {
        "document_id": item.document_id,
        "path": item.display_path,
        "sha256": item.sha256,
        "size_bytes": item.size_bytes,
        "kind": "unknown",
        "title": None,
        "author": None,
        "publisher": None,
        "edition": None,
        "published": None,
        "line_count": 0,
        "nonblank_line_count": 0,
        "status": status,
    }


def _crash_rows(item: InputFile, error: BaseException) -> Iterator[tuple[str, dict]]:
    """What a document that crashed the parser contributes: itself, rejected, with the reason."""
    yield "documents", _document_row(item, "rejected")
    yield "rejects", _reject_row(item, crash_reason(error))


def _reject_row(item: InputFile, reason: str) -> dict:
    return {"document_id": item.document_id, "path": item.display_path, "line_no": None, "reason": reason, "raw": None}


def entry_rows(item: InputFile) -> Iterator[tuple[str, dict]]:
    """The rows of an entry that is not read: its document (skipped or rejected) and the reason."""
    assert item.problem is not None
    problem = item.problem
    yield "documents", _document_row(item, "skipped" if problem.skipped else "rejected")
    yield "rejects", _reject_row(item, f"{problem.code} ({item.display_path}): {problem.detail}")


def _parse_into(item: InputFile, directory: Path) -> None:
    """Parse one document into ``directory``; on a parser crash record the document as rejected."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    writers = _TableWriters(directory)
    try:
        for table, row in parse_document(item.path, display_path=item.display_path, document_id=item.document_id):
            writers.add(table, row)
        writers.close()
    except Exception as error:  # noqa: BLE001 - isolation boundary: any parser failure (or unstorable row) is data
        writers.abandon()
        for table, row in _crash_rows(item, error):
            writers.add(table, row)
        writers.close()
    (directory / "_COMPLETE").touch()


def parser_version() -> str:
    """The version of the parsing code and contracts: part of every parse-cache key."""
    return code_version_of("pipeline/parsing", "pipeline/text", "pipeline/ids.py", "schemas")


def parse_entry(item: InputFile, cache_dir: Path, version: str | None = None) -> dict[str, pa.Table]:
    """The parse tables of one input entry, with fresh IDs: what a per-document partition holds.

    Parsed documents are cached under (parser code version, file sha256, display path,
    document ID): the path is part of the key because rows carry the path. A parser crash is
    recorded as the document being rejected with the reason (never raised).
    """
    if item.problem is not None:
        rows: dict[str, list[dict]] = {name: [] for name in PARSE_TABLES}
        for table, row in entry_rows(item):
            rows[table].append(row)
        tables = {name: pa.Table.from_pylist(rows[name], schema=parse_table_schema(name)) for name in PARSE_TABLES}
    else:
        version = version or parser_version()
        key = hashlib.sha256(
            f"{version}\x1f{item.sha256}\x1f{item.display_path}\x1f{item.document_id}".encode()
        ).hexdigest()[:24]
        directory = cache_dir / "parsed" / key
        if not (directory / "_COMPLETE").exists():
            _parse_into(item, directory)
        tables = {name: read_table(directory / f"{name}{TABLE_SUFFIX}") for name in PARSE_TABLES}
    return dict(assign_fresh_ids(tables, FRESH_ID_TABLES))


def concat_parse_tables(parts: Iterable[Mapping[str, pa.Table]]) -> dict[str, pa.Table]:
    """Per-document parse tables concatenated in the given order (one table per name)."""
    collected: dict[str, list[pa.Table]] = {name: [] for name in PARSE_TABLES}
    for part in parts:
        for name in PARSE_TABLES:
            collected[name].append(part[name])
    return {
        name: pa.concat_tables(tables) if tables else parse_table_schema(name).empty_table()
        for name, tables in collected.items()
    }


def parse_corpus(inputs: Iterable[InputFile], cache_dir: Path) -> dict[str, pa.Table]:
    """Parse every input (re-using cached per-document results) and concatenate the tables.

    Row IDs are content-derived within each document (``pipeline.identity``), so parsing
    document by document gives the same rows as parsing the corpus at once.
    """
    version = parser_version()
    return concat_parse_tables(parse_entry(item, cache_dir, version) for item in inputs)
