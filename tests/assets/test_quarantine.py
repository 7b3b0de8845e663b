"""One bad document never blocks a release: a real build over the seeds plus hostile documents.

The hostile documents: one whose reference year 2999 gets past the reference parser's
plausibility guard (the guard is made to miss exactly 2999, as a parser regression would),
and one that crashes the parser. Both are quarantined with their reasons; every seed publishes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

import pipeline.parsing.corpus as corpus
import pipeline.references.parse as reference_parse
import pipeline.references.reference_tables as reference_tables
from pipeline.assets.ingest import DOCUMENT_ASSET
from pipeline.build import build_dataset
from pipeline.ids import document_id_for_path
from tests.conftest import SEEDS, SHARED_CACHE

FUTURE = """A note on sleep research

Sleep loss impairs memory consolidation in adults (Smith, 2999).

References

Smith, J. (2999). Sleep and memory. Journal of Sleep, 12(3), 45-67.
"""
CRASHING = "A document the parser cannot survive.\n\nIt has two lines.\n"


def _guard_missing_2999(real):
    def guard(record: dict):
        return [] if record.get("year") == 2999 else real(record)

    return guard


def _crash_on(name: str, real):
    def parse(path, *args, **kwargs):
        if Path(path).name == name:
            raise RuntimeError("parser bug triggered by this document")
        yield from real(path, *args, **kwargs)

    return parse


@pytest.fixture(scope="module")
def quarantine_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("quarantine")
    inbox = root / "inbox"
    shutil.copytree(SEEDS, inbox)
    (inbox / "zz_future_reference.txt").write_text(FUTURE)
    (inbox / "zz_crashing.txt").write_text(CRASHING)
    cache = root / "cache"  # parse results of the patched parser stay out of the shared cache
    cache.mkdir()
    (cache / "embeddings").symlink_to(SHARED_CACHE / "embeddings")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reference_parse, "drop_implausible", _guard_missing_2999(reference_parse.drop_implausible))
        patch.setattr(reference_tables, "drop_implausible", _guard_missing_2999(reference_tables.drop_implausible))
        patch.setattr(corpus, "parse_document", _crash_on("zz_crashing.txt", corpus.parse_document))
        with dg.DagsterInstance.ephemeral() as instance:
            outcome = build_dataset(seeds_dir=inbox, data_dir=root / "out", cache_dir=cache, instance=instance)
            partition = document_id_for_path("zz_future_reference.txt")
            records = instance.fetch_materializations(
                dg.AssetRecordsFilter(asset_key=DOCUMENT_ASSET, asset_partitions=[partition]), limit=1
            ).records
            metadata = {k: v.value for k, v in records[0].asset_materialization.metadata.items()}  # type: ignore[union-attr]
    con = duckdb.connect(f"{outcome.release_path}/dataset.duckdb", read_only=True)
    yield outcome, con, metadata
    con.close()


def test_the_release_goes_on_with_every_seed_document(quarantine_build):
    outcome, con, _ = quarantine_build
    assert outcome.published, outcome.report()
    status = dict(con.execute("select path, status from documents").fetchall())
    assert all(status[f"inbox/{p.name}"] == "parsed" for p in SEEDS.iterdir())
    seed_facts = con.execute("select count(*) from facts").fetchall()[0][0]
    assert seed_facts > 300


def test_the_document_with_an_implausible_year_is_withheld_with_check_column_and_value(quarantine_build):
    outcome, con, _ = quarantine_build
    path = "inbox/zz_future_reference.txt"
    assert dict(con.execute("select path, status from documents").fetchall())[path] == "rejected"
    document_id = con.execute("select document_id from documents where path = ?", [path]).fetchall()[0][0]
    for table in ["document_lines", "facts", "references", "citations", "sources"]:
        assert con.execute(f'select count(*) from "{table}" where document_id = ?', [document_id]).fetchall() == [(0,)]
    assert con.execute("select count(*) from works where year = 2999").fetchall() == [(0,)]
    rows = con.execute("select reason, raw from rejects where path = ? and line_no is null", [path]).fetchall()
    assert ("quarantined_row: references.year fails in_range(1000, 2100): '2999' (line 7)", "2999") in rows
    withheld = con.execute("select count(*) from rejects where path = ? and line_no is not null", [path]).fetchall()
    nonblank = sum(1 for line in FUTURE.splitlines() if line.strip())
    assert withheld == [(nonblank,)]  # every non-blank line is in rejects: nothing is lost
    assert any("references.year" in failure for failure in outcome.quarantined[path])


def test_the_crashing_document_is_rejected_with_the_reason(quarantine_build):
    _, con, _ = quarantine_build
    rows = con.execute("select reason from rejects where path = 'inbox/zz_crashing.txt'").fetchall()
    assert len(rows) == 1 and "parser bug triggered by this document" in rows[0][0]
    status = con.execute("select status from documents where path = 'inbox/zz_crashing.txt'").fetchall()
    assert status == [("rejected",)]


def test_dagster_shows_the_partition_quarantined_and_a_warning_check(quarantine_build):
    outcome, _, metadata = quarantine_build
    assert metadata["status"] == "quarantined" and metadata["quarantined"] is True
    assert metadata["rejects"] >= 4
    assert set(outcome.quarantined) == {"inbox/zz_future_reference.txt", "inbox/zz_crashing.txt"}
    assert outcome.failed_checks == {}


def _materialized_partitions(instance: dg.DagsterInstance, run_id: str) -> set[str]:
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    return {
        record.event_log_entry.dagster_event.partition  # type: ignore[union-attr]
        for record in records
        if record.event_log_entry.dagster_event.asset_key == DOCUMENT_ASSET  # type: ignore[union-attr]
    }


def test_a_rebuild_builds_only_the_changed_document_and_still_reports_the_quarantined_ones(tmp_path):
    """Unchanged documents' partitions are reused, quarantine reasons included: nothing is forgotten."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Sleep loss impairs memory in adults (Smith, 2019).\n")
    (inbox / "zz_future_reference.txt").write_text(FUTURE)
    (inbox / "zz_crashing.txt").write_text(CRASHING)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "embeddings").symlink_to(SHARED_CACHE / "embeddings")
    with dg.DagsterInstance.ephemeral() as instance:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(reference_parse, "drop_implausible", _guard_missing_2999(reference_parse.drop_implausible))
            patch.setattr(reference_tables, "drop_implausible", _guard_missing_2999(reference_tables.drop_implausible))
            patch.setattr(corpus, "parse_document", _crash_on("zz_crashing.txt", corpus.parse_document))
            first = build_dataset(seeds_dir=inbox, data_dir=tmp_path / "out", cache_dir=cache, instance=instance)
        with (inbox / "note.txt").open("a") as note:
            note.write("Exercise improves sleep quality in older adults (Chen, 2020).\n")
        second = build_dataset(seeds_dir=inbox, data_dir=tmp_path / "out", cache_dir=cache, instance=instance)
        built = _materialized_partitions(instance, first.run_id), _materialized_partitions(instance, second.run_id)
    assert built[0] == {document_id_for_path(p.name) for p in inbox.iterdir()}
    assert built[1] == {document_id_for_path("note.txt")}
    assert second.published and second.version != first.version
    assert second.quarantined == first.quarantined
    assert set(second.quarantined) == {"inbox/zz_future_reference.txt", "inbox/zz_crashing.txt"}
    con = duckdb.connect(f"{second.release_path}/dataset.duckdb", read_only=True)
    try:
        withheld = con.execute("select count(*) from rejects where path = 'inbox/zz_future_reference.txt'").fetchone()
        facts = con.execute("select count(*) from facts where document_id = ?", [document_id_for_path("note.txt")])
        assert withheld is not None and withheld[0] >= 4
        assert facts.fetchone() == (2,)
    finally:
        con.close()
