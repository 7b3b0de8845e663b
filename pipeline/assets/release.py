"""The release: every validated table published as a numbered, immutable version."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.assets.io_manager import collect_garbage
from pipeline.assets.resources import DedupSettings, PipelinePaths
from pipeline.code_version import pipeline_code_version
from pipeline.identity import PreviousRelease, reconcile
from pipeline.publish import ReleaseInput, publish_release
from pipeline.references import export_works

RELEASE_DESCRIPTION = (
    "Carry IDs over from the previous release (pipeline.identity), validate every table, and publish them as the "
    "next numbered, immutable release (Parquet, dataset.duckdb, card, datapackage.json, archive). A build whose "
    "content equals the newest release publishes nothing and records an observation instead of a materialization."
)


@dg.asset(group_name="release", description=RELEASE_DESCRIPTION, output_required=False)
def release(
    context,  # Dagster rejects a string (postponed) annotation here
    paths: PipelinePaths,
    dedup: DedupSettings,
    seed_files: pa.Table,
    documents: pa.Table,
    document_lines: pa.Table,
    sources: pa.Table,
    facts: pa.Table,
    fact_clusters: pa.Table,
    fact_cluster_members: pa.Table,
    fact_conflicts: pa.Table,
    perspectives: pa.Table,
    references: pa.Table,
    works: pa.Table,
    citations: pa.Table,
    parse_issues: pa.Table,
    rejects: pa.Table,
):
    """Publish every table as the next numbered release (or report the identical one)."""
    tables = {
        "documents": documents,
        "document_lines": document_lines,
        "sources": sources,
        "facts": facts,
        "fact_clusters": fact_clusters,
        "fact_cluster_members": fact_cluster_members,
        "fact_conflicts": fact_conflicts,
        "perspectives": perspectives,
        "references": references,
        "works": works,
        "citations": citations,
        "parse_issues": parse_issues,
        "rejects": rejects,
    }
    inputs = [
        ReleaseInput(path=r["path"], sha256=r["sha256"], size_bytes=r["size_bytes"])
        for r in seed_files.to_pylist()
        if r["sha256"] is not None  # entries not read are in documents/rejects, not in the provenance list
    ]
    result = publish_release(
        tables,
        inputs=inputs,
        data_dir=paths.data,
        code_version=pipeline_code_version(),
        settings={"dedup": dedup.config().values()},
        carry_over=lambda new, latest: reconcile(new, PreviousRelease(*latest) if latest else None),
        exports=lambda final: export_works(final["works"], paths.cache / "exports"),
    )
    metadata = {
        "complete": result.complete,
        "incomplete": result.incomplete or "",
        "version": result.version,
        "path": dg.MetadataValue.path(str(result.path)),
        "new_release": result.created,
        "row_counts": dg.MetadataValue.json(dict(result.row_counts)),
        "archive": result.archive_name,
        "archive_sha256": result.archive_sha256,
    }
    # This run's tables are now the newest materializations: earlier runs' are no longer needed.
    collect_garbage(context.instance, paths.data)
    if result.incomplete:
        context.log.warning(f"release {result.version} is published but incomplete: {result.incomplete}")
    if not result.created:
        # Nothing new: no materialization (the newest one stays current), an observation says why.
        context.log.info(f"release: nothing new; inputs and code give release {result.version} again")
        yield dg.AssetObservation(
            asset_key=context.asset_key,
            description=f"Nothing new: the build equals release {result.version}; no files were written.",
            metadata={**metadata, "unchanged_since": result.version},
        )
        return
    for name, rows in result.row_counts.items():
        context.log.info(f"release: table {name} written ({rows} rows)")
    context.log.info(f"release: published {result.version} at {result.path}")
    yield dg.MaterializeResult(metadata={**metadata, "diff": dg.MetadataValue.json(dict(result.diff_counts))})
