"""diff_tables: rows compared by stable ID; unkeyed tables by content."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.publish.diff import count_changes, diff_tables


def _parquet(folder: Path, name: str, rows: list[dict]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _changes(diff: pa.Table) -> set[tuple[str, str, str]]:
    return {(r["entity"], r["id"], r["change"]) for r in diff.to_pylist()}


def test_rows_are_added_removed_or_changed_by_primary_key(tmp_path):
    old = _parquet(tmp_path / "old", "works", [{"work_id": "w1", "title": "A"}, {"work_id": "w2", "title": "B"}])
    new = _parquet(tmp_path / "new", "works", [{"work_id": "w2", "title": "B2"}, {"work_id": "w3", "title": "C"}])
    diff = diff_tables({"works": old}, {"works": new})
    assert _changes(diff) == {("works", "w1", "removed"), ("works", "w2", "changed"), ("works", "w3", "added")}
    assert count_changes(diff, ["works", "facts"]) == {
        "facts": {"added": 0, "removed": 0, "changed": 0, "moved": 0},
        "works": {"added": 1, "removed": 1, "changed": 1, "moved": 0},
    }


def test_a_null_becoming_a_value_counts_as_a_change(tmp_path):
    old = _parquet(tmp_path / "old", "works", [{"work_id": "w1", "doi": None}])
    new = _parquet(tmp_path / "new", "works", [{"work_id": "w1", "doi": "NULL"}])
    assert _changes(diff_tables({"works": old}, {"works": new})) == {("works", "w1", "changed")}


def test_composite_keys_are_joined_with_a_slash(tmp_path):
    rows = [{"fact_id_a": "fct_1", "fact_id_b": "fct_2", "reason": "x"}]
    new = _parquet(tmp_path / "new", "fact_conflicts", rows)
    assert _changes(diff_tables({}, {"fact_conflicts": new})) == {("fact_conflicts", "fct_1/fct_2", "added")}


def test_changed_rows_list_the_columns_that_differ(tmp_path):
    old = _parquet(tmp_path / "old", "works", [{"work_id": "w1", "title": "A", "year": 1999, "pages": "1"}])
    new = _parquet(tmp_path / "new", "works", [{"work_id": "w1", "title": "B", "year": 2000, "pages": "1"}])
    assert diff_tables({"works": old}, {"works": new}).to_pylist() == [
        {"entity": "works", "id": "w1", "change": "changed", "columns": ["title", "year"]}
    ]


def test_a_row_whose_only_difference_is_its_line_number_has_moved(tmp_path):
    old = _parquet(tmp_path / "old", "facts", [{"fact_id": "f1", "text": "a", "line_no": 3},
                                               {"fact_id": "f2", "text": "b", "line_no": 4}])
    new = _parquet(tmp_path / "new", "facts", [{"fact_id": "f1", "text": "a", "line_no": 4},
                                               {"fact_id": "f2", "text": "c", "line_no": 5}])
    diff = diff_tables({"facts": old}, {"facts": new})
    assert _changes(diff) == {("facts", "f1", "moved"), ("facts", "f2", "changed")}
    assert count_changes(diff, ["facts"]) == {"facts": {"added": 0, "removed": 0, "changed": 1, "moved": 1}}


def test_a_new_column_alone_does_not_mark_rows_changed(tmp_path):
    old = _parquet(tmp_path / "old", "works", [{"work_id": "w1", "title": "A"}])
    new = _parquet(tmp_path / "new", "works", [{"work_id": "w1", "title": "A", "pages": "1-2"}])
    assert diff_tables({"works": old}, {"works": new}).num_rows == 0


def test_rows_of_unkeyed_tables_are_identified_by_content_including_duplicates(tmp_path):
    reject = {"document_id": "doc_1", "reason": "binary"}
    old = _parquet(tmp_path / "old", "rejects", [reject])
    new = _parquet(tmp_path / "new", "rejects", [reject, reject, {"document_id": "doc_2", "reason": "empty"}])
    changes = _changes(diff_tables({"rejects": old}, {"rejects": new}))
    assert {change for _, _, change in changes} == {"added"} and len(changes) == 2
    assert any(identifier.endswith("#2") for _, identifier, _ in changes)


def test_a_table_missing_on_one_side_is_entirely_added_or_removed(tmp_path):
    old = _parquet(tmp_path / "old", "works", [{"work_id": "w1"}])
    new = _parquet(tmp_path / "new", "facts", [{"fact_id": "f1"}])
    changes = _changes(diff_tables({"works": old}, {"facts": new}))
    assert changes == {("facts", "f1", "added"), ("works", "w1", "removed")}
