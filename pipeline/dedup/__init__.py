"""Fact deduplication: exact, near (MinHash LSH), paraphrase (static MiniLM candidates confirmed by the transformer), with conflict guards."""

from pipeline.dedup.orchestrate import deduplicate
from pipeline.dedup.static_embedding import ensure_static_embedding
from pipeline.dedup.judge import Thresholds
from pipeline.dedup.tables import DedupResult

__all__ = ["DedupResult", "Thresholds", "deduplicate", "ensure_static_embedding"]
