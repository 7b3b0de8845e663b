"""Turn clusters into the published Arrow tables (schemas from ``schemas.arrow_schema``).

Why the representative is the largest exact group's first fact: the wording stated most
often is the most typical one, and "first" by fact_id makes the choice independent of
input order; the cluster_id derives from the smallest member fact_id for the same reason.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

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


@dataclass
class ConflictRows:
    """Conflicting pairs (fact or exemplar indices), column by column.

    Why columns: a large corpus yields millions of look-alike conflicts; as tuples they cost
    ~220 bytes each, as typed arrays plus shared detail strings ~30.
    """

    a: array = field(default_factory=lambda: array("q"))
    b: array = field(default_factory=lambda: array("q"))
    reason: list[str] = field(default_factory=list)
    detail: list[str] = field(default_factory=list)
    score: array = field(default_factory=lambda: array("d"))
    _shared: dict[str, str] = field(default_factory=dict, repr=False)

    def append(self, a: int, b: int, reason: str, detail: str, score: float) -> None:
        self.a.append(a)
        self.b.append(b)
        self.reason.append(reason)
        self.detail.append(self._shared.setdefault(detail, detail))
        self.score.append(score)

    def __len__(self) -> int:
        return len(self.a)

    def pairs(self) -> zip:
        return zip(self.a, self.b)

    def remapped(self, index: list[int]) -> ConflictRows:
        """The same rows with ``a``/``b`` replaced by ``index[a]``/``index[b]`` (exemplar -> fact)."""
        lookup = np.asarray(index, dtype=np.int64)
        return ConflictRows(
            array("q", lookup[np.frombuffer(self.a, dtype=np.int64)].tobytes()) if self.a else array("q"),
            array("q", lookup[np.frombuffer(self.b, dtype=np.int64)].tobytes()) if self.b else array("q"),
            self.reason, self.detail, self.score,
        )


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
    conflicts: ConflictRows,
) -> DedupResult:
    """``clusters`` lists members with the representative first; ``conflicts`` holds fact indices."""
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
    cluster_rows["first_release"] = [None] * len(cluster_rows["cluster_id"])  # filled in when published
    clusters_table = pa.table(cluster_rows, schema=arrow_schema("fact_clusters")).sort_by("cluster_id")
    members_table = pa.table(member_rows, schema=arrow_schema("fact_cluster_members")).sort_by(
        [("cluster_id", "ascending"), ("fact_id", "ascending")]
    )
    conflicts_table = _conflicts_table(fact_ids, conflicts)
    assignments = members_table.select(["fact_id", "cluster_id"]).sort_by("fact_id")
    return DedupResult(assignments, clusters_table, members_table, conflicts_table)


def _conflicts_table(fact_ids: list[str], conflicts: ConflictRows) -> pa.Table:
    """One row per conflicting pair, smaller fact_id first, sorted by (fact_id_a, fact_id_b)."""
    schema = arrow_schema("fact_conflicts")
    if not len(conflicts):
        return schema.empty_table()
    ids = pa.array(fact_ids, pa.large_string())
    rank = np.empty(len(fact_ids), dtype=np.int64)
    rank[pc.sort_indices(ids).to_numpy()] = np.arange(len(fact_ids))
    a, b = np.frombuffer(conflicts.a, dtype=np.int64), np.frombuffer(conflicts.b, dtype=np.int64)
    swap = rank[a] > rank[b]
    first, second = np.where(swap, b, a), np.where(swap, a, b)
    table = pa.table(
        [ids.take(first), ids.take(second), pa.array(conflicts.reason, pa.large_string()),
         pa.array(conflicts.detail, pa.large_string()), pa.array(np.frombuffer(conflicts.score, dtype=np.float64))],
        schema=schema,
    )
    return table.sort_by([("fact_id_a", "ascending"), ("fact_id_b", "ascending")])
