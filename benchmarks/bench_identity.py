"""How many IDs survive typical edits: builds a copy of seeds/, edits it, rebuilds, counts.

    ./run bench bench_identity

Edits, each followed by a real build into the same data folder: one word of one fact of the
concept page; a line inserted near the top of that page; a file renamed. Prints, per edit, the
IDs of every table before, how many were kept, the version and the diff counts.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.build import build_dataset  # noqa: E402
from pipeline.paths import CACHE_DIR, SEEDS_DIR  # noqa: E402
from pipeline.identity.rules import GROUP_IDENTITIES, ROW_IDENTITIES  # noqa: E402
from pipeline.publish.compare import compare_releases  # noqa: E402

ID_COLUMNS = [("documents", "document_id")] + [(i.table, i.id_column) for i in (*ROW_IDENTITIES, *GROUP_IDENTITIES)]


def _ids(release: Path) -> dict[str, set[str]]:
    return {table: set(pq.read_table(release / f"{table}.parquet", columns=[column]).column(0).to_pylist())
            for table, column in ID_COLUMNS}


def _build(seeds: Path, data: Path) -> Path:
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=seeds, data_dir=data, cache_dir=CACHE_DIR, instance=instance)
    assert outcome.published, outcome.report()
    return Path(outcome.release_path)


def _concept_page(seeds: Path) -> Path:
    return next(p for p in sorted(seeds.iterdir()) if "\nFacts (" in p.read_text("utf-8", errors="replace"))


def _edit_one_word(seeds: Path) -> str:
    page = _concept_page(seeds)
    lines = page.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("claim") and len(line.split()) > 10)
    words = lines[at].split(" ")
    words[len(words) // 2] = "notably"
    lines[at] = " ".join(words)
    page.write_text("\n".join(lines), "utf-8")
    return f"one word of the fact on line {at + 1} of {page.name}"


def _insert_line(seeds: Path) -> str:
    page = _concept_page(seeds)
    lines = page.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if i > 0 and line.strip() and not lines[i - 1].strip()) + 1
    page.write_text("\n".join([*lines[:at], "A synthesis sentence inserted near the top.", *lines[at:]]), "utf-8")
    return f"a line inserted after line {at} of {page.name}"


def _rename(seeds: Path) -> str:
    victim = next(p for p in sorted(seeds.iterdir()) if p != _concept_page(seeds))
    (seeds / "moved").mkdir()
    victim.rename(seeds / "moved" / victim.name)
    return f"{victim.name} moved to moved/{victim.name}"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        seeds, data = Path(scratch) / "seeds", Path(scratch) / "data"
        shutil.copytree(SEEDS_DIR, seeds)
        release = _build(seeds, data)
        for edit in (_edit_one_word, _insert_line, _rename):
            what = edit(seeds)
            before = _ids(release)
            release_after = _build(seeds, data)
            after = _ids(release_after)
            comparison = compare_releases(release, release_after)
            kept = sum(len(before[t] & after[t]) for t in before)
            total = sum(len(ids) for ids in before.values())
            print(f"\n== {what}: {release.name} -> {release_after.name} ({comparison.bump})")
            print(f"   IDs kept: {kept:,} of {total:,}")
            for table in before:
                lost = len(before[table] - after[table])
                gained = len(after[table] - before[table])
                print(f"   {table:<15} {len(before[table]):>5} before, {lost:>3} gone, {gained:>3} new")
            changed = {e: c for e, c in comparison.counts.items() if any(c.values())}
            print("   diff:", ", ".join(f"{e} {c}" for e, c in changed.items()))
            for rename in comparison.renamed:
                print(f"   renamed: {rename.old_path} -> {rename.new_path}")
            release = release_after


if __name__ == "__main__":
    main()
