"""Publishing under faults: a failure before the commit point publishes nothing and leaves no
trace; a failure after it leaves a committed release, reported as incomplete, that ``repair``
(or the next publish) completes. Temporary files never outlive the failure."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

import pipeline.publish.release as release_module
import pipeline.publish.store as store_module
from pipeline.publish import verify_release
from pipeline.publish.repair import pointer_problems, repair
from pipeline.publish.store import ReleaseStore
from tests.publish.factory import base_corpus, edited_corpus, publish_docs


def _full_disk(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _leftovers(data_dir: Path) -> list[str]:
    root = data_dir / "releases"
    return sorted(p.name for p in [*root.glob(".*"), *data_dir.glob(".*")] if p.name != ".publish.lock")


def _catalog_versions(data_dir: Path) -> list[str]:
    with duckdb.connect(str(data_dir / "catalog.duckdb"), read_only=True) as con:
        return [v for (v,) in con.execute("select version from releases order by major, minor, patch").fetchall()]


@pytest.fixture(scope="module")
def published_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder after one clean publish of the base corpus (release, archive, index, latest, catalog)."""
    data_dir = tmp_path_factory.mktemp("published-once") / "data"
    publish_docs(base_corpus(), data_dir)
    return data_dir


@pytest.fixture
def first_release(published_once: Path, tmp_path: Path) -> Path:
    """A copy of that folder for one test to fault: every path in it is relative, so the copy is the same
    state as a publish of its own, without paying for one per test."""
    return Path(shutil.copytree(published_once, tmp_path / "data", symlinks=True))


BEFORE_COMMIT = {
    "table files": ("write_parquet", None),
    "database": ("write_duckdb_reproducibly", None),
    "archive": ("pack_release", "pipeline.publish.store"),
    "commit rename": ("commit", ReleaseStore),
}


@pytest.mark.parametrize("step", BEFORE_COMMIT)
def test_a_failure_before_the_commit_point_publishes_nothing_and_leaves_no_temporary_file(
    first_release: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    name, owner = BEFORE_COMMIT[step]
    target = owner if isinstance(owner, type) else sys.modules[owner] if owner else release_module
    monkeypatch.setattr(target, name, _full_disk)
    with pytest.raises(OSError, match="No space left"):
        publish_docs(edited_corpus(), first_release)
    store = ReleaseStore(first_release)
    assert store.versions() == ["1.0.0"]
    assert _leftovers(first_release) == []
    assert sorted(p.name for p in store.root.iterdir() if not p.name.startswith(".")) == [
        "1.0.0", "1.0.0.tar.gz", "1.0.0.tar.gz.sha256", "index.json", "latest"]
    assert pointer_problems(store) == []


def _full_disk_when_writing(file_name: str, real: Callable[..., None]) -> Callable[..., None]:
    def write(path: Path, *args: object) -> None:
        if Path(path).name == file_name:
            _full_disk()
        real(path, *args)
    return write


AFTER_COMMIT = {
    "index.json": ("replace_atomically", "index.json", "index.json and latest"),
    "latest": ("point_symlink_atomically", "latest", "index.json and latest"),
    "catalog": ("write_catalog", None, "catalog.duckdb"),
}


@pytest.mark.parametrize("step", AFTER_COMMIT)
def test_a_failure_after_the_commit_point_is_reported_as_incomplete_and_repair_completes_it(
    first_release: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    name, file_name, reported = AFTER_COMMIT[step]
    with monkeypatch.context() as patch:
        if file_name is None:
            patch.setattr(release_module, name, _full_disk)
        else:
            real = getattr(store_module, name)
            patch.setattr(store_module, name, _full_disk_when_writing(file_name, real))
        result = publish_docs(edited_corpus(), first_release)
    assert (result.version, result.complete) == ("1.1.0", False)
    assert result.incomplete == f"{reported} not updated (No space left on device)"
    assert verify_release(result.path).ok  # the committed folder itself is whole
    assert _leftovers(first_release) == []
    assert pointer_problems(ReleaseStore(first_release))
    report = repair(first_release)
    assert report.ok and report.problems
    assert pointer_problems(ReleaseStore(first_release)) == []
    assert _catalog_versions(first_release) == ["1.0.0", "1.1.0"]
    assert (first_release / "releases" / "latest").readlink().name == "1.1.0"


def test_the_next_publish_completes_an_incomplete_release(first_release: Path, monkeypatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(release_module, "write_catalog", _full_disk)
        assert not publish_docs(edited_corpus(), first_release).complete
    again = publish_docs(edited_corpus(), first_release)
    assert (again.created, again.version, again.complete) == (False, "1.1.0", True)
    assert _catalog_versions(first_release) == ["1.0.0", "1.1.0"]


def test_repair_removes_what_a_killed_publish_left_and_says_so(first_release: Path) -> None:
    root = first_release / "releases"
    (root / ".staging-killed").mkdir()
    (root / ".catalog.duckdb.123.tmp.wal").write_bytes(b"x" * 1000)
    (root / "1.0.0.tar.gz").unlink()
    completed = subprocess.run([sys.executable, "-m", "pipeline", "repair", "--data", str(first_release)],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert "3 problem(s) fixed" in completed.stdout
    assert _leftovers(first_release) == [] and (root / "1.0.0.tar.gz").is_file()
    assert verify_release(root / "1.0.0.tar.gz").ok


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs mount whose size a test may change (``mount -o remount``); needs root."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:8]}"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
                                           capture_output=True, check=False).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _resize(mount: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(mount)], check=True)


@pytest.mark.parametrize("size", ["16k", "64k", "160k", "240k", "320k", "480k", "2m"])
def test_on_a_small_disk_a_publish_is_either_absent_complete_or_incomplete_and_repairable(
    small_disk: Path, tmp_path: Path, size: str
) -> None:
    """Release 1.0.0 is published with room to spare, then the disk shrinks to ``size`` for 1.1.0."""
    data_dir = small_disk / "data"
    _resize(small_disk, "32m")
    publish_docs(base_corpus(), data_dir)
    before = ReleaseStore(data_dir).index_entries()
    used = shutil.disk_usage(small_disk).used
    _resize(small_disk, str(max(int(size[:-1]) * {"k": 1024, "m": 1 << 20}[size[-1]], used + 4096)))
    try:
        result = publish_docs(edited_corpus(), data_dir)
    except OSError as error:
        assert error.errno == errno.ENOSPC or "No space left" in str(error), error
        assert ReleaseStore(data_dir).versions() == ["1.0.0"]
        assert ReleaseStore(data_dir).index_entries() == before
        assert pointer_problems(ReleaseStore(data_dir)) == []
    else:
        assert result.version == "1.1.0" and verify_release(result.path).ok
        if not result.complete:
            assert "No space left" in (result.incomplete or "")
            _resize(small_disk, "32m")
            assert repair(data_dir).ok
        assert pointer_problems(ReleaseStore(data_dir)) == []
    assert _leftovers(data_dir) == []
    assert verify_release(data_dir / "releases" / "1.0.0").ok
