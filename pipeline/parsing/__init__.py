"""Document parsing: files in, rows of the parse tables out (no Dagster here).

``parse_document(path, display_path=...)`` streams ``(table, row)`` pairs for "documents",
"document_lines", "sources", "facts" (without ``cluster_id``), "perspectives", "citations",
"parse_issues" and "rejects". Every non-blank input line yields exactly one ``document_lines``
row or one ``rejects`` row; a file that cannot be read as text yields one file-level reject.
"""

from pipeline.parsing.document import parse_document

__all__ = ["parse_document"]
