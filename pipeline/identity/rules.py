"""What each kind of ID is derived from: one table of identity rules for every stage."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowIdentity:
    """Rows of ``table`` are identified by ``id_column``: prefix + hash of (document, content, n).

    ``content`` are the columns whose values say what the row *is*; ``n`` counts earlier rows
    of the same document with the same content, so identical rows still get distinct IDs. The
    line number only orders the rows: it is a position, not part of an identity.
    """

    table: str
    id_column: str
    prefix: str
    content: tuple[str, ...]
    kind: str
    """The name ``id_history`` uses for this kind of ID."""


ROW_IDENTITIES: tuple[RowIdentity, ...] = (
    RowIdentity("document_lines", "line_id", "lin", ("text",), "line"),
    RowIdentity("sources", "source_id", "src", ("title", "domain", "publisher", "published", "authors"), "source"),
    RowIdentity("facts", "fact_id", "fct", ("fact_type", "text"), "fact"),
    RowIdentity("perspectives", "perspective_id", "per", ("model_id", "stance", "text"), "perspective"),
    RowIdentity("references", "reference_id", "ref", ("origin", "raw_text"), "reference"),
    RowIdentity("citations", "citation_id", "cit", ("context", "kind", "marker", "quoted_text"), "citation"),
)
ROW_IDENTITY = {identity.table: identity for identity in ROW_IDENTITIES}


@dataclass(frozen=True)
class GroupIdentity:
    """Groups of rows (clusters of facts, works of references) that keep their ID across releases.

    ``member_table.member_column`` -> ``member_table.group_column`` says which group each member
    is in; ``table.id_column`` lists the groups.
    """

    table: str
    id_column: str
    prefix: str
    member_table: str
    member_column: str
    kind: str


GROUP_IDENTITIES: tuple[GroupIdentity, ...] = (
    GroupIdentity("fact_clusters", "cluster_id", "clu", "facts", "fact_id", "cluster"),
    GroupIdentity("works", "work_id", "wrk", "references", "reference_id", "work"),
)
GROUP_IDENTITY = {identity.table: identity for identity in GROUP_IDENTITIES}

EDIT_SIMILARITY = 0.6
"""A row whose content changed keeps its ID when it stands where the old row stood (between the
same unchanged neighbours) and its text is at least this similar (normalized Indel similarity)
to the old one; below that it is a different row that replaced the old one."""

FIRST_RELEASE = "first_release"
"""Column of ``fact_clusters`` and ``works``: the release that first published the ID (null
until the release that publishes it fills it in)."""
