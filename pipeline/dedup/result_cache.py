"""Whole-run reuse: the deduplication of the very same facts, settings, code and model is read back.

Why: deduplication is a pure function of the facts it is given (their IDs, texts, sources and
documents), the settings, the code and the model files; a build in which no fact changed gets
the stored result, byte for byte the tables a fresh run writes, instead of paying for the run.
Why the static table's digest is in the key: its file name names the weights it was distilled
from, not its bytes (tests put a random table under that name).
Entries are folders written in full and then renamed into place; one that cannot be read is
removed and the run recomputes. Only the newest ``KEEP`` entries are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pyarrow as pa

from pipeline.code_version import pipeline_code_version
from pipeline.common.file_digest import file_digest
from pipeline.common.pruning import keep_newest
from pipeline.common.table_folder import read_table_folder, write_table_folder
from pipeline.dedup.cluster_tables import DedupResult, DedupStats
from pipeline.dedup.config import DedupConfig

FORMAT_VERSION = 1
KEEP = 4
INPUT_COLUMNS = ("fact_id", "text", "source_id", "document_id")
"""The columns of ``facts`` deduplication reads; other columns cannot change its result."""
_TABLES = ("assignments", "fact_clusters", "fact_cluster_members", "fact_conflicts")
_STATS = "stats.json"


def facts_digest(facts: pa.Table) -> str:
    """sha256 over the values of the columns deduplication reads, in row order (nulls marked)."""
    digest = hashlib.sha256()
    for name in INPUT_COLUMNS:
        digest.update(name.encode() + b"\x1e")
        for value in facts.column(name).to_pylist():
            digest.update(b"\x00" if value is None else b"\x01" + value.encode("utf-8", "surrogatepass") + b"\x1f")
    return digest.hexdigest()


def run_key(facts: pa.Table, config: DedupConfig, model_sha256: str, static_table: Path) -> str:
    """Everything a run's result depends on: facts, settings, code, weights and the static table's bytes."""
    parts = {
        "format": FORMAT_VERSION,
        "code": pipeline_code_version(),  # package data (the vocabularies) included
        "config": config.values(),
        "model": model_sha256,
        "static_table": file_digest(static_table),
        "facts": facts_digest(facts),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


class ResultCache:
    """Stored deduplication results under ``directory``, one folder per ``run_key``."""

    def __init__(self, directory: Path) -> None:
        self.root = Path(directory) / f"dedup-runs-v{FORMAT_VERSION}"

    def get_or_compute(self, key: str, compute: Callable[[], DedupResult]) -> tuple[DedupResult, bool]:
        """(result, whether it was read back) for ``key``; computes and stores it when missing or damaged."""
        stored = self._read(self.root / key)
        if stored is not None:
            with contextlib.suppress(OSError):  # another build may have pruned it since: the result is read
                os.utime(self.root / key)  # most recently used: kept by the pruning below
            return stored, True
        result = compute()
        self._write(key, result)
        return result, False

    def _read(self, entry: Path) -> DedupResult | None:
        stored = read_table_folder(entry, _TABLES, [_STATS])
        if stored is None:
            return None
        tables, files = stored
        try:
            raw = json.loads(files[_STATS].decode("utf-8"))
            stats = DedupStats(**{f.name: raw[f.name] for f in fields(DedupStats)} | {"reused": True})
        except (ValueError, KeyError, TypeError):
            shutil.rmtree(entry, ignore_errors=True)
            return None
        return DedupResult(stats=stats, **tables)

    def _write(self, key: str, result: DedupResult) -> None:
        tables = {name: getattr(result, name) for name in _TABLES}
        stats = json.dumps(result.stats.as_dict()).encode("utf-8")
        if write_table_folder(self.root / key, tables, {_STATS: stats}):
            with contextlib.suppress(OSError):
                self._prune()

    def _prune(self) -> None:
        keep_newest([p for p in self.root.iterdir() if not p.name.startswith(".")], KEEP)
