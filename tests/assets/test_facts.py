"""The dedup asset: settings from run config, run metadata that says what was judged."""

from __future__ import annotations

import dagster as dg
import pyarrow as pa

from pipeline.assets.facts import deduplicated_facts
from pipeline.assets.resources import DedupSettings, PipelinePaths
from pipeline.dedup import DedupConfig
from tests.conftest import SHARED_CACHE
from tests.dedup.conftest import facts_table

TEXTS = ["Patients took 20 mg of drug X daily for pain.", "Patients took 40 mg of drug X daily for pain.",
         "Patients received 4 doses of clonidine over 1 week.", "Patients received 4 doses of lidocaine over 4 weeks."]


@dg.asset(key="raw_facts")
def raw_facts() -> pa.Table:
    return facts_table(TEXTS)


def _materialize(tmp_path, run_config: dict | None = None) -> dict:
    paths = PipelinePaths(data_dir=str(tmp_path), cache_dir=str(SHARED_CACHE))
    result = dg.materialize(
        [raw_facts, deduplicated_facts],
        resources={"paths": paths, "dedup": DedupSettings(), "io_manager": dg.mem_io_manager},
        run_config=run_config,
    )
    assert result.success
    facts = next(m for m in result.get_asset_materialization_events() if m.asset_key == dg.AssetKey("facts"))
    return {k: v.value for k, v in facts.materialization.metadata.items()}


def test_run_metadata_reports_candidates_confirmations_blocks_and_budget(tmp_path) -> None:
    metadata = _materialize(tmp_path)
    assert metadata["conflict_pairs"] == 1
    assert metadata["blocked_pairs_by_slot"] == {"duration": 1, "substance": 1}
    assert metadata["candidate_pairs"] >= 2 and metadata["not_judged_transformer_budget"] == 0
    assert metadata["dedup_settings"] == DedupConfig().values()


def test_settings_come_from_run_config(tmp_path) -> None:
    metadata = _materialize(tmp_path, {"resources": {"dedup": {"config": {"conflict_max_slots": 2}}}})
    assert metadata["dedup_settings"]["conflict_max_slots"] == 2
    assert metadata["conflict_pairs"] == 2 and metadata["blocked_pairs_by_slot"] == {}
