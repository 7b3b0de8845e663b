"""A reader that resolves ``latest`` once sees one release, whole, while releases are published
by another process: every table file agrees with the manifest beside it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.paths import REPO_ROOT
from pipeline.publish.manifest import parquet_name, read_manifest
from pipeline.publish.store import ReleaseStore
from tests.publish.factory import base_corpus, publish_docs

_PUBLISHER = """
import sys
from pathlib import Path
from tests.publish.factory import Doc, base_corpus, publish_docs
docs = base_corpus()
for number in range(int(sys.argv[2])):
    facts = tuple(f"Added fact {number}.{k}." for k in range(number + 1))
    docs = [*docs, Doc(path=f"added_{number}.txt", facts=facts)]
    publish_docs(docs, Path(sys.argv[1]))
"""


@pytest.mark.slow(11)
def test_a_reader_that_resolves_latest_once_never_mixes_two_releases(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    publish_docs(base_corpus(), data_dir)
    publisher = subprocess.Popen([sys.executable, "-c", _PUBLISHER, str(data_dir), "5"], cwd=REPO_ROOT)
    store, seen, reads = ReleaseStore(data_dir), set(), 0
    try:
        while publisher.poll() is None or reads == 0:
            release = store.resolve("latest")
            manifest = read_manifest(release)
            for name, entry in manifest["tables"].items():
                assert pq.read_metadata(release / parquet_name(name)).num_rows == entry["rows"], (release, name)
            assert manifest["version"] == release.name
            seen.add(manifest["version"])
            reads += 1
            time.sleep(0.01)
    finally:
        publisher.wait(timeout=600)
    assert publisher.returncode == 0
    assert store.versions()[-1] == "1.5.0" and len(seen) >= 2, (seen, reads)
