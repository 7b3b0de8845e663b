"""verify_release: intact releases pass; tampering is reported precisely."""

from __future__ import annotations

import io
import json
import shutil
import tarfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.ids import sha256_file
from pipeline.publish import verify_release
from pipeline.publish.archive import pack_release
from pipeline.publish.manifest import render_checksums
from pipeline.publish.table_files import write_parquet

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


@pytest.fixture
def lone_archive(history, tmp_path) -> Path:
    """A copy of the newest archive without its ``.sha256`` file."""
    data_dir, results = history
    return Path(shutil.copy(data_dir / "releases" / results[-1].archive_name, tmp_path))


@pytest.mark.parametrize(("offset", "expected"), [
    (4, "gzip header"),  # the modification time: harmless to gunzip, still not the archive that was published
    (9, "gzip header"),  # the operating-system byte
    (-8, "gzip CRC32"),
    (-1, "gzip trailer says"),
])
def test_an_archive_without_its_checksum_file_still_fails_on_a_flipped_gzip_header_or_trailer_byte(
    lone_archive, offset, expected
):
    assert verify_release(lone_archive).ok
    _flip_byte(lone_archive, offset % lone_archive.stat().st_size)
    problems = verify_release(lone_archive).problems
    assert any(p.startswith(f"{lone_archive.name}: {expected}") for p in problems), problems


def test_a_truncated_archive_or_one_with_bytes_appended_is_reported(lone_archive):
    data = lone_archive.read_bytes()
    lone_archive.write_bytes(data + b"junk")
    assert f"{lone_archive.name}: 4 unexpected byte(s) after the gzip stream" in verify_release(lone_archive).problems
    lone_archive.write_bytes(data[: len(data) // 2])
    assert any("truncated gzip stream" in p for p in verify_release(lone_archive).problems)


def test_an_archive_with_a_member_twice_is_reported(release_copy, tmp_path):
    archive = tmp_path / "twice.tar.gz"
    pack_release(release_copy, "1.1.0", archive)
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
    with tarfile.open(archive, "w:gz") as tar:
        for member, data in [*members, members[1]]:
            tar.addfile(member, io.BytesIO(data) if data is not None else None)
    assert f"{archive.name}: member {members[1][0].name!r} occurs more than once" in verify_release(archive).problems


@pytest.mark.parametrize("name", ["SHA256SUMS", "manifest.json", "datapackage.json", "README.md", "CHANGELOG.md"])
def test_an_unreadable_metadata_file_is_reported_by_name(release_copy, name):
    path = release_copy / name
    path.write_bytes(b"\xff\xfe not text " + path.read_bytes()[:40])
    problems = verify_release(release_copy).problems
    assert any(p.startswith(f"{name}: unreadable") for p in problems), problems


def test_an_unreadable_checksum_file_beside_an_archive_is_reported_by_name(history, tmp_path):
    data_dir, results = history
    archive = Path(shutil.copy(data_dir / "releases" / results[-1].archive_name, tmp_path))
    (tmp_path / f"{archive.name}.sha256").write_bytes(b"\xff\xfe\x00")
    assert any(p.startswith(f"{archive.name}.sha256: unreadable") for p in verify_release(archive).problems)


@pytest.mark.parametrize("field", ["fingerprint", "tables", "files"])
def test_a_manifest_without_a_required_field_is_reported_with_the_field(release_copy, field):
    manifest = json.loads((release_copy / "manifest.json").read_text())
    del manifest[field]
    (release_copy / "manifest.json").write_text(json.dumps(manifest))
    _rehash(release_copy) if field != "files" else None
    assert f"manifest.json: missing field(s) {field}" in verify_release(release_copy).problems
