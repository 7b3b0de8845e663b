"""Generic tools open a real release (the seeds build) without knowing this project.

The tools are the real libraries, installed for tests only (requirements.in): frictionless,
Hugging Face ``datasets``, pandas, polars, and DuckDB 1.1 from its own venv (``./run test`` makes
``.venv-duckdb1``; one environment cannot hold two DuckDB versions).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

from pipeline.code_version import REPO_ROOT
from pipeline.publish.manifest import parquet_name
from schemas.spec import ALL_SPECS

DUCKDB1 = REPO_ROOT / ".venv-duckdb1" / "bin" / "python"
_PANDAS_DTYPES = {"int64": ("int64", "Int64"), "float64": ("float64", "Float64"), "boolean": ("bool", "boolean")}


@pytest.fixture(scope="module")
def release(seeds_build) -> Path:
    outcome, _ = seeds_build
    return Path(outcome.release_path)


def _tables(release: Path) -> list[str]:
    return [*json.loads((release / "manifest.json").read_text())["tables"], "release_diff"]


def test_frictionless_validates_every_resource_of_the_release(release):
    import frictionless

    report = frictionless.validate(release / "datapackage.json")
    errors = [(task.name, error.type, error.message) for task in report.tasks for error in task.errors]
    assert report.valid, errors[:20]
    assert {task.name for task in report.tasks} >= set(_tables(release))


def test_hugging_face_datasets_loads_every_table_with_its_declared_columns(release, tmp_path):
    import datasets

    datasets.disable_progress_bars()
    for table in _tables(release):
        files = str(release / parquet_name(table))
        rows = pl.read_parquet(files).height
        names = ALL_SPECS[table].column_names
        if rows:
            loaded = datasets.load_dataset("parquet", data_files=files, cache_dir=str(tmp_path), split="train")
            assert loaded.num_rows == rows and loaded.column_names == names, table
        else:  # a zero-row split cannot be materialized by datasets; streaming reads it (see the card)
            streamed = datasets.load_dataset("parquet", data_files=files, streaming=True, split="train")
            assert list(streamed) == [] and list(streamed.features) == names, table
    assert any(pl.read_parquet(release / parquet_name(t)).height == 0 for t in _tables(release))


def test_pandas_reads_declared_types_and_keeps_nullable_integers_as_integers(release):
    for table in _tables(release):
        frame = pd.read_parquet(release / parquet_name(table))
        for column in ALL_SPECS[table].columns:
            if column.type_name() in _PANDAS_DTYPES:
                plain, nullable = _PANDAS_DTYPES[column.type_name()]
                assert str(frame[column.name].dtype) == (nullable if column.nullable else plain), (table, column.name)
    citations = pd.read_parquet(release / "citations.parquet")
    assert citations["fact_number"].isna().any() and str(citations["fact_number"].dtype) == "Int64"


def test_polars_reads_the_declared_types(release):
    for table in _tables(release):
        frame = pl.read_parquet(release / parquet_name(table))
        assert {name: dtype for name, dtype in frame.schema.items()} == {
            c.name: c.dtype for c in ALL_SPECS[table].columns
        }, table


_OPEN_WITH_DUCKDB1 = """
import json, sys, duckdb
out = {"version": duckdb.__version__}
with duckdb.connect(sys.argv[1], read_only=True) as con:
    out["tables"] = dict(con.execute("select table_name, estimated_size from duckdb_tables()").fetchall())
    out["facts"] = con.execute("select count(*) from facts").fetchone()[0]
    out["comment"] = con.execute("select comment from duckdb_tables() where table_name = 'facts'").fetchone()[0]
    out["references"] = con.execute('select count(*) from "references"').fetchone()[0]
with duckdb.connect(sys.argv[2], read_only=True) as con:
    out["catalog_facts"] = con.execute("select count(*) from latest.facts").fetchone()[0]
    out["releases"] = con.execute("select count(*) from releases").fetchone()[0]
print(json.dumps(out))
"""


def test_duckdb_1_1_opens_the_release_database_and_the_catalog(release, seeds_build):
    _, data_dir = seeds_build
    if not DUCKDB1.exists():
        pytest.fail(f"{DUCKDB1} is missing: `./run test` sets it up (tests/interop/duckdb1.txt)")
    command = [str(DUCKDB1), "-c", _OPEN_WITH_DUCKDB1, str(release / "dataset.duckdb"), str(data_dir / "catalog.duckdb")]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    opened = json.loads(completed.stdout)
    assert opened["version"].startswith("1.1.")
    facts = pl.read_parquet(release / "facts.parquet").height
    assert opened["facts"] == opened["catalog_facts"] == facts > 0
    assert opened["comment"] == ALL_SPECS["facts"].description
    assert opened["references"] == pl.read_parquet(release / "references.parquet").height
    assert opened["releases"] >= 1
