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

from pipeline.dedup.slots import SlotConflict
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
    slots_matched: str | None = None
    """Slots both facts state with the same values (null for representative and exact members)."""
    slots_omitted: str | None = None
    """Slots only one of the two states, which never blocks a merge."""


@dataclass
class ConflictRows:
    """Conflicting pairs (fact or exemplar indices), column by column.

    Why columns: a large corpus yields millions of look-alike conflicts; as tuples they cost
    ~220 bytes each, as typed arrays plus shared detail strings ~30.
    """

    a: array = field(default_factory=lambda: array("q"))
    b: array = field(default_factory=lambda: array("q"))
    slot: list[str] = field(default_factory=list)
    value_a: list[str] = field(default_factory=list)
    value_b: list[str] = field(default_factory=list)
    method: list[str] = field(default_factory=list)
    score: array = field(default_factory=lambda: array("d"))
    _shared: dict[str, str] = field(default_factory=dict, repr=False)

    def append(self, a: int, b: int, conflicts: tuple[SlotConflict, ...], method: str, score: float) -> None:
        """One row for the pair; two differing slots are joined with "; " in every column."""
        share = self._shared.setdefault
        self.a.append(a)
        self.b.append(b)
        self.slot.append(share(s := "; ".join(c.slot for c in conflicts), s))
        self.value_a.append(share(s := "; ".join(c.value_a for c in conflicts), s))
        self.value_b.append(share(s := "; ".join(c.value_b for c in conflicts), s))
        self.method.append(method)
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
            self.slot, self.value_a, self.value_b, self.method, self.score,
        )


@dataclass
class DedupStats:
    """What a run judged, for run metadata: nothing is cut without being counted."""

    facts: int = 0
    exact_groups: int = 0
    too_long: int = 0
    """Texts longer than ``max_compare_chars``: merged only as exact duplicates."""
    near_candidate_pairs: int = 0
    neighbour_pairs: int = 0
    neighbour_pairs_over_pool: int = 0
    """Embedding-neighbour pairs beyond ``paraphrase_pool``: never screened."""
    candidate_pairs: int = 0
    """Distinct pairs with static cosine >= ``paraphrase_candidate``: the pairs screened."""
    look_alike_pairs: int = 0
    confirmed: dict[str, int] = field(default_factory=dict)
    """Merges by method (near, paraphrase)."""
    conflicts: dict[str, int] = field(default_factory=dict)
    """Conflict rows by how the rest of the claim was matched (near, paraphrase)."""
    blocked: dict[str, int] = field(default_factory=dict)
    """Pairs kept apart but not reported, by slot (a pair differing in two slots counts under both)."""
    sent_to_transformer: int = 0
    """Screened reworded pairs the transformer judged."""
    not_judged_budget: int = 0
    """Screened reworded pairs beyond ``transformer_budget``: never judged, left unmerged."""
    transformer_texts: int = 0
    transformer_cached: int = 0
    """Of ``transformer_texts``, those whose reading came from the cache of earlier builds."""
    screened_pairs_cached: int = 0
    """Screened pairs whose verdict came from the cache of earlier builds."""
    reused: bool = False
    """The whole result was read back: an earlier build deduplicated exactly these facts."""

    def count(self, table: dict[str, int], key: str, amount: int = 1) -> None:
        table[key] = table.get(key, 0) + amount

    def as_dict(self) -> dict:
        return {k: (dict(sorted(v.items())) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class DedupResult:
    """``assignments`` (fact_id, cluster_id) for every input fact plus the three published tables."""

    assignments: pa.Table
    fact_clusters: pa.Table
    fact_cluster_members: pa.Table
    fact_conflicts: pa.Table
    stats: DedupStats = field(default_factory=DedupStats)


def build_tables(
    fact_ids: list[str],
    texts: list[str],
    source_ids: list[str | None],
    document_ids: list[str],
    clusters: list[list[Member]],
    conflicts: ConflictRows,
    stats: DedupStats | None = None,
) -> DedupResult:
    """``clusters`` lists members with the representative first; ``conflicts`` holds fact indices."""
    cluster_rows = {"cluster_id": [], "representative_fact_id": [], "representative_text": [],
                    "member_count": [], "source_count": [], "document_count": []}
    member_rows = {"cluster_id": [], "fact_id": [], "matched_fact_id": [], "method": [],
                   "score": [], "threshold": [], "model_id": [], "slots_matched": [], "slots_omitted": []}
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
            member_rows["slots_matched"].append(m.slots_matched)
            member_rows["slots_omitted"].append(m.slots_omitted)
    cluster_rows["first_release"] = [None] * len(cluster_rows["cluster_id"])  # filled in when published
    clusters_table = pa.table(cluster_rows, schema=arrow_schema("fact_clusters")).sort_by("cluster_id")
    members_table = pa.table(member_rows, schema=arrow_schema("fact_cluster_members")).sort_by(
        [("cluster_id", "ascending"), ("fact_id", "ascending")]
    )
    conflicts_table = _conflicts_table(fact_ids, conflicts)
    assignments = members_table.select(["fact_id", "cluster_id"]).sort_by("fact_id")
    return DedupResult(assignments, clusters_table, members_table, conflicts_table, stats or DedupStats())


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
    flipped = pa.array(swap)
    value_a, value_b = pa.array(conflicts.value_a, pa.large_string()), pa.array(conflicts.value_b, pa.large_string())
    first_value, second_value = pc.if_else(flipped, value_b, value_a), pc.if_else(flipped, value_a, value_b)
    slot = pa.array(conflicts.slot, pa.large_string())
    explanation = pa.array(
        [_explanation(s, x, y) for s, x, y in zip(conflicts.slot, first_value.to_pylist(), second_value.to_pylist())],
        pa.large_string(),
    )
    table = pa.table(
        [ids.take(first), ids.take(second), slot, first_value, second_value, explanation,
         pa.array(conflicts.method, pa.large_string()), pa.array(np.frombuffer(conflicts.score, dtype=np.float64))],
        schema=schema,
    )
    return table.sort_by([("fact_id_a", "ascending"), ("fact_id_b", "ascending")])


def _explanation(slots: str, value_a: str, value_b: str) -> str:
    """ "dose: 25 mg vs 10 mg", one clause per slot of a two-slot conflict."""
    return "; ".join(
        f"{slot}: {x} vs {y}" for slot, x, y in zip(slots.split("; "), value_a.split("; "), value_b.split("; "))
    )
