"""Version policy: which differences make a major, minor or patch release."""

from __future__ import annotations

from pipeline.publish.versioning import SchemaChanges, bump_kind, compare_schemas, content_fingerprint, next_version


def _tables(**columns: dict[str, str]) -> dict[str, dict]:
    return {
        table: {"schema": [{"name": name, "type": kind, "nullable": True} for name, kind in cols.items()]}
        for table, cols in columns.items()
    }


NO_ROW_CHANGES = {"facts": {"added": 0, "removed": 0, "changed": 0}}


def test_removed_renamed_or_retyped_columns_are_breaking():
    old = _tables(facts={"fact_id": "string", "text": "string", "line_no": "int64"})
    new = _tables(facts={"fact_id": "string", "body": "string", "line_no": "double"})
    changes = compare_schemas(old, new)
    assert changes.breaking == ["column facts.text removed", "column facts.line_no retyped int64 -> double"]
    assert changes.additive == ["column facts.body added"]
    assert bump_kind(changes, NO_ROW_CHANGES) == "major"


def test_new_tables_and_columns_are_a_schema_change_and_so_major():
    old = _tables(facts={"fact_id": "string"})
    changes = compare_schemas(old, _tables(facts={"fact_id": "string", "x": "int64"}, works={}))
    assert changes == SchemaChanges(breaking=[], additive=["column facts.x added", "table works added"])
    assert bump_kind(changes, NO_ROW_CHANGES) == "major"


def test_added_or_removed_rows_are_minor_and_changed_rows_alone_are_patch():
    assert bump_kind(SchemaChanges(), {"facts": {"added": 0, "removed": 1, "changed": 0}}) == "minor"
    assert bump_kind(SchemaChanges(), {"facts": {"added": 0, "removed": 0, "changed": 5}}) == "patch"
    assert bump_kind(SchemaChanges(), {"facts": {"added": 0, "removed": 0, "changed": 0, "moved": 9}}) == "patch"


def test_versions_count_up_from_1_0_0_and_reset_lower_parts():
    assert next_version(None, "initial") == "1.0.0"
    assert [next_version("1.4.2", bump) for bump in ("major", "minor", "patch")] == ["2.0.0", "1.5.0", "1.4.3"]


def test_fingerprint_ignores_input_order_but_not_content():
    a = {"path": "a", "sha256": "1" * 64, "size_bytes": 1}
    b = {"path": "b", "sha256": "2" * 64, "size_bytes": 2}
    files = {"facts.parquet": "f" * 64}
    assert content_fingerprint([a, b], files) == content_fingerprint([b, a], files)
    assert content_fingerprint([a, b], files) != content_fingerprint([a, b], {"facts.parquet": "e" * 64})
    assert content_fingerprint([a], files) != content_fingerprint([a, b], files)
