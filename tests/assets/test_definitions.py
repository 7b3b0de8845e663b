"""The code location the UI loads: lineage from seed files to the release, checks on every table."""

from __future__ import annotations

import dagster as dg

from pipeline.definitions import BUILD_JOB_NAME, STAGE_TABLES, defs
from schemas import TABLE_SCHEMAS


def _graph() -> dg.AssetGraph:
    return defs.resolve_asset_graph()


def test_release_depends_on_every_published_table_and_the_seed_files():
    """reference_issues is published inside parse_issues."""
    upstream = {key.to_user_string() for key in _graph().get(dg.AssetKey("release")).parent_keys}
    assert upstream == set(STAGE_TABLES) | {"seed_files", "reference_issues"}


def test_lineage_runs_from_seed_files_through_parsing_and_dedup_to_facts():
    graph = _graph()
    assert dg.AssetKey("seed_files") in graph.get(dg.AssetKey("raw_facts")).parent_keys
    assert dg.AssetKey("raw_facts") in graph.get(dg.AssetKey("facts")).parent_keys
    assert dg.AssetKey("raw_facts") in graph.get(dg.AssetKey("references")).parent_keys


def test_every_published_table_but_the_id_history_made_while_publishing_is_an_asset():
    assert set(TABLE_SCHEMAS) - set(STAGE_TABLES) == {"id_history"}


def test_every_published_table_has_a_blocking_schema_check():
    graph = _graph()
    specs = [graph.get_check_spec(key) for key in graph.asset_check_keys]
    blocking = {spec.asset_key.to_user_string() for spec in specs if spec.name == "matches_schema" and spec.blocking}
    assert blocking == set(STAGE_TABLES) | {"reference_issues"}


def test_build_job_runs_in_process():
    job = defs.resolve_job_def(BUILD_JOB_NAME)
    assert job.executor_def.name == "in_process"
