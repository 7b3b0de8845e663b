"""Fault isolation: a document whose rows break the table contracts is quarantined, not published.

``row_failures`` validates one document's tables against the pandera contracts (``schemas``)
and returns the row-level failures; ``withhold`` replaces the document's rows by its
``documents`` row (status ``rejected``) and ``rejects`` rows that say why, so the release goes
on with every other document. Schema-level failures (a column missing or of the wrong type)
are not one document's fault: the blocking corpus-wide checks stop the release for those.
"""

from pipeline.quarantine.validate import DOCUMENT_TABLES, RowFailure, row_failures, withhold

__all__ = ["DOCUMENT_TABLES", "RowFailure", "row_failures", "withhold"]
