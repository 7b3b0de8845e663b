"""The code location the UI loads: per-document partitions feeding corpus-wide stages and the release."""

from __future__ import annotations

import dagster as dg

from pipeline.assets.ingest import DOCUMENT_ASSET
from pipeline.assets.partitions import DOCUMENTS
from pipeline.definitions import BUILD_JOB_NAME, STAGE_TABLES, defs
from schemas import TABLE_SCHEMAS


def _graph() -> dg.AssetGraph:
    return defs.resolve_asset_graph()


def test_release_depends_on_every_published_table_and_the_seed_files():
    upstream = {key.to_user_string() for key in _graph().get(dg.AssetKey("release")).parent_keys}
    assert upstream == set(STAGE_TABLES) | {"seed_files"}


def test_the_per_document_asset_is_partitioned_by_document_and_nothing_corpus_wide_is():
    graph = _graph()
    assert graph.get(DOCUMENT_ASSET).partitions_def == DOCUMENTS
    for name in [*STAGE_TABLES, "seed_files", "raw_facts", "release"]:
        assert graph.get(dg.AssetKey(name)).partitions_def is None, name


def test_corpus_wide_tables_read_every_document_partition():
    graph = _graph()
    assert DOCUMENT_ASSET in graph.get(dg.AssetKey("raw_facts")).parent_keys
    assert DOCUMENT_ASSET in graph.get(dg.AssetKey("document_references")).parent_keys
    assert dg.AssetKey("raw_facts") in graph.get(dg.AssetKey("facts")).parent_keys
    assert dg.AssetKey("document_references") in graph.get(dg.AssetKey("works")).parent_keys
    assert dg.AssetKey("seed_files") in graph.get(DOCUMENT_ASSET).parent_keys


def test_every_published_table_but_the_id_history_made_while_publishing_is_an_asset():
    assert set(TABLE_SCHEMAS) - set(STAGE_TABLES) == {"id_history"}


def test_every_published_table_has_a_blocking_schema_check_and_documents_a_warning_contract_check():
    graph = _graph()
    specs = [graph.get_check_spec(key) for key in graph.asset_check_keys]
    blocking = {spec.asset_key.to_user_string() for spec in specs if spec.name == "matches_schema" and spec.blocking}
    assert blocking == set(STAGE_TABLES)
    per_document = [spec for spec in specs if spec.asset_key == DOCUMENT_ASSET]
    assert [(spec.name, spec.blocking) for spec in per_document] == [("rows_meet_contract", False)]


def test_build_job_runs_in_process():
    job = defs.resolve_job_def(BUILD_JOB_NAME)
    assert job.executor_def.name == "in_process"
