"""Start a build when a seed file is added, removed or changed."""

from __future__ import annotations

import dagster as dg

from pipeline.assets.resources import PipelinePaths
from pipeline.parsing.discovery import content_digest, listing_digest


def build_seeds_sensor(job: dg.UnresolvedAssetJobDefinition) -> dg.SensorDefinition:
    """The sensor that starts ``job`` when the input folder's contents change."""
    @dg.sensor(
        job=job,
        name="seeds_changed",
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Builds a new release when a file in seeds/ is added, removed or changed.",
    )
    def seeds_changed(context: dg.SensorEvaluationContext, paths: PipelinePaths):
        listing = listing_digest(paths.seeds)
        if listing == context.cursor:
            return dg.SkipReason("seeds/ unchanged")
        context.update_cursor(listing)
        return dg.RunRequest(run_key=content_digest(paths.seeds))

    return seeds_changed
