"""verify_release: intact releases pass; tampering is reported precisely."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.publish import verify_release
from pipeline.publish.archive import pack_release
from pipeline.ids import sha256_file
from pipeline.publish.manifest import render_checksums
from pipeline.publish.tables import write_parquet

from .factory import writable_copy


@pytest.fixture
def release_copy(history, tmp_path) -> Path:
    """A copy of release 1.1.0 that a test may damage."""
    _, results = history
    return writable_copy(results[-1].path, tmp_path / "1.1.0")


def _flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def _rehash(release: Path) -> None:
    """Make manifest and SHA256SUMS agree with the files again (a consistent but bad release)."""
    manifest = json.loads((release / "manifest.json").read_text())
    for name, entry in manifest["files"].items():
        entry["sha256"], entry["bytes"] = sha256_file(release / name), (release / name).stat().st_size
    (release / "manifest.json").write_text(json.dumps(manifest))
    hashes = {p.name: sha256_file(p) for p in release.iterdir() if p.name != "SHA256SUMS"}
    (release / "SHA256SUMS").write_bytes(render_checksums(hashes))


def test_intact_release_folder_and_archive_pass(history):
    data_dir, results = history
    for target in (results[-1].path, data_dir / "releases" / results[-1].archive_name):
        result = verify_release(target)
        assert (result.ok, result.problems, result.version) == (True, [], "1.1.0")


def test_a_flipped_byte_in_a_table_file_is_reported_with_the_file_and_both_hashes(release_copy):
    expected = sha256_file(release_copy / "facts.parquet")
    _flip_byte(release_copy / "facts.parquet", 100)
    problems = verify_release(release_copy).problems
    actual = sha256_file(release_copy / "facts.parquet")
    assert f"facts.parquet: sha256 mismatch (SHA256SUMS says {expected}, file has {actual})" in problems


def test_a_flipped_byte_in_an_archive_fails_its_checksum(history, tmp_path):
    data_dir, results = history
    archive = shutil.copy(data_dir / "releases" / results[-1].archive_name, tmp_path)
    shutil.copy(data_dir / "releases" / f"{results[-1].archive_name}.sha256", tmp_path)
    _flip_byte(Path(archive), 2000)
    result = verify_release(Path(archive))
    assert not result.ok and result.problems[0].startswith(f"{results[-1].archive_name}: sha256 mismatch")


def test_a_schema_violation_is_reported_with_table_column_check_and_value(release_copy):
    facts = pq.read_table(release_copy / "facts.parquet")
    column = facts.schema.get_field_index("fact_type")
    fact_types = ["rumour"] + facts["fact_type"].to_pylist()[1:]
    broken = facts.set_column(column, "fact_type", pa.array(fact_types, pa.large_string()))
    write_parquet(broken, release_copy / "facts.parquet")
    _rehash(release_copy)
    problems = verify_release(release_copy).problems
    assert len(problems) == 1
    assert problems[0].startswith("facts: schema violation: column 'fact_type' fails isin(")
    assert problems[0].endswith("for 1 value(s), e.g. 'rumour'")


def test_a_row_count_differing_from_the_manifest_is_reported(release_copy):
    works = pq.read_table(release_copy / "works.parquet")
    write_parquet(works.slice(0, works.num_rows - 1), release_copy / "works.parquet")
    _rehash(release_copy)
    problems = verify_release(release_copy).problems
    assert f"works: {works.num_rows - 1} rows, manifest.json says {works.num_rows}" in problems


def test_a_dangling_foreign_key_is_reported(release_copy):
    clusters = pq.read_table(release_copy / "fact_clusters.parquet")
    write_parquet(clusters.slice(1), release_copy / "fact_clusters.parquet")
    _rehash(release_copy)
    problems = verify_release(release_copy).problems
    assert any(p.startswith("facts.cluster_id: ") and "missing from fact_clusters.cluster_id" in p for p in problems)


def test_missing_and_unlisted_files_are_reported(release_copy):
    (release_copy / "README.md").unlink()
    (release_copy / "notes.txt").write_text("added later")
    problems = verify_release(release_copy).problems
    assert "README.md: listed in SHA256SUMS but missing" in problems
    assert "notes.txt: present but not listed in SHA256SUMS" in problems


def test_an_archive_packed_from_a_damaged_release_fails(release_copy, tmp_path):
    _flip_byte(release_copy / "sources.parquet", 50)
    archive = tmp_path / "damaged.tar.gz"
    pack_release(release_copy, "1.1.0", archive)
    assert any(p.startswith("sources.parquet: sha256 mismatch") for p in verify_release(archive).problems)


def test_a_path_that_is_neither_folder_nor_archive_is_reported(tmp_path):
    missing = tmp_path / "nothing"
    assert verify_release(missing).problems == [f"{missing}: no such release folder or archive"]
