"""Helpers for the parsing tests: parse a file into per-table row lists."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipeline.paths import REPO_ROOT, SEEDS_DIR
from pipeline.parsing import parse_document

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "documents"
SEEDS = SEEDS_DIR
ALL_DOCUMENTS = sorted(FIXTURES.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))


def parse_tables(path: Path, display_path: str | None = None) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = defaultdict(list)
    for table, row in parse_document(path, display_path=display_path or path.name):
        tables[table].append(row)
    return tables


def roles(tables: dict[str, list[dict]]) -> dict[int, str]:
    return {row["line_no"]: row["role"] for row in tables["document_lines"]}


