"""The same definitions run under Dagster's multiprocess executor and publish the same release bytes.

A process per step costs about 10 s per step on this 2-core machine (far more when it is
loaded), so this test is opt-in: ``PIPELINE_TEST_MULTIPROCESS=1 ./run test tests/assets/test_multiprocess.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from pipeline.assets.partitions import range_tags, sync_all
from pipeline.build import build_dataset, dataset_instance
from pipeline.definitions import PATH_VARIABLES, multiprocess_build_job
from pipeline.parsing.corpus import scan_inputs
from tests.conftest import SHARED_CACHE

pytestmark = pytest.mark.skipif(
    os.environ.get("PIPELINE_TEST_MULTIPROCESS") != "1",
    reason="opt-in: a process per step (set PIPELINE_TEST_MULTIPROCESS=1)",
)

NOTE = """Sleep and memory

Sleep loss impairs memory consolidation in adults (Smith, 2019).

References

Smith, J. (2019). Sleep and memory. Journal of Sleep, 12(3), 45-67.
"""


def test_multiprocess_executor_publishes_the_same_release_bytes_as_in_process(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text(NOTE)
    in_process = build_dataset(seeds_dir=inbox, data_dir=tmp_path / "a", cache_dir=SHARED_CACHE)
    assert in_process.published, in_process.report()

    out = tmp_path / "b"
    for name, value in (("seeds_dir", inbox), ("data_dir", out), ("cache_dir", SHARED_CACHE)):
        monkeypatch.setenv(PATH_VARIABLES[name], str(value))
    with dataset_instance(out) as instance:
        partitions = sync_all(instance, [item.document_id for item in scan_inputs(inbox)])
        result = dg.execute_job(
            dg.reconstructable(multiprocess_build_job), instance=instance, tags=range_tags(partitions),
            run_config={"execution": {"config": {"max_concurrent": 2}}},
        )
        assert result.success
        assert instance.get_run_by_id(result.run_id).tags  # a real run in the data folder's history
    release = Path(in_process.release_path or "")
    other = out / "releases" / release.name
    tables = sorted(path.name for path in release.glob("*.parquet"))
    assert tables and tables == sorted(path.name for path in other.glob("*.parquet"))
    for name in tables:
        assert (release / name).read_bytes() == (other / name).read_bytes(), name
