import polars as pl
import pyarrow as pa

from pipeline.ids import stable_id
from pipeline.references import build_reference_tables
from schemas import arrow_schema
from schemas.pandera_schemas import validate_table


def test_tables_match_the_published_schemas_and_validate(document_lines, facts):
    tables = build_reference_tables(document_lines, facts)
    for name in ("references", "works", "citations"):
        assert tables[name].schema == arrow_schema(name)
        assert validate_table(name, pl.from_arrow(tables[name])) is None


def test_list_entries_narrative_facts_and_perspective_mentions_become_references(document_lines, facts, docs):
    DOC_A, DOC_B, DOC_C = docs
    refs = build_reference_tables(document_lines, facts)["references"].to_pylist()
    origins = {(r["document_id"], r["line_no"]): r["origin"] for r in refs}
    assert origins[(DOC_A, 5)] == "reference_list" and origins[(DOC_B, 4)] == "identifier"
    assert origins[(DOC_C, 3)] == "narrative" and origins[(DOC_C, 2)] == "narrative"
    assert (DOC_C, 4) not in origins, "a reference fact naming no work yields no reference"
    assert origins[(DOC_C, 5)] == "narrative", "a claim fact naming authors, year and journal counts"
    fact_row = next(r for r in refs if (r["document_id"], r["line_no"]) == (DOC_C, 3))
    assert fact_row["fact_id"] == stable_id("fct", DOC_C, 3)
    assert fact_row["reference_id"] == stable_id("ref", DOC_C, 3, 0)


def test_citations_link_to_entries_of_their_own_document(document_lines, facts, docs):
    DOC_A, DOC_B, DOC_C = docs
    tables = build_reference_tables(document_lines, facts)
    refs = {(r["document_id"], r["line_no"]): r["reference_id"] for r in tables["references"].to_pylist()}
    cits = tables["citations"].to_pylist()
    by_marker = {(c["document_id"], c["marker"], c["target_reference_id"], c["reason"]) for c in cits}
    assert (DOC_A, "Osei & de Vries, 2021", refs[(DOC_A, 5)], None) in by_marker
    assert (DOC_A, "Feder et al., 2014", None, "no entry for Feder 2014") in by_marker
    assert (DOC_A, "Okafor et al. (2017)", refs[(DOC_A, 6)], None) in by_marker
    numeric = [(c["marker"], c["target_reference_id"], c["reason"]) for c in cits if c["document_id"] == DOC_B]
    assert numeric == [
        ("[1–3]", refs[(DOC_B, 2)], None), ("[1–3]", refs[(DOC_B, 3)], None), ("[1–3]", refs[(DOC_B, 4)], None),
        ("[2, 5]", refs[(DOC_B, 3)], None), ("[2, 5]", None, "no entry [5]"),
    ]
    contexts = {(c["document_id"], c["line_no"]): (c["context"], c["reason"]) for c in cits if c["document_id"] == DOC_C}
    assert contexts[(DOC_C, 1)] == ("synthesis", "no reference list in document")
    assert not any(c["line_no"] == 7 and c["document_id"] == DOC_A for c in cits), "boilerplate is not scanned"


def test_citation_ids_are_unique_even_for_expanded_ranges(document_lines, facts):
    ids = build_reference_tables(document_lines, facts)["citations"].column("citation_id").to_pylist()
    assert len(ids) == len(set(ids))


def test_mentions_of_one_work_across_documents_share_a_work(document_lines, facts, docs):
    DOC_A, DOC_B, DOC_C = docs
    tables = build_reference_tables(document_lines, facts)
    refs = {(r["document_id"], r["line_no"]): r["work_id"] for r in tables["references"].to_pylist()}
    assert refs[(DOC_A, 5)] == refs[(DOC_B, 2)], "Harvard and IEEE forms of one article"
    assert refs[(DOC_A, 6)] == refs[(DOC_C, 3)] == refs[(DOC_C, 2)], "list entry, fact and perspective mention"
    works = {w["work_id"]: w for w in tables["works"].to_pylist()}
    okafor = works[refs[(DOC_A, 6)]]
    assert (okafor["mention_count"], okafor["document_count"], okafor["doi"]) == (3, 2, "10.1136/emj-2016-0001")


def test_same_inputs_in_any_row_order_give_identical_tables(document_lines, facts):
    first = build_reference_tables(document_lines, facts)
    reversed_lines = document_lines.take(pa.array(range(document_lines.num_rows - 1, -1, -1)))
    reversed_facts = facts.take(pa.array(range(facts.num_rows - 1, -1, -1)))
    second = build_reference_tables(reversed_lines, reversed_facts)
    assert all(first[name].equals(second[name]) for name in first)


def test_empty_inputs_give_empty_tables_with_the_schemas(document_lines, facts):
    tables = build_reference_tables(document_lines.slice(0, 0), facts.slice(0, 0))
    schemas = {name: arrow_schema("parse_issues" if name == "issues" else name) for name in tables}
    assert all(tables[name].num_rows == 0 and tables[name].schema == schemas[name] for name in tables)


def test_implausible_values_are_null_and_recorded_as_issues_with_their_raw_text(facts):
    doc = stable_id("doc", "typo")
    lines = pa.Table.from_pylist(
        [{"document_id": doc, "line_no": 7, "role": "reference_entry",
          "text": "Ng, K. (2999) ‘A title of a study’, Journal of Tests, 3(1), pp. 99–12."}],
        schema=arrow_schema("document_lines"),
    )
    documents = pa.table({"document_id": [doc], "path": ["inbox/typo.txt"]})
    tables = build_reference_tables(lines, facts.slice(0, 0), documents=documents)
    (reference,) = tables["references"].to_pylist()
    (work,) = tables["works"].to_pylist()
    assert reference["year"] is reference["pages"] is work["year"] is None
    assert reference["title"] == "A title of a study"
    messages = [(row["code"], row["line_no"], row["message"]) for row in tables["issues"].to_pylist()]
    assert messages == [
        ("implausible_value", 7, "inbox/typo.txt:7: reference year '2999' is implausible (year outside 1000-2100): "
                                 "stored as null"),
        ("implausible_value", 7, "inbox/typo.txt:7: reference pages '99-12' is implausible (page range ends before "
                                 "it starts): stored as null"),
    ]


def test_citations_in_perspective_text_carry_their_perspective_id(facts):
    doc = stable_id("doc", "p")
    lines = pa.Table.from_pylist(
        [
            {"document_id": doc, "line_no": 3, "role": "perspective_header", "text": "model-x 90% confidence"},
            {"document_id": doc, "line_no": 4, "role": "perspective", "text": "Ketamine is studied widely [4]."},
            {"document_id": doc, "line_no": 6, "role": "content", "text": "Elsewhere it is studied too [5]."},
        ],
        schema=arrow_schema("document_lines"),
    )
    perspective = {"perspective_id": "per_00000000000000aa", "document_id": doc, "line_no": 3, "model_id": "model-x",
                   "stance": None, "confidence": 0.9, "text": "Ketamine is studied widely [4]."}
    perspectives = pa.Table.from_pylist([perspective], schema=arrow_schema("perspectives"))
    citations = build_reference_tables(lines, facts.slice(0, 0), perspectives)["citations"].to_pylist()
    by_line = {row["line_no"]: row["perspective_id"] for row in citations}
    assert by_line == {4: "per_00000000000000aa", 6: None}
