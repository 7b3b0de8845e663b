"""Keep one partition per document and build only what changed when the input folder changes.

Each tick compares the folder (path, sha256 of every entry) with the cursor: removed documents
lose their partition; changed documents are deleted and re-added, so that they and new ones
form one range at the end of the partition order; one run then materializes that range in a
single step (single-run backfill) plus the corpus-wide stages and the release. While a build
holds the data folder's lock (``pipeline.build_lock``) a tick changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from typing import TypeAlias

import dagster as dg

from pipeline.assets.partitions import DOCUMENTS, PartitionChanges, diff_documents, range_tags
from pipeline.assets.resources import PipelinePaths
from pipeline.build_lock import lock_holder
from pipeline.build_stamp import entry_fingerprint
from pipeline.parsing.corpus import scan_inputs
from pipeline.parsing.discovery import listing_digest


def listing_fingerprint(paths: PipelinePaths) -> str:
    """Cheap: names, sizes and modification times. Decides whether to look closer."""
    return listing_digest(paths.seeds)


def folder_state(paths: PipelinePaths) -> dict[str, str]:
    """document_id -> fingerprint of every entry, in input-folder order."""
    return {item.document_id: entry_fingerprint(item) for item in scan_inputs(paths.seeds)}


def _run_key(state: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def seeds_result(
    cursor: str | None, listing_now: str, state: dict[str, str], partitions: list[str], corpus_keys: list[dg.AssetKey]
) -> dg.SensorResult | dg.SkipReason:
    """What one tick does, given the previous cursor, the folder now and the current partition set.

    A partition the cursor does not know (made by a CLI build, say) counts as changed.
    """
    previous = json.loads(cursor) if cursor else {"listing": None, "documents": {}}
    if previous["listing"] == listing_now:
        return dg.SkipReason("input folder unchanged")
    known = {key: previous["documents"].get(key, "") for key in partitions}
    changes = diff_documents(state, known)
    new_cursor = json.dumps({"listing": listing_now, "documents": state})
    if not changes.any:
        return dg.SensorResult(skip_reason="no document's content changed", cursor=new_cursor)
    return dg.SensorResult(
        run_requests=[run_request(changes, state, corpus_keys)],
        dynamic_partitions_requests=partition_requests(changes),
        cursor=new_cursor,
    )


PartitionRequest: TypeAlias = dg.DeleteDynamicPartitionsRequest | dg.AddDynamicPartitionsRequest


def partition_requests(changes: PartitionChanges) -> list[PartitionRequest]:
    """Removed and changed documents out; changed and new ones (back) in, at the end of the order."""
    requests: list[PartitionRequest] = []
    if changes.removed or changes.changed:
        requests.append(DOCUMENTS.build_delete_request(list(changes.removed + changes.changed)))
    if changes.to_materialize:
        requests.append(DOCUMENTS.build_add_request(list(changes.to_materialize)))
    return requests


def run_request(changes: PartitionChanges, state: dict[str, str], corpus_keys: list[dg.AssetKey]) -> dg.RunRequest:
    """One run: the range of changed and new documents (if any), then every corpus-wide stage."""
    tags = {
        **range_tags(changes.to_materialize),
        "documents_to_build": str(len(changes.to_materialize)),
        "documents_removed": str(len(changes.removed)),
    }
    return dg.RunRequest(
        run_key=_run_key(state), tags=tags, asset_selection=None if changes.to_materialize else corpus_keys
    )


def build_seeds_sensor(job: dg.UnresolvedAssetJobDefinition, corpus_keys: list[dg.AssetKey]) -> dg.SensorDefinition:
    """``corpus_keys``: every asset but the per-document ones (what a run after removals only rebuilds)."""

    @dg.sensor(
        job=job,
        name="seeds_changed",
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Keeps one partition per document in seeds/ and builds only new, changed and removed documents.",
    )
    def seeds_changed(context: dg.SensorEvaluationContext, paths: PipelinePaths):
        holder = lock_holder(paths.data)
        if holder is not None:
            # The cursor stays: the next tick after the build compares the folder again.
            return dg.SkipReason(f"a build is running into {paths.data} ({holder}); looking again next tick")
        listing_now = listing_fingerprint(paths)
        partitions = list(context.instance.get_dynamic_partitions(DOCUMENTS.name))
        return seeds_result(context.cursor, listing_now, folder_state(paths), partitions, corpus_keys)

    return seeds_changed
