"""For every damaged corpus, a real build publishes: every good document is present, and every
non-blank line of every damaged text document is in document_lines or rejects."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.build import build_dataset
from tests.conftest import SHARED_CACHE
from tests.fuzz.mutations import BASES, documents, nonblank_line_numbers

GOOD = BASES[:4]


@pytest.mark.slow(10)
@settings(max_examples=3, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(documents(), min_size=1, max_size=2))
def test_a_build_with_damaged_documents_publishes_every_good_one(damaged: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        for path in GOOD:
            shutil.copy(path, inbox / path.name)
        for number, data in enumerate(damaged):
            (inbox / f"damaged_{number}.txt").write_bytes(data)
        with dg.DagsterInstance.ephemeral() as instance:
            outcome = build_dataset(seeds_dir=inbox, data_dir=Path(tmp) / "out", cache_dir=SHARED_CACHE,
                                    instance=instance)
        assert outcome.published, outcome.report()
        with duckdb.connect(f"{outcome.release_path}/dataset.duckdb", read_only=True) as con:
            status = dict(con.execute("select path, status from documents").fetchall())
            assert all(status[f"inbox/{path.name}"] == "parsed" for path in GOOD)
            for number, data in enumerate(damaged):
                path = f"inbox/damaged_{number}.txt"
                lines = con.execute(
                    "select line_no from document_lines join documents using (document_id) where path = ? "
                    "union all select line_no from rejects where path = ? and line_no is not null", [path, path]
                ).fetchall()
                file_level = con.execute("select count(*) from rejects where path = ? and line_no is null",
                                         [path]).fetchall()[0][0]
                assert file_level or {n for (n,) in lines} == nonblank_line_numbers(data), path
