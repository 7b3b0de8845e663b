"""Turn clusters into the published Arrow tables (schemas from ``schemas.arrow_schema``).

Why the representative is the largest exact group's first fact: the wording stated most
often is the most typical one, and "first" by fact_id makes the choice independent of
input order; the cluster_id derives from the smallest member fact_id for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from pipeline.ids import stable_id
from schemas import arrow_schema

EXACT_MODEL_ID = "normalize:nfkc+casefold+quotes+dashes+punctuation+whitespace/v1"


@dataclass(frozen=True, slots=True)
class Member:
    """Why one fact belongs to its cluster."""

    fact_index: int
    matched_index: int | None
    method: str
    score: float | None
    threshold: float | None
    model_id: str | None


@dataclass(frozen=True)
class DedupResult:
    """``assignments`` (fact_id, cluster_id) for every input fact plus the three published tables."""

    assignments: pa.Table
    fact_clusters: pa.Table
    fact_cluster_members: pa.Table
    fact_conflicts: pa.Table


def build_tables(
    fact_ids: list[str],
    texts: list[str],
    source_ids: list[str | None],
    document_ids: list[str],
    clusters: list[list[Member]],
    conflicts: list[tuple[int, int, str, str, float]],
) -> DedupResult:
    """``clusters`` lists members with the representative first; ``conflicts`` holds (a, b, reason, detail, score)."""
    cluster_rows = {"cluster_id": [], "representative_fact_id": [], "representative_text": [],
                    "member_count": [], "source_count": [], "document_count": []}
    member_rows = {"cluster_id": [], "fact_id": [], "matched_fact_id": [], "method": [],
                   "score": [], "threshold": [], "model_id": []}
    for members in clusters:
        indices = [m.fact_index for m in members]
        cluster_id = stable_id("clu", min(fact_ids[i] for i in indices))
        representative = members[0].fact_index
        cluster_rows["cluster_id"].append(cluster_id)
        cluster_rows["representative_fact_id"].append(fact_ids[representative])
        cluster_rows["representative_text"].append(texts[representative])
        cluster_rows["member_count"].append(len(indices))
        cluster_rows["source_count"].append(len({source_ids[i] for i in indices} - {None}))
        cluster_rows["document_count"].append(len({document_ids[i] for i in indices}))
        for m in members:
            member_rows["cluster_id"].append(cluster_id)
            member_rows["fact_id"].append(fact_ids[m.fact_index])
            member_rows["matched_fact_id"].append(None if m.matched_index is None else fact_ids[m.matched_index])
            member_rows["method"].append(m.method)
            member_rows["score"].append(m.score)
            member_rows["threshold"].append(m.threshold)
            member_rows["model_id"].append(m.model_id)
    clusters_table = pa.table(cluster_rows, schema=arrow_schema("fact_clusters")).sort_by("cluster_id")
    members_table = pa.table(member_rows, schema=arrow_schema("fact_cluster_members")).sort_by(
        [("cluster_id", "ascending"), ("fact_id", "ascending")]
    )
    conflict_rows = sorted(
        (min(fact_ids[a], fact_ids[b]), max(fact_ids[a], fact_ids[b]), reason, detail, score)
        for a, b, reason, detail, score in conflicts
    )
    conflicts_table = pa.table(
        {name: [row[k] for row in conflict_rows] for k, name in enumerate(arrow_schema("fact_conflicts").names)},
        schema=arrow_schema("fact_conflicts"),
    )
    assignments = members_table.select(["fact_id", "cluster_id"]).sort_by("fact_id")
    return DedupResult(assignments, clusters_table, members_table, conflicts_table)
