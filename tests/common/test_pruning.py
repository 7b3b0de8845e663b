import os
from pathlib import Path

from pipeline.common.pruning import keep_newest


def _aged(path: Path, age: int, folder: bool = False) -> Path:
    if folder:
        path.mkdir()
        (path / "inside").write_text("x")
    else:
        path.write_text("x")
    os.utime(path, (1_000_000 - age, 1_000_000 - age))
    return path


def test_only_the_newest_files_and_folders_are_kept(tmp_path: Path) -> None:
    entries = [_aged(tmp_path / f"e{age}", age, folder=age % 2 == 1) for age in range(5)]
    keep_newest(entries, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e0", "e1"]


def test_the_entry_in_use_is_never_deleted_and_counts_among_those_kept(tmp_path: Path) -> None:
    entries = [_aged(tmp_path / f"e{age}", age) for age in range(4)]
    keep_newest(entries, 2, spare=entries[3])  # the oldest, but in use
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e0", "e3"]


def test_an_entry_another_build_removed_first_is_no_error(tmp_path: Path) -> None:
    entries = [_aged(tmp_path / f"e{age}", age) for age in range(3)]
    entries[2].unlink()
    keep_newest(entries, 1)
    assert [p.name for p in tmp_path.iterdir()] == ["e0"]
