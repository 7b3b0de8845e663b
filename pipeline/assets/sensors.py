"""Start a build when a seed file is added, removed or changed."""

from __future__ import annotations

import hashlib

import dagster as dg

from pipeline.assets.resources import PipelinePaths
from pipeline.corpus import scan_inputs
from pipeline.parsing.discovery import listing


def listing_fingerprint(paths: PipelinePaths) -> str:
    """Cheap: names, sizes and modification times. Decides whether to look closer."""
    digest = hashlib.sha256()
    for line in listing(paths.seeds):
        digest.update(line.encode())
    return digest.hexdigest()


def content_fingerprint(paths: PipelinePaths) -> str:
    """Exact: names and sha256 of contents. Used as run key, so a touched file starts no run."""
    digest = hashlib.sha256()
    for item in scan_inputs(paths.seeds):
        digest.update(f"{item.display_path}\0{item.sha256}\n".encode())
    return digest.hexdigest()


def build_seeds_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    @dg.sensor(
        job=job,
        name="seeds_changed",
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Builds a new release when a file in seeds/ is added, removed or changed.",
    )
    def seeds_changed(context: dg.SensorEvaluationContext, paths: PipelinePaths):
        listing = listing_fingerprint(paths)
        if listing == context.cursor:
            return dg.SkipReason("seeds/ unchanged")
        context.update_cursor(listing)
        return dg.RunRequest(run_key=content_fingerprint(paths))

    return seeds_changed
