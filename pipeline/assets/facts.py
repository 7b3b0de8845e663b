"""Deduplicate facts across all documents."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.assets.metadata import table_output, table_outs
from pipeline.assets.resources import DedupSettings, PipelinePaths
from pipeline.dedup import DedupStats, deduplicate

DEDUP_OUTPUTS = ["facts", "fact_clusters", "fact_cluster_members", "fact_conflicts"]


def attach_cluster_ids(raw_facts: pa.Table, assignments: pa.Table) -> pa.Table:
    """Add ``cluster_id`` to every raw fact, keeping the parser's row order."""
    position = pc.index_in(raw_facts.column("fact_id"), value_set=assignments.column("fact_id"))
    cluster_ids = pc.take(assignments.column("cluster_id"), position)
    return raw_facts.append_column("cluster_id", cluster_ids.cast(pa.large_string()))


def run_metadata(stats: DedupStats) -> dict:
    """What the run judged, so nothing is cut silently: candidates, merges, conflicts, pairs
    blocked per slot, and pairs never judged because a budget ran out."""
    return {
        "candidate_pairs": dg.MetadataValue.int(stats.candidate_pairs),
        "confirmed_pairs": dg.MetadataValue.int(sum(stats.confirmed.values())),
        "conflict_pairs": dg.MetadataValue.int(sum(stats.conflicts.values())),
        "blocked_pairs_by_slot": dg.MetadataValue.json(dict(sorted(stats.blocked.items()))),
        "not_judged_transformer_budget": dg.MetadataValue.int(stats.not_judged_budget),
        "not_screened_paraphrase_pool": dg.MetadataValue.int(stats.neighbour_pairs_over_pool),
        "texts_too_long_to_compare": dg.MetadataValue.int(stats.too_long),
        "dedup_stats": dg.MetadataValue.json(stats.as_dict()),
    }


@dg.multi_asset(
    group_name="facts",
    outs=table_outs(DEDUP_OUTPUTS),
    description="Exact, near and paraphrase deduplication with conflict guards.",
)
def deduplicated_facts(context, paths: PipelinePaths, dedup: DedupSettings, raw_facts: pa.Table):
    """Facts with cluster IDs, and the clusters, members and conflicts that explain them."""
    config = dedup.config()
    context.log.info(f"dedup: {raw_facts.num_rows} facts")
    result = deduplicate(raw_facts, cache_dir=paths.cache / "embeddings", config=config)
    stats = result.stats
    context.log.info(
        f"dedup: candidate pairs judged {stats.candidate_pairs} ({sum(stats.confirmed.values())} merged, "
        f"{sum(stats.conflicts.values())} conflicts, {stats.not_judged_budget} not judged: transformer budget); "
        f"{result.fact_clusters.num_rows} clusters"
    )
    run = run_metadata(result.stats)
    run["dedup_settings"] = dg.MetadataValue.json(config.values())
    yield table_output(attach_cluster_ids(raw_facts, result.assignments), output_name="facts", **run)
    yield table_output(result.fact_clusters, output_name="fact_clusters")
    yield table_output(result.fact_cluster_members, output_name="fact_cluster_members")
    yield table_output(result.fact_conflicts, output_name="fact_conflicts")
