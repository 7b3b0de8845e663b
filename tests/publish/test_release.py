"""publish_release: versions, reproducible bytes, immutability, and the files of a release."""

from __future__ import annotations

import json
import struct
import subprocess
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.ids import sha256_file

from .factory import base_corpus, edited_corpus, make_tables

RELEASE_FILES = {"manifest.json", "SHA256SUMS", "dataset.duckdb", "README.md", "CHANGELOG.md", "datapackage.json",
                 "release_diff.parquet", "works.bib"}


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: sha256_file(p) for p in sorted(folder.iterdir())}


def test_first_release_is_1_0_0_with_a_parquet_file_per_table_and_the_release_files(history):
    data_dir, (result, _) = history
    assert (result.version, result.created) == ("1.0.0", True)
    assert result.path == data_dir.resolve() / "releases" / "1.0.0"
    names = {p.name for p in result.path.iterdir()}
    assert names == RELEASE_FILES | {f"{table}.parquet" for table in result.row_counts}
    assert all(p.stat().st_mode & 0o777 == 0o444 for p in result.path.iterdir())
    assert result.row_counts["facts"] == 5 and result.diff_counts["facts"] == {"added": 5, "removed": 0, "changed": 0, "moved": 0}


def test_identical_rebuild_creates_no_new_release_and_leaves_every_byte_unchanged(publish, data_dir):
    first = publish()
    before = _hashes(first.path)
    again = publish()
    assert (again.created, again.version, again.path) == (False, "1.0.0", first.path)
    assert again.archive_sha256 == first.archive_sha256
    assert _hashes(first.path) == before
    assert sorted(p.name for p in (data_dir / "releases").iterdir() if p.is_dir() and not p.is_symlink()) == ["1.0.0"]


def test_two_builds_from_the_same_inputs_give_byte_identical_parquet_files(publish, tmp_path):
    one = publish(into=tmp_path / "one")
    tables = make_tables(base_corpus())
    shuffled = {name: table.take(list(reversed(range(table.num_rows)))) for name, table in tables.items()}
    two = publish(tables=shuffled, into=tmp_path / "two")
    parquet = sorted(p.name for p in one.path.glob("*.parquet"))
    assert parquet and all((one.path / n).read_bytes() == (two.path / n).read_bytes() for n in parquet)
    fingerprints = [json.loads((r.path / "manifest.json").read_text())["fingerprint"] for r in (one, two)]
    assert fingerprints[0] == fingerprints[1]


def test_changed_input_gives_a_new_minor_release_with_exactly_the_changed_ids_and_keeps_the_old_one(publish):
    old_tables, new_tables = make_tables(base_corpus()), make_tables(edited_corpus())
    first = publish()
    before = _hashes(first.path)
    result = publish(edited_corpus())
    assert _hashes(first.path) == before
    assert (result.version, result.created) == ("1.1.0", True)
    diff = pq.read_table(result.path / "release_diff.parquet").to_pylist()
    keys = {"documents": "document_id", "facts": "fact_id", "works": "work_id", "references": "reference_id"}
    for table, key in keys.items():
        old_ids, new_ids = set(old_tables[table][key].to_pylist()), set(new_tables[table][key].to_pylist())
        assert {r["id"] for r in diff if r["entity"] == table and r["change"] == "added"} == new_ids - old_ids
        assert {r["id"] for r in diff if r["entity"] == table and r["change"] == "removed"} == old_ids - new_ids
        counts = result.diff_counts[table]
        assert (counts["added"], counts["removed"]) == (len(new_ids - old_ids), len(old_ids - new_ids))
    changed_works = {r["id"] for r in diff if r["entity"] == "works" and r["change"] == "changed"}
    assert changed_works == {w["work_id"] for w in new_tables["works"].to_pylist() if w["title"] == "Salt Lakes"}
    changelog = (result.path / "CHANGELOG.md").read_text()
    assert changelog.index("## 1.1.0") < changelog.index("## 1.0.0")


def test_changed_values_without_added_or_removed_rows_give_a_patch_release(publish):
    publish()
    tables = make_tables(base_corpus())
    works = tables["works"]
    titles = [f"{title} (2nd ed.)" for title in works["title"].to_pylist()]
    column = works.schema.get_field_index("title")
    tables["works"] = works.set_column(column, "title", pa.array(titles, pa.large_string()))
    result = publish(tables=tables)
    assert result.version == "1.0.1"
    assert result.diff_counts["works"] == {"added": 0, "removed": 0, "changed": 2, "moved": 0}
    assert sum(c["added"] + c["removed"] + c["changed"] for c in result.diff_counts.values()) == 2


def test_a_new_or_removed_table_is_a_major_bump(publish):
    tables = make_tables(base_corpus())
    without_rejects = {name: table for name, table in tables.items() if name != "rejects"}
    assert publish(tables=without_rejects).version == "1.0.0"
    added = publish(tables=tables)
    assert added.version == "2.0.0"
    assert added.diff_counts["rejects"]["added"] == 1
    removed = publish(tables=without_rejects)
    assert removed.version == "3.0.0"
    manifest = json.loads((removed.path / "manifest.json").read_text())
    assert manifest["schema_changes"]["breaking"] == ["table rejects removed"]


def test_latest_points_to_the_newest_release_and_the_index_lists_every_version(history):
    data_dir, (_, newest) = history
    releases = data_dir / "releases"
    assert (releases / "latest").resolve() == newest.path
    index = json.loads((releases / "index.json").read_text())
    assert index["latest"] == "1.1.0"
    assert [entry["version"] for entry in index["releases"]] == ["1.0.0", "1.1.0"]
    for entry in index["releases"]:
        archive = releases / entry["archive"]
        assert entry["archive_sha256"] == sha256_file(archive) and entry["archive_bytes"] == archive.stat().st_size
        assert entry["row_counts"]["documents"] > 0 and entry["created"].endswith("Z")


def test_checksums_pass_sha256sum_for_the_release_and_its_archive(history):
    data_dir, (_, result) = history
    for cwd, sums in [(result.path, "SHA256SUMS"), (data_dir / "releases", f"{result.archive_name}.sha256")]:
        completed = subprocess.run(["sha256sum", "--check", "--strict", sums], cwd=cwd, capture_output=True, text=True)
        assert completed.returncode == 0, completed.stdout + completed.stderr


def test_duckdb_file_uses_the_storage_format_duckdb_1_0_reads_and_holds_real_tables(history):
    _, (_, result) = history
    database = result.path / "dataset.duckdb"
    assert database.read_bytes()[8:12] == b"DUCK"
    assert struct.unpack("<Q", database.read_bytes()[12:20])[0] == 64  # storage version of DuckDB 1.0-1.1
    with duckdb.connect(str(database), read_only=True) as con:
        kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
        assert kinds == dict.fromkeys(result.row_counts, "BASE TABLE")
        rows = con.execute("SELECT fact_id FROM facts").fetchall()
    assert [r[0] for r in rows] == sorted(r[0] for r in rows) and len(rows) == result.row_counts["facts"]


def test_previous_duckdb_stays_readable_read_only_while_a_new_release_is_published(publish):
    first = publish()
    with duckdb.connect(str(first.path / "dataset.duckdb"), read_only=True) as reader:
        before = reader.execute("SELECT count(*) FROM facts").fetchall()
        assert publish(edited_corpus()).created
        assert reader.execute("SELECT count(*) FROM facts").fetchall() == before


def test_manifest_records_version_inputs_code_counts_hashes_and_schemas(history):
    _, (result, _) = history
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["version"] == "1.0.0" and manifest["code_version"] == "code-1"
    assert [i["path"] for i in manifest["inputs"]] == ["in/a.txt", "in/b.txt", "in/c.txt"]
    assert manifest["files"]["facts.parquet"] == {
        "sha256": sha256_file(result.path / "facts.parquet"),
        "bytes": (result.path / "facts.parquet").stat().st_size,
        "rows": 5,
    }
    assert manifest["files"]["works.bib"]["sha256"] == sha256_file(result.path / "works.bib")
    schema = {c["name"]: c for c in manifest["tables"]["facts"]["schema"]}
    assert schema["line_no"] == {"name": "line_no", "type": "int64", "nullable": False}
    assert schema["source_id"]["nullable"] is True


def test_dataset_card_and_datapackage_describe_tables_keys_and_provenance(history):
    _, (result, _) = history
    card = (result.path / "README.md").read_text()
    for needle in ["## How to cite", "## Licence", "### facts", "in/a.txt", "| `fact_type` |"]:
        assert needle in card
    package = json.loads((result.path / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    facts = resources["facts"]
    # Parquet resources carry no bytes/hash (frictionless cannot check them through its Parquet reader);
    # SHA256SUMS does, and non-table files keep theirs.
    assert "hash" not in facts and f"{sha256_file(result.path / 'facts.parquet')}  facts.parquet" in (
        result.path / "SHA256SUMS").read_text()
    assert resources["works-bib"]["hash"] == f"sha256:{sha256_file(result.path / 'works.bib')}"
    assert facts["schema"]["primaryKey"] == ["fact_id"]
    to_clusters = {"fields": "cluster_id", "reference": {"resource": "fact_clusters", "fields": "cluster_id"}}
    assert to_clusters in facts["schema"]["foreignKeys"]
    fields = {f["name"]: f for f in facts["schema"]["fields"]}
    assert "claim" in fields["fact_type"]["constraints"]["enum"] and fields["fact_type"]["description"]


def test_a_table_violating_its_schema_is_refused_and_nothing_is_published(publish, data_dir):
    tables = make_tables(base_corpus())
    facts = tables["facts"]
    tables["facts"] = facts.set_column(
        facts.schema.get_field_index("fact_type"), "fact_type", pa.array(["rumour"] * facts.num_rows, pa.large_string())
    )
    with pytest.raises(ValueError, match="facts"):
        publish(tables=tables)
    assert [p.name for p in (data_dir / "releases").iterdir() if not p.name.startswith(".")] == []


def test_a_dangling_foreign_key_is_refused_with_the_key_and_value(publish, data_dir):
    tables = make_tables(base_corpus())
    works = tables["works"]
    tables["works"] = works.slice(1)
    dropped = works["work_id"][0]
    message = rf"references.work_id: 1 value\(s\) missing from works.work_id, e.g. '{dropped}'"
    with pytest.raises(ValueError, match=message):
        publish(tables=tables)
    assert not (data_dir / "releases" / "1.0.0").exists()


def test_an_extra_file_may_not_replace_a_release_file(publish):
    with pytest.raises(ValueError, match="manifest.json"):
        publish(extra_files={"manifest.json": b"{}"})
