"""data/catalog.duckdb: list releases and query any table at any version with SQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb


def test_catalog_lists_every_release_with_its_archive_checksum(history):
    data_dir, results = history
    with duckdb.connect(str(data_dir / "catalog.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT version, is_latest, archive, archive_sha256 FROM releases ORDER BY major, minor, patch"
        ).fetchall()
    assert rows == [(r.version, r.version == "1.1.0", r.archive_name, r.archive_sha256) for r in results]


def test_catalog_queries_a_table_at_each_version_and_at_latest(history):
    data_dir, results = history
    with duckdb.connect(str(data_dir / "catalog.duckdb"), read_only=True) as con:
        counts = {
            schema: con.execute(f"SELECT count(*) FROM {schema}.facts").fetchall()[0][0]
            for schema in ("v1_0_0", "v1_1_0", "latest")
        }
        recorded = dict(con.execute("SELECT version, rows FROM release_tables WHERE table_name = 'facts'").fetchall())
        changes = con.execute(
            "SELECT added, removed FROM release_changes WHERE version = '1.1.0' AND table_name = 'documents'"
        ).fetchall()
    old, new = (r.row_counts["facts"] for r in results)
    assert counts == {"v1_0_0": old, "v1_1_0": new, "latest": new}
    assert recorded == {r.version: r.row_counts["facts"] for r in results}
    assert changes == [(results[1].diff_counts["documents"]["added"], results[1].diff_counts["documents"]["removed"])]


def test_catalog_joins_two_versions_to_find_new_facts(history):
    data_dir, results = history
    with duckdb.connect(str(data_dir / "catalog.duckdb"), read_only=True) as con:
        new_facts = con.execute(
            "SELECT count(*) FROM v1_1_0.facts n ANTI JOIN v1_0_0.facts o USING (fact_id)"
        ).fetchall()[0][0]
    assert new_facts == results[1].diff_counts["facts"]["added"]


def _counts(catalog: Path) -> dict[str, int]:
    with duckdb.connect(str(catalog), read_only=True) as con:
        return {
            schema: con.execute(f'SELECT count(*) FROM {schema}.facts').fetchall()[0][0]
            + con.execute(f'SELECT count(*) FROM {schema}."references"').fetchall()[0][0]
            for schema in ("v1_0_0", "v1_1_0", "latest")
        }


def test_catalog_keeps_working_when_the_data_folder_is_moved_and_never_reads_the_original(history, tmp_path):
    data_dir, _ = history
    expected = _counts(data_dir / "catalog.duckdb")
    original = shutil.copytree(data_dir, tmp_path / "original", symlinks=True)
    copy = shutil.copytree(original, tmp_path / "copy", symlinks=True)
    moved = tmp_path / "elsewhere" / "data"
    moved.parent.mkdir()
    shutil.move(original, moved)  # the folder it was built in no longer exists
    assert _counts(moved / "catalog.duckdb") == expected
    shutil.rmtree(copy / "releases")  # a copied catalog must not silently read any other folder's files
    assert _counts(copy / "catalog.duckdb") == expected
    with duckdb.connect(str(copy / "catalog.duckdb"), read_only=True) as con:
        paths = [row[0] for row in con.execute("SELECT path FROM releases").fetchall()]
    assert paths == ["releases/1.0.0", "releases/1.1.0"]  # relative to the catalog's own folder


def _catalog_contents(catalog: Path) -> dict:
    """Listing tables and every version schema's row counts: what a reader of the catalog sees."""
    with duckdb.connect(str(catalog), read_only=True) as con:
        listing = {
            table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=str)
            for table in ("releases", "release_tables", "release_changes")
        }
        schemas = sorted(row[0] for row in con.execute(
            "SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_schema <> 'main'"
        ).fetchall())
        counts = {
            (schema, table): con.execute(f'SELECT count(*) FROM {schema}."{table}"').fetchone()[0]
            for schema in schemas
            for (table,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?", [schema]
            ).fetchall()
        }
    return {"listing": listing, "schemas": schemas, "counts": counts}


def test_a_catalog_written_from_the_previous_one_equals_one_rebuilt_from_the_releases(history, tmp_path):
    from pipeline.publish.catalog import write_catalog
    from pipeline.publish.store import ReleaseStore

    data_dir = shutil.copytree(history[0], tmp_path / "data", symlinks=True)
    store = ReleaseStore(data_dir)
    entries = store.index_entries()
    catalog = data_dir / "catalog.duckdb"
    catalog.unlink()
    write_catalog(store, entries)  # rebuilt whole: there is no previous catalog
    rebuilt = _catalog_contents(catalog)
    assert rebuilt["schemas"] == ["latest", "v1_0_0", "v1_1_0"]

    write_catalog(store, entries[:1])  # from the previous catalog: the newer release's schema is dropped
    first_only = _catalog_contents(catalog)
    assert first_only["schemas"] == ["latest", "v1_0_0"]
    assert [row[0] for row in first_only["listing"]["releases"]] == ["1.0.0"]

    write_catalog(store, entries)  # from the previous catalog again: the newer release copied back in
    assert _catalog_contents(catalog) == rebuilt

    catalog.chmod(0o644)
    catalog.write_bytes(b"not a database")  # a damaged previous catalog is rebuilt from the releases
    write_catalog(store, entries)
    assert _catalog_contents(catalog) == rebuilt


def test_a_catalog_prepared_while_the_release_was_written_equals_one_rebuilt_from_the_releases(history, tmp_path):
    from pipeline.publish.catalog import prepare_catalog, write_catalog
    from pipeline.publish.manifest import DIFF_TABLE, read_manifest
    from pipeline.publish.store import ReleaseStore

    data_dir = shutil.copytree(history[0], tmp_path / "data", symlinks=True)
    store = ReleaseStore(data_dir)
    entries = store.index_entries()
    catalog = data_dir / "catalog.duckdb"
    rebuilt = _catalog_contents(catalog)
    write_catalog(store, entries[:1])  # the catalog as it was before 1.1.0 was published
    newest = store.release_dir("1.1.0")
    prepared = prepare_catalog(store, "1.1.0", newest, [*read_manifest(newest)["tables"], DIFF_TABLE])
    assert prepared is not None and prepared.path.is_file()
    assert _catalog_contents(catalog)["schemas"] == ["latest", "v1_0_0"]  # nothing visible before it is finished

    write_catalog(store, entries, prepared)
    assert _catalog_contents(catalog) == rebuilt
    assert not prepared.path.exists()


def test_a_damaged_prepared_catalog_is_replaced_by_the_usual_copy(history, tmp_path):
    from pipeline.publish.catalog import PreparedCatalog, write_catalog
    from pipeline.publish.store import ReleaseStore

    data_dir = shutil.copytree(history[0], tmp_path / "data", symlinks=True)
    store = ReleaseStore(data_dir)
    rebuilt = _catalog_contents(data_dir / "catalog.duckdb")
    damaged = store.root / ".catalog.duckdb.1.prepared.tmp"
    damaged.write_bytes(b"half a copy")
    write_catalog(store, store.index_entries(), PreparedCatalog(damaged, "1.1.0"))
    assert _catalog_contents(data_dir / "catalog.duckdb") == rebuilt
    assert not damaged.exists()
