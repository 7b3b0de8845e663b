"""Release archives: deterministic bytes, safe extraction."""

from __future__ import annotations

import io
import shutil
import tarfile

import pytest

from pipeline.publish import verify_release
from pipeline.publish.archive import extract_release, pack_release, read_checksum_file
from pipeline.ids import sha256_file

from .factory import edited_corpus, publish_docs


def test_packing_the_same_release_twice_gives_identical_bytes(history, tmp_path):
    data_dir, (_, release) = history
    digests = [pack_release(release.path, release.version, tmp_path / f"{n}.tar.gz") for n in range(2)]
    assert digests[0] == digests[1] == sha256_file(data_dir / "releases" / release.archive_name)


def test_archive_holds_one_folder_named_after_the_version(history, tmp_path):
    data_dir, (_, release) = history
    extracted = extract_release(data_dir / "releases" / release.archive_name, tmp_path)
    assert extracted.name == "1.1.0"
    assert sorted(p.name for p in extracted.iterdir()) == sorted(p.name for p in release.path.iterdir())


def test_a_deleted_archive_is_recreated_byte_for_byte_by_the_next_publish(history, tmp_path):
    data_dir, (first, second) = history
    copy = shutil.copytree(data_dir, tmp_path / "data", symlinks=True)
    (copy / "releases" / first.archive_name).unlink()
    (copy / "releases" / f"{second.archive_name}.sha256").unlink()
    assert not publish_docs(edited_corpus(), copy).created
    assert sha256_file(copy / "releases" / first.archive_name) == first.archive_sha256
    assert read_checksum_file(copy / "releases" / second.archive_name) == second.archive_sha256


def test_an_archive_escaping_its_folder_is_refused(tmp_path):
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        member = tarfile.TarInfo("../outside.txt")
        member.size = 3
        tar.addfile(member, io.BytesIO(b"bad"))
    with pytest.raises(tarfile.TarError):
        extract_release(archive, tmp_path / "into")
    assert not (tmp_path / "outside.txt").exists()
    assert any(p.startswith("evil.tar.gz: cannot be extracted") for p in verify_release(archive).problems)
