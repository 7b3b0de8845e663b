"""Bring the pointers of a release folder back in line with the committed releases.

A release is committed by one rename; ``index.json``, ``latest`` and ``catalog.duckdb`` are
derived from the committed folders afterwards. When that last step fails (a full disk, a
killed process), the release is published but incomplete: ``repair`` (and the next build,
which does the same under the same lock) finishes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.publish.catalog import CATALOG
from pipeline.publish.release import update_pointers
from pipeline.publish.store import ReleaseStore


@dataclass
class RepairReport:
    """What was out of date before the repair, and whether the repair finished."""

    problems: list[str] = field(default_factory=list)
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def pointer_problems(store: ReleaseStore) -> list[str]:
    """Every way in which index.json, latest and the catalog disagree with the committed releases."""
    versions = store.versions()
    problems = [f"leftover from an interrupted publish: {p.name}" for p in sorted(store.root.glob(".*"))
                if p.name != ".publish.lock"] if store.root.is_dir() else []
    problems += [f"archive of {v} missing" for v in versions if not store.archive_path(v).is_file()]
    try:
        index = json.loads((store.root / "index.json").read_bytes())
        indexed = [entry["version"] for entry in index["releases"]]
    except (OSError, ValueError, KeyError, TypeError):
        indexed = None
    if versions and indexed != versions:
        problems.append(f"index.json lists {indexed} instead of {versions}")
    latest = store.root / "latest"
    if versions and (not latest.is_symlink() or latest.readlink().name != versions[-1]):
        problems.append(f"latest does not point to {versions[-1]}")
    try:
        with duckdb.connect(str(store.data_dir / CATALOG), read_only=True) as con:
            catalogued = [v for (v,) in con.execute("select version from releases order by major, minor, patch")
                          .fetchall()]
    except duckdb.Error:
        catalogued = None
    if versions and catalogued != versions:
        problems.append(f"{CATALOG} lists {catalogued} instead of {versions}")
    return problems


def repair(data_dir: Path) -> RepairReport:
    """Under the publish lock: remove leftovers, re-pack missing archives, rewrite the pointers."""
    store = ReleaseStore(data_dir)
    report = RepairReport(problems=pointer_problems(store))
    with store.publishing():
        report.failure = update_pointers(store)
    return report
