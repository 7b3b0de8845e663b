"""The references, works and citations tables built from document lines and facts."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from pipeline.ids import stable_id
from pipeline.references.fields import Author, CslRecord, Implausible, drop_implausible
from pipeline.references.formatted import LABEL_RE
from pipeline.references.in_text_citations import find_citations
from pipeline.references.linking import ListEntry, resolve
from pipeline.references.narrative import parse_narrative
from pipeline.references.parse import bare_identifier, parse_reference_checked
from pipeline.references.works import build_works
from pipeline.text.normalize import fold
from pipeline.text.sentences import split_sentences
from schemas import arrow_schema

NOT_PROSE = {"boilerplate", "reference_entry"}
CONTEXT_OF_ROLE = {"synthesis": "synthesis", "perspective": "perspective", "fact": "fact"}
_CLAUSE_RE = re.compile(r",\s+(?:while|whereas|and)\s+(?=[A-Z])|;\s+")


def _identifies_a_work(record: CslRecord) -> bool:
    return any(record[field] for field in ("authors", "title", "container_title", "doi", "url"))


def _confident_mention(record: CslRecord) -> bool:
    """Prose outside reference facts counts only with names, a year and a title or journal."""
    return bool(record["authors"] and record["year"] and (record["title"] or record["container_title"]))


def _mention_clauses(text: str) -> list[str]:
    return [clause for sentence in split_sentences(text) for clause in _CLAUSE_RE.split(sentence) if clause.strip()]


def _arrow_authors(authors: Sequence[Author] | Sequence[dict] | None) -> list[dict] | None:
    """Authors as the table's structs: every struct has family, given and literal (None where absent)."""
    structs = [{"family": a.get("family"), "given": a.get("given"), "literal": a.get("literal")} for a in authors or []]
    return structs or None


def _reference_row(
    document_id: str, line_no: int, ordinal: int, origin: str, raw: str, fact_id: str | None, record: CslRecord,
    found: list[Implausible] | None = None,
) -> dict:
    found = [*(found or []), *drop_implausible(record)]
    return {
        "reference_id": stable_id("ref", document_id, line_no, ordinal),
        "document_id": document_id,
        "origin": origin,
        "raw_text": raw,
        "line_no": line_no,
        "fact_id": fact_id,
        **record,
        "authors": _arrow_authors(record["authors"]),
        "implausible": found,
    }


def _issue_rows(references: list[dict], paths: dict[str, str]) -> list[dict]:
    """A parse issue for every value dropped as implausible, with its raw text (nothing is lost)."""
    rows = []
    for row in references:
        for found in row.pop("implausible"):
            path = paths.get(row["document_id"], row["document_id"])
            rows.append({
                "document_id": row["document_id"],
                "path": path,
                "line_no": row["line_no"],
                "severity": "warning",
                "code": "implausible_value",
                "message": f"{path}:{row['line_no']}: reference {found.field} {found.raw!r} is implausible "
                           f"({found.reason}): stored as null",
            })
    return rows


def _list_references(lines: list[dict]) -> list[dict]:
    rows = []
    for line in lines:
        if line["role"] != "reference_entry":
            continue
        identifier = bare_identifier(line["text"])
        record, found = (identifier, []) if identifier else parse_reference_checked(line["text"])
        origin = "identifier" if identifier else "reference_list"
        rows.append(_reference_row(line["document_id"], line["line_no"], 0, origin, line["text"], None, record, found))
    return rows


def _narrative_references(facts: list[dict], perspective_lines: list[dict]) -> list[dict]:
    rows = []
    ordinals: Counter[tuple[str, int]] = Counter()
    for fact in facts:
        is_reference = fact["fact_type"] == "reference"
        record, found = parse_reference_checked(fact["text"]) if is_reference else (parse_narrative(fact["text"]), [])
        if (is_reference and _identifies_a_work(record)) or _confident_mention(record):
            key = (fact["document_id"], fact["line_no"])
            rows.append(_reference_row(*key, ordinals[key], "narrative", fact["text"], fact["fact_id"], record, found))
            ordinals[key] += 1
    for line in perspective_lines:
        for clause in _mention_clauses(line["text"]):
            record = parse_narrative(clause)
            if _confident_mention(record):
                key = (line["document_id"], line["line_no"])
                rows.append(_reference_row(*key, ordinals[key], "narrative", clause.strip(), None, record))
                ordinals[key] += 1
    return rows


def _list_entries(rows: list[dict]) -> dict[str, list[ListEntry]]:
    entries: dict[str, list[ListEntry]] = {}
    for row in rows:
        if row["origin"] not in ("reference_list", "identifier"):
            continue
        label = LABEL_RE.match(row["raw_text"])
        number = int(label["bracket"] or label["dotted"]) if label else None
        authors = tuple(fold(a["family"] or a["literal"]) for a in row["authors"] or [])
        entry = ListEntry(row["reference_id"], number, authors, row["year"], row["title"])
        entries.setdefault(row["document_id"], []).append(entry)
    return entries


def _perspective_ids(lines: list[dict], perspective_at: dict[tuple[str, int], str]) -> dict[tuple[str, int], str]:
    """(document_id, line_no) of each perspective text line -> its perspective's ID.

    ``perspective_at``: (document_id, header line_no) -> perspective_id, from the perspectives
    table; a perspective's header line precedes its text lines.
    """
    owners: dict[tuple[str, int], str] = {}
    header: tuple[str, int] | None = None
    for line in lines:
        if line["role"] == "perspective_header":
            header = (line["document_id"], line["line_no"])
        elif line["role"] == "perspective" and header is not None and header[0] == line["document_id"]:
            if header in perspective_at:
                owners[(line["document_id"], line["line_no"])] = perspective_at[header]
    return owners


def _citation_rows(
    lines: list[dict], entries: dict[str, list[ListEntry]], perspective_at: dict[tuple[str, int], str]
) -> list[dict]:
    rows = []
    perspective_of = _perspective_ids(lines, perspective_at)
    for line in lines:
        if line["role"] in NOT_PROSE:
            continue
        starts: Counter[int] = Counter()
        for citation in find_citations(line["text"]):
            index = starts[citation.start]
            starts[citation.start] += 1
            id_parts = (line["document_id"], line["line_no"], citation.kind, citation.start, index)
            outcome = resolve(citation, entries.get(line["document_id"], []))
            rows.append({
                "citation_id": stable_id("cit", *id_parts),
                "document_id": line["document_id"],
                "line_no": line["line_no"],
                "context": CONTEXT_OF_ROLE.get(line["role"], "prose"),
                "perspective_id": perspective_of.get((line["document_id"], line["line_no"])),
                "kind": citation.kind,
                "marker": citation.marker,
                "fact_number": None,
                "quoted_text": None,
                "target_fact_id": None,
                "target_reference_id": outcome.reference_id,
                "status": outcome.status,
                "reason": outcome.reason,
            })
    return rows


def _sorted_rows(table: pa.Table, keys: list[str]) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda row: tuple(row[k] for k in keys))


def document_reference_tables(
    document_lines: pa.Table, facts: pa.Table, perspectives: pa.Table | None = None, documents: pa.Table | None = None
) -> dict[str, pa.Table]:
    """References (``work_id`` still null), citations and issues (implausible values, as
    ``parse_issues`` rows; ``documents`` gives their paths), with the published Arrow schemas
    and a stable row order.

    Everything here depends only on the rows of one document, so it can run per document;
    merging mentions into works (``merge_works``) is the corpus-wide part. Row IDs are
    provisional (unique within the build); the caller gives them their content-derived IDs
    (``pipeline.identity``) before anything refers to them across stages.
    """
    perspective_at = (
        {
            (row["document_id"], row["line_no"]): row["perspective_id"]
            for row in perspectives.select(["document_id", "line_no", "perspective_id"]).to_pylist()
        }
        if perspectives is not None
        else {}
    )
    lines = _sorted_rows(document_lines.select(["document_id", "line_no", "role", "text"]), ["document_id", "line_no"])
    fact_rows = _sorted_rows(
        facts.select(["fact_id", "document_id", "fact_type", "text", "line_no"]), ["document_id", "line_no", "fact_id"]
    )
    perspective_lines = [line for line in lines if line["role"] == "perspective"]
    references = _list_references(lines) + _narrative_references(fact_rows, perspective_lines)
    references.sort(key=lambda row: (row["document_id"], row["line_no"]))
    paths = dict(zip(documents["document_id"].to_pylist(), documents["path"].to_pylist())) if documents else {}
    issues = _issue_rows(references, paths)
    for row in references:
        row["work_id"] = None
    citations = _citation_rows(lines, _list_entries(references), perspective_at)
    return {
        "references": pa.Table.from_pylist(references, schema=arrow_schema("references")),
        "citations": pa.Table.from_pylist(citations, schema=arrow_schema("citations")),
        "issues": pa.Table.from_pylist(issues, schema=arrow_schema("parse_issues")),
    }


def merge_works(references: pa.Table, cache_dir: Path | None = None) -> dict[str, pa.Table]:
    """References with their ``work_id`` and the works they merge into (provisional work IDs,
    from the smallest member's reference ID), over every document's mentions at once.
    ``cache_dir``: where comparisons are kept for the next build (the same tables without it)."""
    rows = references.to_pylist()
    work_ids, works = build_works(rows, cache_dir)
    for work in works:
        work["authors"] = _arrow_authors(work["authors"])
    for row, work_id in zip(rows, work_ids):
        row["work_id"] = work_id
    return {
        "references": pa.Table.from_pylist(rows, schema=arrow_schema("references")),
        "works": pa.Table.from_pylist(works, schema=arrow_schema("works")),
    }


def build_reference_tables(
    document_lines: pa.Table, facts: pa.Table, perspectives: pa.Table | None = None, documents: pa.Table | None = None
) -> dict[str, pa.Table]:
    """References (with work_id), works, citations and issues of a whole corpus: the per-document
    part (``document_reference_tables``) followed by the corpus-wide one (``merge_works``)."""
    tables = document_reference_tables(document_lines, facts, perspectives, documents)
    return {**tables, **merge_works(tables["references"])}
