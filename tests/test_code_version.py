"""The code version that keys caches and is recorded in every release covers package data too."""

from pathlib import Path

from pipeline.code_version import tree_digest


def _package(root: Path) -> Path:
    (root / "pkg" / "vocabularies").mkdir(parents=True)
    (root / "pkg" / "module.py").write_text("X = 1\n")
    (root / "pkg" / "vocabularies" / "units.toml").write_text('mg = ["milligram"]\n')
    return root


def test_editing_a_vocabulary_file_changes_the_code_version(tmp_path: Path) -> None:
    root = _package(tmp_path)
    before = tree_digest(root, "pkg")
    (root / "pkg" / "vocabularies" / "units.toml").write_text('mg = ["milligram", "milligramme"]\n')
    assert tree_digest(root, "pkg") != before


def test_byte_code_and_tool_caches_do_not_change_the_code_version(tmp_path: Path) -> None:
    root = _package(tmp_path)
    before = tree_digest(root, "pkg")
    (root / "pkg" / "__pycache__").mkdir()
    (root / "pkg" / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"\x00\x01")
    (root / "pkg" / ".mypy_cache").mkdir()
    (root / "pkg" / ".mypy_cache" / "cache.json").write_text("{}")
    assert tree_digest(root, "pkg") == before


def test_renaming_a_module_changes_the_code_version(tmp_path: Path) -> None:
    root = _package(tmp_path)
    before = tree_digest(root, "pkg")
    (root / "pkg" / "module.py").rename(root / "pkg" / "renamed.py")
    assert tree_digest(root, "pkg") != before


def test_single_files_can_be_part_of_a_version(tmp_path: Path) -> None:
    root = _package(tmp_path)
    (root / "ids.py").write_text("A = 1\n")
    before = tree_digest(root, "pkg", "ids.py")
    (root / "ids.py").write_text("A = 2\n")
    assert tree_digest(root, "pkg", "ids.py") != before != tree_digest(root, "pkg")


def test_the_pipeline_version_hashes_the_shipped_vocabularies() -> None:
    from pipeline.code_version import REPO_ROOT, _code_files

    vocabularies = set((REPO_ROOT / "pipeline" / "dedup" / "vocabularies").glob("*.toml"))
    assert vocabularies, "the dedup package ships vocabulary files"
    assert vocabularies <= set(_code_files(REPO_ROOT / "pipeline"))
