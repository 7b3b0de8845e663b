"""Row builders shared by the parsers, so every row has exactly its table's columns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypedDict

Row = tuple[str, Mapping[str, object]]
"""(table name, row): what every parser yields."""


class DocumentLineRow(TypedDict):
    """A ``document_lines`` row (``line_id`` is given later, by ``pipeline.identity``)."""

    document_id: str
    line_no: int
    role: str
    text: str


class RejectRow(TypedDict):
    """A ``rejects`` row: an input line (or a whole file, ``line_no`` None) that was not parsed."""

    document_id: str
    path: str
    line_no: int | None
    reason: str
    raw: str | None


class ParseIssueRow(TypedDict):
    """A ``parse_issues`` row: a warning about a parsed row."""

    document_id: str
    path: str
    line_no: int | None
    severity: str
    code: str
    message: str


class FactRow(TypedDict):
    """A ``facts`` row as the parser writes it (``cluster_id`` is filled by dedup)."""

    fact_id: str
    document_id: str
    source_id: str | None
    fact_type: str
    text: str
    line_no: int
    section: str | None


class DocumentRow(TypedDict):
    """The ``documents`` row of one input entry."""

    document_id: str
    path: str
    sha256: str | None
    size_bytes: int | None
    kind: str
    title: str | None
    author: str | None
    publisher: str | None
    edition: str | None
    published: str | None
    line_count: int
    nonblank_line_count: int
    status: str

LINE_ROLES = (
    # concept pages
    "concept_name", "metadata", "synthesis", "section_header", "perspective_header", "perspective",
    "source_header", "fact",
    # prose documents
    "title", "byline", "heading", "content", "reference_entry", "boilerplate",
)
"""Every role a parser gives a line (``document_lines.role``; the schema's allowed values)."""

ISSUE_CODES = (
    "encoding_detected", "invalid_encoding", "truncated_page", "citation_buffer_full", "implausible_value",
    "perspective_without_header", "unknown_fact_type", "source_fact_count_mismatch", "facts_count_mismatch",
    "model_perspectives_count_mismatch", "perspectives_count_mismatch", "unresolved_citation", "ambiguous_citation",
)
"""Every ``parse_issues.code`` the parsers emit (the schema's allowed values)."""


@dataclass(frozen=True)
class DocumentRef:
    """The identity every row of one document carries."""

    document_id: str
    path: str

    def line(self, line_no: int, role: str, text: str) -> Row:
        """A ``document_lines`` row."""
        if role not in LINE_ROLES:
            raise ValueError(f"line role {role!r} is not in LINE_ROLES")
        return "document_lines", DocumentLineRow(document_id=self.document_id, line_no=line_no, role=role, text=text)

    def reject(self, line_no: int | None, code: str, detail: str, raw: str | None) -> Row:
        """``reason`` = "<code> (<path>[:<line>]): <detail>"; the code groups rejects by cause."""
        reason = f"{code} ({self._where(line_no)}): {detail}"
        return "rejects", RejectRow(
            document_id=self.document_id, path=self.path, line_no=line_no, reason=reason, raw=raw
        )

    def issue(self, line_no: int | None, code: str, message: str, *, severity: str = "warning") -> Row:
        """A ``parse_issues`` row."""
        if code not in ISSUE_CODES:
            raise ValueError(f"issue code {code!r} is not in ISSUE_CODES")
        return "parse_issues", ParseIssueRow(
            document_id=self.document_id, path=self.path, line_no=line_no, severity=severity, code=code,
            message=f"{self._where(line_no)}: {message}",
        )

    def _where(self, line_no: int | None) -> str:
        return f"{self.path}:{line_no}" if line_no is not None else self.path

    def fact(self, *, fact_id: str, source_id: str | None, fact_type: str, text: str, line_no: int,
             section: str | None) -> Row:
        """A ``facts`` row (``cluster_id`` is filled by dedup)."""
        return "facts", FactRow(
            fact_id=fact_id, document_id=self.document_id, source_id=source_id, fact_type=fact_type, text=text,
            line_no=line_no, section=section,
        )


@dataclass
class DocumentSummary:
    """The fields of the one ``documents`` row, filled in while the lines stream by."""

    kind: str = "unknown"
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    edition: str | None = None
    published: str | None = None
    line_count: int = 0
    nonblank_line_count: int = 0
    status: str = "parsed"

    def row(self, ref: DocumentRef, *, sha256: str | None, size_bytes: int | None) -> Row:
        """The ``documents`` row of a parsed document."""
        return "documents", DocumentRow(
            document_id=ref.document_id, path=ref.path, sha256=sha256, size_bytes=size_bytes, kind=self.kind,
            title=self.title, author=self.author, publisher=self.publisher, edition=self.edition,
            published=self.published, line_count=self.line_count, nonblank_line_count=self.nonblank_line_count,
            status=self.status,
        )

