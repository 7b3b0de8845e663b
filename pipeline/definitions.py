"""The Dagster code location: what `dagster dev` (via workspace.yaml) and the CLI load."""

from __future__ import annotations

import os

import dagster as dg

from pipeline.assets.checks import declared_counts_match, every_line_accounted_for, no_rejected_input, schema_check
from pipeline.assets.facts import deduplicated_facts
from pipeline.assets.ingest import corpus_tables, document, seed_files
from pipeline.assets.io_manager import ParquetTableIOManager
from pipeline.assets.progress import PROGRESS_LOGGER, progress_line_logger
from pipeline.assets.references import reference_tables
from pipeline.assets.release import release
from pipeline.assets.resources import DataFolderLock, DedupSettings, PipelinePaths
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

PATH_VARIABLES = {"seeds_dir": "PIPELINE_SEEDS_DIR", "data_dir": "PIPELINE_DATA_DIR", "cache_dir": "PIPELINE_CACHE_DIR"}
"""Environment variables that point the code location at another input or data folder (``./run ui --out``)."""


def paths_from_environment() -> PipelinePaths:
    """The folders the UI's code location works on: defaults unless set by ``PATH_VARIABLES``."""
    given = {field: os.environ[variable] for field, variable in PATH_VARIABLES.items() if os.environ.get(variable)}
    return PipelinePaths(**given)


def corpus_asset_keys(assets: list[dg.AssetsDefinition]) -> list[dg.AssetKey]:
    """Keys of the unpartitioned (corpus-wide) assets, which a run after a removal rebuilds."""
    return [key for definition in assets for key in definition.keys]


def build_definitions(
    paths: PipelinePaths | None = None,
    dedup: DedupSettings | None = None,
    executor: dg.ExecutorDefinition | None = None,
) -> dg.Definitions:
    """All assets, checks, the build job and the seeds sensor, bound to ``paths`` and dedup settings.

    In-process by default (one process per step costs seconds per step here); the same
    definitions run under ``dg.multiprocess_executor`` or a distributed executor.
    """
    paths = paths or PipelinePaths()
    build_job = dg.define_asset_job(
        BUILD_JOB_NAME, selection=dg.AssetSelection.all(), description=BUILD_JOB_DESCRIPTION
    )
    corpus_wide = [seed_files, corpus_tables, deduplicated_facts, reference_tables, release]
    return dg.Definitions(
        assets=[document, *corpus_wide],
        asset_checks=[
            *(schema_check(name) for name in STAGE_TABLES),
            every_line_accounted_for,
            declared_counts_match,
            no_rejected_input,
        ],
        jobs=[build_job],
        sensors=[build_seeds_sensor(build_job, corpus_asset_keys(corpus_wide))],
        resources={
            "paths": paths,
            "dedup": dedup or DedupSettings(),
            "io_manager": ParquetTableIOManager(paths=paths, lock=DataFolderLock(paths=paths)),
        },
        executor=executor or dg.in_process_executor,
        # Runs without logger config (the UI's) get the console logger alone; the CLI adds the progress line.
        loggers={"console": dg.colored_console_logger, PROGRESS_LOGGER: progress_line_logger},
    )


defs = build_definitions(paths_from_environment())


def multiprocess_build_job() -> dg.JobDefinition:
    """The build job, unchanged, under Dagster's multiprocess executor (one process per step).

    For ``dg.reconstructable``: each step's process rebuilds the definitions, so the folders
    come from ``PATH_VARIABLES`` (the caller sets them), not from arguments.
    """
    definitions = build_definitions(paths_from_environment(), executor=dg.multiprocess_executor)
    return definitions.resolve_job_def(BUILD_JOB_NAME)
