"""End to end: seeds/ through every asset to a published release that DuckDB and pyarrow read."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from pandera.polars import Check

from pipeline.build import BuildOutcome, build_dataset, exit_code
from schemas import TABLE_SCHEMAS, validate_table
from tests.conftest import SEEDS, SHARED_CACHE

CONTRACT_COLUMNS = {
    "facts": ["fact_id", "document_id", "source_id", "fact_type", "text", "line_no", "cluster_id"],
    "sources": ["source_id", "document_id", "title", "domain", "publisher", "published", "declared_fact_count"],
    "references": [
        "reference_id", "document_id", "origin", "raw_text", "line_no", "authors", "et_al", "year", "title",
        "container_title", "volume", "issue", "pages", "doi", "url", "publisher", "type", "work_id",
    ],
    "rejects": ["document_id", "path", "line_no", "reason", "raw"],
}
REQUIRED_TABLES = ["documents", "sources", "facts", "fact_clusters", "references", "works", "citations", "perspectives", "rejects"]


def test_build_publishes_a_release_with_every_contract_table(seeds_build):
    outcome, out = seeds_build
    assert outcome.published, outcome.report()
    release = Path(outcome.release_path)
    assert release.parent == out / "releases"
    for table in REQUIRED_TABLES:
        assert (release / f"{table}.parquet").is_file()
    assert (out / "releases" / "latest").resolve() == release.resolve()


def test_every_seed_document_is_published(seeds_build):
    outcome, _ = seeds_build
    with duckdb.connect(str(Path(outcome.release_path) / "dataset.duckdb"), read_only=True) as con:
        paths = [row[0] for row in con.execute("select path from documents order by path").fetchall()]
    assert paths == [f"seeds/{p.name}" for p in sorted(SEEDS.iterdir())]


def test_duckdb_tables_are_real_tables_matching_the_parquet_files(seeds_build):
    outcome, _ = seeds_build
    release = Path(outcome.release_path)
    with duckdb.connect(str(release / "dataset.duckdb"), read_only=True) as con:
        kinds = dict(con.execute("select table_name, table_type from information_schema.tables").fetchall())
        for table in REQUIRED_TABLES:
            assert kinds[table] == "BASE TABLE"
            in_duckdb = con.execute(f'select count(*) from "{table}"').fetchall()[0][0]
            assert in_duckdb == pq.read_metadata(release / f"{table}.parquet").num_rows == outcome.row_counts[table]


def test_published_tables_have_the_contract_columns_and_pass_their_schemas(seeds_build):
    outcome, _ = seeds_build
    release = Path(outcome.release_path)
    for table in TABLE_SCHEMAS:
        frame = pl.from_arrow(pq.read_table(release / f"{table}.parquet"))
        assert validate_table(table, frame) is None, table
        for column in CONTRACT_COLUMNS.get(table, []):
            assert column in frame.columns, (table, column)


def test_seed_facts_are_parsed_and_clustered(seeds_build):
    outcome, _ = seeds_build
    with duckdb.connect(str(Path(outcome.release_path) / "dataset.duckdb"), read_only=True) as con:
        by_type = dict(con.execute("select fact_type, count(*) from facts group by 1").fetchall())
        orphan = con.execute(
            "select count(*) from facts f left join fact_clusters c using (cluster_id) where c.cluster_id is null"
        ).fetchall()[0][0]
    assert by_type.get("claim", 0) > 100 and by_type.get("statement", 0) > 20
    assert orphan == 0


def test_release_checksums_pass_sha256sum(seeds_build):
    outcome, _ = seeds_build
    completed = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=outcome.release_path, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    manifest = json.loads((Path(outcome.release_path) / "manifest.json").read_text())
    assert manifest["version"] == outcome.version


def _one_document_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "note.txt").write_text("Sleep loss impairs memory in adults (Smith, 2019).\n")
    return folder


def test_a_wrong_table_schema_is_corpus_wide_and_prevents_publishing_with_the_failure_cases(tmp_path, monkeypatch):
    """A corpus-wide table without a contract column is no document's fault: the blocking check stops the release."""
    import pipeline.assets.references as reference_assets

    real = reference_assets.merge_works

    def merge_losing_a_column(references, cache_dir=None):
        tables = real(references, cache_dir)
        return {**tables, "works": tables["works"].drop_columns(["mention_count"])}

    monkeypatch.setattr(reference_assets, "merge_works", merge_losing_a_column)
    inbox = _one_document_folder(tmp_path / "inbox")
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=inbox, data_dir=tmp_path, cache_dir=SHARED_CACHE, instance=instance)
    assert not outcome.published
    assert list(outcome.failed_checks) == ["works:matches_schema"]
    assert "mention_count" in outcome.failed_checks["works:matches_schema"]
    assert outcome.quarantined == {}
    assert not any((tmp_path / "releases").glob("*/manifest.json"))


def test_a_row_check_every_document_fails_quarantines_them_and_still_publishes(tmp_path, monkeypatch):
    """Row-level checks are judged per document: each document failing one is withheld, with its reason."""
    never = Check.str_matches(r"^impossible$")
    monkeypatch.setitem(TABLE_SCHEMAS, "documents", TABLE_SCHEMAS["documents"].update_column("sha256", checks=[never]))
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=SEEDS, data_dir=tmp_path, cache_dir=SHARED_CACHE, instance=instance)
    assert sorted(outcome.quarantined) == [f"seeds/{p.name}" for p in sorted(SEEDS.iterdir())]
    assert all("documents.sha256 fails str_matches('^impossible$')" in f[0] for f in outcome.quarantined.values())


def test_rebuilding_identical_inputs_publishes_nothing_new(seeds_build):
    outcome, out = seeds_build
    before = {p.name: p.read_bytes() for p in Path(outcome.release_path).glob("*.parquet")}
    with dg.DagsterInstance.ephemeral() as instance:  # a real run: the path the UI and the sensor take
        again = build_dataset(
            seeds_dir=SEEDS, data_dir=out, cache_dir=SHARED_CACHE, instance=instance, reuse_unchanged=False
        )
        assert len(instance.get_runs()) == 1
    assert again.published and not again.new_release
    assert again.version == outcome.version
    assert sorted(p.name for p in (out / "releases").iterdir() if p.is_dir() and not p.is_symlink()) == [outcome.version]
    assert {p.name: p.read_bytes() for p in Path(again.release_path).glob("*.parquet")} == before


def test_the_release_records_the_dedup_settings_it_was_built_with(seeds_build):
    from pipeline.dedup import DedupConfig

    outcome, _ = seeds_build
    manifest = json.loads((Path(outcome.release_path) / "manifest.json").read_text())
    assert manifest["settings"]["dedup"] == DedupConfig().values()


@pytest.mark.slow(11)
def test_builds_into_different_data_folders_keep_separate_histories(tmp_path):
    """Each data folder has its own Dagster instance: the UI on one never shows another folder's release."""
    from pipeline.build import dataset_instance

    one = _one_document_folder(tmp_path / "one")
    first = build_dataset(seeds_dir=one, data_dir=tmp_path / "a", cache_dir=SHARED_CACHE)
    two = _one_document_folder(tmp_path / "two")
    (two / "second.txt").write_text("Naps restore attention in adults.\n")
    other = build_dataset(seeds_dir=two, data_dir=tmp_path / "b", cache_dir=SHARED_CACHE)
    assert first.published and other.published
    for folder, outcome in [(tmp_path / "a", first), (tmp_path / "b", other)]:
        with dataset_instance(folder) as instance:
            runs = instance.get_runs()
            assert [run.run_id for run in runs] == [outcome.run_id]
            latest = instance.get_latest_materialization_event(dg.AssetKey("release"))
            assert latest is not None and latest.asset_materialization is not None
            assert str(latest.asset_materialization.metadata["path"].value).startswith(str(folder))
            assert len(instance.get_dynamic_partitions("documents")) == outcome.row_counts["documents"]


@pytest.mark.slow(11)
def test_a_rebuild_with_nothing_changed_reports_the_release_without_a_run_until_something_changes(tmp_path):
    from pipeline.dedup import DedupConfig

    seeds = tmp_path / "inbox"
    seeds.mkdir()
    small = min(SEEDS.iterdir(), key=lambda p: p.stat().st_size)
    shutil.copy(small, seeds)
    out = tmp_path / "data"

    def build(**options) -> tuple[BuildOutcome, int]:
        with dg.DagsterInstance.ephemeral() as instance:
            outcome = build_dataset(seeds_dir=seeds, data_dir=out, cache_dir=SHARED_CACHE, instance=instance, **options)
            return outcome, len(instance.get_runs())

    first, runs = build()
    assert first.new_release and runs == 1
    again, runs = build()
    assert runs == 0 and again.published and not again.new_release
    assert (again.version, again.release_path, again.row_counts) == (first.version, first.release_path, first.row_counts)
    assert exit_code(again) == 0 and "unchanged" in again.report()

    _, runs = build(dedup=DedupConfig().replace(near=0.95))  # other settings: a run
    assert runs == 1
    (seeds / small.name).write_text(small.read_text(encoding="utf-8") + "\nOne sentence more.\n", encoding="utf-8")
    edited, runs = build()  # other bytes: a run, and a new release
    assert runs == 1 and edited.new_release and edited.version != first.version
    (out / "catalog.duckdb").unlink()  # pointers to repair: a run, never the shortcut
    (out / "releases" / "latest").unlink()
    repaired, runs = build()
    assert runs == 1 and (out / "catalog.duckdb").exists() and not repaired.new_release
    assert (out / "releases" / "latest").readlink().name == edited.version
