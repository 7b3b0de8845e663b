"""One document's tables are cached per content and code: a rebuild reads unchanged documents back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipeline.documents as documents
from pipeline.documents import DocumentTables, many_document_tables
from pipeline.parsing.corpus import scan_inputs
from tests.conftest import SEEDS


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in sorted(SEEDS.iterdir(), key=lambda p: p.stat().st_size)[:2]:
        shutil.copy(path, folder)
    (folder / "empty.txt").write_text("\n")  # rejected when read: its rejection is cached like any result
    return folder


def _same(a: list[DocumentTables], b: list[DocumentTables]) -> bool:
    return [(d.document_id, d.crash, d.failures) for d in a] == [(d.document_id, d.crash, d.failures) for d in b] and all(
        x.tables[name].equals(y.tables[name]) and x.tables[name].schema == y.tables[name].schema
        for x, y in zip(a, b, strict=True)
        for name in x.tables
    )


def test_a_second_pass_reads_every_document_back_without_parsing_it(inbox, tmp_path, monkeypatch):
    items = scan_inputs(inbox)
    first = many_document_tables(items, tmp_path / "cache")
    extracted: list[str] = []
    real_extract = documents._extract
    monkeypatch.setattr(documents, "_extract", lambda item, *a: extracted.append(item.display_path) or real_extract(item, *a))
    second = many_document_tables(items, tmp_path / "cache")
    assert _same(first, second)
    assert extracted == []


def test_an_edited_document_is_extracted_again_and_the_others_are_not(inbox, tmp_path, monkeypatch):
    many_document_tables(scan_inputs(inbox), tmp_path / "cache")
    edited = sorted(p for p in inbox.iterdir() if p.name != "empty.txt")[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more sentence was added at the end.\n", encoding="utf-8")
    extracted: list[str] = []
    real_extract = documents._extract
    monkeypatch.setattr(documents, "_extract", lambda item, *a: extracted.append(item.display_path) or real_extract(item, *a))
    again = many_document_tables(scan_inputs(inbox), tmp_path / "cache")
    assert extracted == [f"inbox/{edited.name}"]
    assert _same(again, many_document_tables(scan_inputs(inbox), tmp_path / "fresh-cache"))


def test_a_damaged_cache_entry_is_recomputed_not_trusted(inbox, tmp_path):
    items = scan_inputs(inbox)
    first = many_document_tables(items, tmp_path / "cache")
    stored = list((tmp_path / "cache" / "documents").rglob("facts.arrow"))
    assert stored
    for table_file in stored:
        table_file.write_bytes(b"not a table")
    assert _same(first, many_document_tables(items, tmp_path / "cache"))


def test_a_batch_parsed_on_several_cores_equals_one_parsed_in_this_process(tmp_path, monkeypatch):
    folder = tmp_path / "many"
    folder.mkdir()
    fixtures = sorted((Path(__file__).parent / "fixtures" / "documents").iterdir())
    for copy in range(documents.PARALLEL_FROM // len(fixtures) + 1):
        for path in fixtures:
            (folder / f"{copy:02d}_{path.name}").write_bytes(path.read_bytes())
    (folder / "00_crash_candidate.txt").write_bytes(b"\x00\x01 binary")  # a rejected entry among them
    items = scan_inputs(folder)
    assert len(items) >= documents.PARALLEL_FROM
    monkeypatch.setenv("PIPELINE_WORKERS", "1")
    alone = many_document_tables(items, tmp_path / "cache-alone")
    monkeypatch.setenv("PIPELINE_WORKERS", "2")
    assert _same(alone, many_document_tables(items, tmp_path / "cache-parallel"))
