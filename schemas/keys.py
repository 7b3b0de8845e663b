"""Primary and foreign keys of the published tables.

Why here and not in the pandera schemas: pandera checks one table at a time, while keys are
relations between tables. Releases use them to sort rows (deterministic files), to diff two
releases by stable IDs, and to declare the relations in ``datapackage.json``.

Tables without a natural key (``parse_issues``, ``rejects``) are absent from
``PRIMARY_KEYS``: their rows are identified by their whole content.
"""

from __future__ import annotations

from typing import NamedTuple

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("document_id",),
    "document_lines": ("line_id",),
    "sources": ("source_id",),
    "facts": ("fact_id",),
    "fact_clusters": ("cluster_id",),
    "fact_cluster_members": ("fact_id",),
    "fact_conflicts": ("fact_id_a", "fact_id_b"),
    "perspectives": ("perspective_id",),
    "references": ("reference_id",),
    "works": ("work_id",),
    "citations": ("citation_id",),
}


POSITION_COLUMNS: tuple[str, ...] = ("line_no",)
"""Columns that say where a row stands in its document, not what it is: IDs never derive from
them, and a row whose only change is here has *moved* (``pipeline.publish.diff``)."""


class ForeignKey(NamedTuple):
    """``table.column`` refers to ``target_table.target_column`` (null means "no reference")."""

    table: str
    column: str
    target_table: str
    target_column: str


def _refs(table: str, **columns: str) -> list[ForeignKey]:
    """``column="target_table.target_column"`` pairs of one table."""
    return [ForeignKey(table, column, *target.split(".")) for column, target in columns.items()]


FOREIGN_KEYS: list[ForeignKey] = [
    *_refs("document_lines", document_id="documents.document_id"),
    *_refs("sources", document_id="documents.document_id"),
    *_refs(
        "facts",
        document_id="documents.document_id",
        source_id="sources.source_id",
        cluster_id="fact_clusters.cluster_id",
    ),
    *_refs("fact_clusters", representative_fact_id="facts.fact_id"),
    *_refs(
        "fact_cluster_members",
        cluster_id="fact_clusters.cluster_id",
        fact_id="facts.fact_id",
        matched_fact_id="facts.fact_id",
    ),
    *_refs("fact_conflicts", fact_id_a="facts.fact_id", fact_id_b="facts.fact_id"),
    *_refs("perspectives", document_id="documents.document_id"),
    *_refs(
        "references",
        document_id="documents.document_id",
        fact_id="facts.fact_id",
        work_id="works.work_id",
    ),
    *_refs(
        "citations",
        document_id="documents.document_id",
        perspective_id="perspectives.perspective_id",
        target_fact_id="facts.fact_id",
        target_reference_id="references.reference_id",
    ),
    *_refs("parse_issues", document_id="documents.document_id"),
    *_refs("rejects", document_id="documents.document_id"),
]
