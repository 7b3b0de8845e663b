"""The Dagster code location: what `dagster dev` (via workspace.yaml) and the CLI load."""

from __future__ import annotations

import dagster as dg

from pipeline.assets.checks import declared_counts_match, every_line_accounted_for, no_rejected_input, schema_check
from pipeline.assets.facts import deduplicated_facts
from pipeline.assets.ingest import parsed_documents, seed_files
from pipeline.assets.io_manager import ParquetTableIOManager
from pipeline.assets.references import reference_tables
from pipeline.assets.release import release
from pipeline.assets.resources import DedupSettings, PipelinePaths
from pipeline.assets.sensors import build_seeds_sensor
from pipeline.identity.reconcile import HISTORY_TABLE
from schemas import TABLE_SCHEMAS

BUILD_JOB_NAME = "build_dataset"
BUILD_JOB_DESCRIPTION = (
    "Build the dataset: parse every input document, deduplicate facts, parse references, check every table "
    "against schemas/spec.py and publish the next release (or nothing, when nothing changed)."
)
STAGE_TABLES = [name for name in TABLE_SCHEMAS if name != HISTORY_TABLE]
"""Published tables made by an asset (and checked there); ``id_history`` is made while
publishing, from the previous release, and validated by the publish step itself."""


def build_definitions(paths: PipelinePaths | None = None, dedup: DedupSettings | None = None) -> dg.Definitions:
    """All assets, checks, the build job and the seeds sensor, bound to ``paths`` and dedup settings."""
    paths = paths or PipelinePaths()
    build_job = dg.define_asset_job(
        BUILD_JOB_NAME, selection=dg.AssetSelection.all(), description=BUILD_JOB_DESCRIPTION
    )
    return dg.Definitions(
        assets=[seed_files, parsed_documents, deduplicated_facts, reference_tables, release],
        asset_checks=[
            *(schema_check(name) for name in STAGE_TABLES),
            schema_check("parse_issues", asset="reference_issues"),
            every_line_accounted_for,
            declared_counts_match,
            no_rejected_input,
        ],
        jobs=[build_job],
        sensors=[build_seeds_sensor(build_job)],
        resources={"paths": paths, "dedup": dedup or DedupSettings(), "io_manager": ParquetTableIOManager(paths=paths)},
        executor=dg.in_process_executor,
    )


defs = build_definitions()
