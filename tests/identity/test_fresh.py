"""Fresh IDs: from a row's document and content, unique whatever the input, never from its line number."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from pipeline.identity import assign_fresh_ids
from pipeline.identity.fresh import content_key, document_order, fresh_ids, row_keys
from pipeline.identity.rules import ROW_IDENTITY, RowIdentity
from schemas import arrow_schema


def _facts(rows: list[tuple[str, int, str]]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"fact_id": f"fct_{i:016x}", "document_id": d, "source_id": None, "fact_type": "claim", "text": t,
          "line_no": n, "section": None, "cluster_id": None} for i, (d, n, t) in enumerate(rows)],
        schema=arrow_schema("facts"),
    )


def test_ids_do_not_depend_on_line_numbers():
    rows = [("doc_a", 3, "First."), ("doc_a", 4, "Second."), ("doc_a", 9, "First.")]
    shifted = [(d, n + 40, t) for d, n, t in rows]
    assert fresh_ids(_facts(rows), ROW_IDENTITY["facts"]) == fresh_ids(_facts(shifted), ROW_IDENTITY["facts"])


def test_identical_rows_get_distinct_ids_by_their_order_in_the_document():
    ids = fresh_ids(_facts([("doc_a", 5, "Same."), ("doc_a", 2, "Same.")]), ROW_IDENTITY["facts"])
    assert len(set(ids)) == 2


@given(st.lists(st.tuples(st.sampled_from(["doc_a", "doc_b"]), st.integers(1, 5),
                          st.text(alphabet=st.sampled_from("ab \x1f0"), max_size=4)), max_size=40))
def test_ids_are_unique_for_any_texts_including_separators_and_duplicates(rows):
    ids = fresh_ids(_facts(rows), ROW_IDENTITY["facts"])
    assert len(set(ids)) == len(ids)


def test_references_to_renamed_rows_follow_them():
    sources = pa.Table.from_pylist(
        [{"source_id": "src_provisional00001", "document_id": "doc_a", "line_no": 2, "title": "A source",
          "title_truncated": False, "domain": None, "publisher": None, "published": None, "authors": None,
          "declared_fact_count": None, "actual_fact_count": 1}],
        schema=arrow_schema("sources"),
    )
    facts = _facts([("doc_a", 3, "First.")])
    facts = facts.set_column(facts.schema.get_field_index("source_id"), "source_id",
                             pa.array(["src_provisional00001"], pa.large_string()))
    tables = assign_fresh_ids({"sources": sources, "facts": facts}, ["sources", "facts"])
    assert tables["facts"].column("source_id").to_pylist() == tables["sources"].column("source_id").to_pylist()
    assert tables["sources"].column("source_id")[0].as_py() != "src_provisional00001"


_TEXT = st.one_of(st.none(), st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6))


@given(st.lists(st.tuples(st.sampled_from(["doc_b", "doc_a", "dóc", "doc_\U0001f600"]),
                          st.one_of(st.none(), st.integers(0, 5)), _TEXT), max_size=40))
def test_document_order_is_by_document_then_line_then_row_order(rows):
    table = pa.table({"document_id": [d for d, _, _ in rows], "line_no": pa.array([n for _, n, _ in rows], pa.int64())})
    expected = sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1] or 0, i))
    assert document_order(table) == expected


@given(st.lists(st.tuples(_TEXT, st.one_of(st.none(), st.integers(-3, 3)), _TEXT), max_size=30))
def test_row_keys_spell_every_row_as_content_key_does_whatever_the_column_types(rows):
    table = pa.table({"origin": [a for a, _, _ in rows], "count": pa.array([n for _, n, _ in rows], pa.int64()),
                      "raw_text": pa.array([t for _, _, t in rows], pa.large_string())})
    identity = RowIdentity("t", "t_id", "t", ("origin", "count", "raw_text"), "t")
    assert row_keys(table, identity) == [content_key(row) for row in rows]
