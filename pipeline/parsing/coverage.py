"""Per-document coverage: is every non-blank input line accounted for?

A line is accounted for by exactly one ``document_lines`` row or one line-level ``rejects`` row.
``lines_in`` is the number of non-blank lines the reader's own counter found in the raw stream
(not what the parser yielded), so lines that a parser merges or drops show up as a shortfall.
A document with a file-level reject (empty, binary, unreadable, skipped, parser crash) is
accounted for as a whole by that reject, which names the reason.
"""

from __future__ import annotations

from collections import Counter

import pyarrow as pa

COVERAGE_SCHEMA = pa.schema([
    ("document_id", pa.string()),
    ("path", pa.string()),
    ("status", pa.string()),
    ("lines_in", pa.int64()),
    ("lines_accounted", pa.int64()),
    ("document_lines", pa.int64()),
    ("line_rejects", pa.int64()),
    ("file_rejects", pa.int64()),
    ("rejects_by_reason", pa.string()),
    ("coverage_pct", pa.float64()),
])


def reject_code(reason: str) -> str:
    """The cause code a reject reason starts with ("invalid_utf8 (file:3): ...")."""
    return reason.split(" ", 1)[0]


def document_coverage(documents: pa.Table, document_lines: pa.Table, rejects: pa.Table) -> pa.Table:
    """One row per document, in the order of ``documents``."""
    line_counts = Counter(document_lines.column("document_id").to_pylist())
    line_rejects: Counter[str] = Counter()
    file_rejects: Counter[str] = Counter()
    reasons: dict[str, Counter[str]] = {}
    for document_id, line_no, reason in zip(rejects.column("document_id").to_pylist(),
                                            rejects.column("line_no").to_pylist(),
                                            rejects.column("reason").to_pylist()):
        (file_rejects if line_no is None else line_rejects)[document_id] += 1
        reasons.setdefault(document_id, Counter())[reject_code(reason)] += 1
    rows = []
    for document in documents.select(["document_id", "path", "status", "nonblank_line_count"]).to_pylist():
        document_id = document["document_id"]
        lines_in = document["nonblank_line_count"]
        accounted = lines_in if file_rejects[document_id] else line_counts[document_id] + line_rejects[document_id]
        rows.append({
            "document_id": document_id,
            "path": document["path"],
            "status": document["status"],
            "lines_in": lines_in,
            "lines_accounted": accounted,
            "document_lines": line_counts[document_id],
            "line_rejects": line_rejects[document_id],
            "file_rejects": file_rejects[document_id],
            "rejects_by_reason": ", ".join(f"{code}={n}" for code, n in sorted(reasons.get(document_id, {}).items())),
            "coverage_pct": 100.0 * accounted / lines_in if lines_in else 100.0,
        })
    return pa.Table.from_pylist(rows, schema=COVERAGE_SCHEMA)


def format_coverage(coverage: pa.Table) -> str:
    """A plain-text table for the terminal, with a total line."""
    header = f"{'path':<40} {'status':<9} {'lines in':>8} {'accounted':>9} {'coverage':>9}  rejects by reason"
    lines = [header, "-" * len(header)]
    for row in coverage.to_pylist():
        lines.append(f"{row['path']:<40} {row['status']:<9} {row['lines_in']:>8} {row['lines_accounted']:>9} "
                     f"{row['coverage_pct']:>8.1f}%  {row['rejects_by_reason'] or '-'}")
    total_in = sum(coverage.column("lines_in").to_pylist())
    total_accounted = sum(coverage.column("lines_accounted").to_pylist())
    percent = 100.0 * total_accounted / total_in if total_in else 100.0
    lines.append(f"{'total':<40} {'':<9} {total_in:>8} {total_accounted:>9} {percent:>8.1f}%")
    return "\n".join(lines)
