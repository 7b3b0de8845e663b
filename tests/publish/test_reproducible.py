"""The same inputs, code and history give the same published bytes: every file of a release,
``dataset.duckdb`` and the archive included, whatever folder it is built in and in whatever
order the rows or the input files arrive."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import dagster as dg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.build import build_dataset
from pipeline.ids import sha256_file
from pipeline.publish import ReleaseInput, publish_release
from pipeline.publish.manifest import parquet_name, read_manifest
from pipeline.publish.store import ReleaseStore
from pipeline.publish.table_files import write_duckdb_reproducibly
from tests.conftest import SHARED_CACHE
from tests.fuzz.mutations import BASES


def _release_bytes(data_dir: Path, version: str) -> dict[str, bytes]:
    store = ReleaseStore(data_dir)
    files = {p.name: p.read_bytes() for p in sorted(store.release_dir(version).iterdir())}
    archive = store.archive_path(version)
    files[archive.name] = archive.read_bytes()
    files[archive.name + ".sha256"] = archive.with_name(archive.name + ".sha256").read_bytes()
    return files


def _shuffled(table: pa.Table, rng: random.Random) -> pa.Table:
    order = list(range(table.num_rows))
    rng.shuffle(order)
    return table.take(pa.array(order, type=pa.int64()))


def _differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def _republish(release: Path, data_dir: Path, rng: random.Random | None) -> dict[str, bytes]:
    """Publish a release's tables again into ``data_dir``, rows and inputs shuffled when ``rng`` is given."""
    manifest = read_manifest(release)
    tables = {name: pq.read_table(release / parquet_name(name)) for name in manifest["tables"]}
    inputs = [ReleaseInput(path=i["path"], sha256=i["sha256"], size_bytes=i["size_bytes"]) for i in manifest["inputs"]]
    if rng is not None:
        tables = {name: _shuffled(table, rng) for name, table in reversed(tables.items())}
        inputs.reverse()
    extra = {name: (release / name).read_bytes() for name in ("works.bib", "works.csl.json", "works.ris")}
    result = publish_release(tables, inputs=inputs, data_dir=data_dir, code_version=manifest["code_version"],
                             extra_files=extra, settings=manifest["settings"])
    return _release_bytes(data_dir, result.version)


def test_publishing_the_seed_tables_twice_gives_identical_bytes_including_the_database(seeds_build, tmp_path):
    _, out = seeds_build
    release = ReleaseStore(out).resolve("latest")
    first = _republish(release, tmp_path / "a", None)
    second = _republish(release, tmp_path / "b", random.Random(7))
    assert len(first["dataset.duckdb"]) > 1_000_000  # big enough for DuckDB to reuse its buffers
    assert _differing(first, second) == []


def _build(root: Path, order: list[Path]) -> tuple[str, dict[str, bytes]]:
    inbox = root / "inbox"
    inbox.mkdir(parents=True)
    for path in order:
        shutil.copy(path, inbox / path.name)
    with dg.DagsterInstance.ephemeral() as instance:
        outcome = build_dataset(seeds_dir=inbox, data_dir=root / "out", cache_dir=SHARED_CACHE, instance=instance)
    assert outcome.published and outcome.version is not None, outcome.report()
    return outcome.version, _release_bytes(root / "out", outcome.version)


@pytest.mark.slow(8)
def test_two_builds_in_different_folders_and_input_orders_publish_identical_bytes(tmp_path: Path) -> None:
    documents = list(BASES[:3])
    version_a, a = _build(tmp_path / "first", documents)
    version_b, b = _build(tmp_path / "second" / "elsewhere", list(reversed(documents)))
    assert version_a == version_b == "1.0.0"
    assert _differing(a, b) == []


def test_the_database_file_is_written_identically_every_time(seeds_build, tmp_path):
    """Without the zeroing allocator about one write in five differed (unused bytes of reused buffers)."""
    _, out = seeds_build
    release = ReleaseStore(out).resolve("latest")
    files = {name: release / parquet_name(name) for name in read_manifest(release)["tables"]}
    digests = set()
    for attempt in range(6):
        target = tmp_path / f"{attempt}.duckdb"
        write_duckdb_reproducibly(files, target)
        digests.add(sha256_file(target))
    assert len(digests) == 1
