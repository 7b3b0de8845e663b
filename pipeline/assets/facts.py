"""Deduplicate facts across all documents."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.assets.metadata import table_output
from pipeline.assets.resources import PipelinePaths
from pipeline.dedup import deduplicate

DEDUP_OUTPUTS = {
    "facts": "Every fact and prose statement with the cluster it belongs to.",
    "fact_clusters": "One row per distinct claim: representative text and how many facts, sources, documents state it.",
    "fact_cluster_members": "Why each fact is in its cluster: method, score, threshold, model.",
    "fact_conflicts": "Near-identical facts that differ in negation, direction, numbers or subject: kept apart.",
}


def attach_cluster_ids(raw_facts: pa.Table, assignments: pa.Table) -> pa.Table:
    """Add ``cluster_id`` to every raw fact, keeping the parser's row order."""
    position = pc.index_in(raw_facts.column("fact_id"), value_set=assignments.column("fact_id"))
    cluster_ids = pc.take(assignments.column("cluster_id"), position)
    return raw_facts.append_column("cluster_id", cluster_ids.cast(pa.large_string()))


@dg.multi_asset(
    group_name="facts",
    outs={name: dg.AssetOut(description=text) for name, text in DEDUP_OUTPUTS.items()},
    description="Exact, near and paraphrase deduplication with conflict guards.",
)
def deduplicated_facts(paths: PipelinePaths, raw_facts: pa.Table):
    result = deduplicate(raw_facts, cache_dir=paths.cache / "embeddings")
    yield table_output(attach_cluster_ids(raw_facts, result.assignments), output_name="facts")
    yield table_output(result.fact_clusters, output_name="fact_clusters")
    yield table_output(result.fact_cluster_members, output_name="fact_cluster_members")
    yield table_output(result.fact_conflicts, output_name="fact_conflicts")
