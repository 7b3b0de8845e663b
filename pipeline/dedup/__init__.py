"""Fact deduplication: exact, near (MinHash LSH), paraphrase (static MiniLM candidates confirmed by the
transformer), with conflict guards."""

from pipeline.dedup.cluster_tables import DedupResult, DedupStats
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.orchestrate import deduplicate
from pipeline.dedup.static_embedding import ensure_static_embedding

__all__ = ["DedupConfig", "DedupResult", "DedupStats", "deduplicate", "ensure_static_embedding"]
