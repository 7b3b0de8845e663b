"""Citations are resolved to facts by their text, never by the number in the marker."""

from __future__ import annotations

from pipeline.parsing.fact_citations import CitationResolver
from pipeline.parsing.rows import DocumentRef
from pipeline.text.normalize import normalize_text
from tests.parsing.helpers import FIXTURES, parse_tables

REF = DocumentRef("doc_0000000000000000", "page.txt")


def _resolve(context: str, facts: dict[str, str]) -> list[dict]:
    resolver = CitationResolver()
    resolver.add_context(3, "synthesis", context)
    for fact_id, text in facts.items():
        resolver.observe_fact(fact_id, normalize_text(text))
    return [row for table, row in resolver.rows(REF) if table == "citations"]


def test_marker_resolves_to_the_fact_it_quotes_regardless_of_its_number() -> None:
    (row,) = _resolve("Claim [fact:1|Lithium reduces suicide risk].", {
        "fct_a": "Valproate is used for mania.",
        "fct_b": "Lithium reduces suicide risk in bipolar disorder.",
    })
    assert (row["status"], row["target_fact_id"], row["fact_number"]) == ("resolved", "fct_b", 1)


def test_abbreviated_quote_with_ellipsis_matches_start_and_later_parts() -> None:
    (row,) = _resolve("Claim [fact:7|Lithium reduces...in bipolar disorder].", {
        "fct_a": "Lithium reduces thyroid function.",
        "fct_b": "Lithium reduces suicide risk in bipolar disorder.",
    })
    assert (row["status"], row["target_fact_id"]) == ("resolved", "fct_b")


def test_quote_matching_no_fact_is_unresolved_with_a_reason() -> None:
    (row,) = _resolve("Claim [fact:2|Lithium cures everything].", {"fct_a": "Lithium reduces suicide risk."})
    assert (row["status"], row["target_fact_id"]) == ("unresolved", None)
    assert row["reason"]


def test_glued_claim_title_after_a_clause_resolves_by_fact_prefix() -> None:
    rows = _resolve("It is widely prescribed for mood disorders Lithium reduces suicide risk, among others.", {
        "fct_a": "Lithium reduces suicide risk in bipolar disorder.",
    })
    assert [(r["kind"], r["quoted_text"], r["status"], r["target_fact_id"]) for r in rows] == [
        ("claim_title", "Lithium reduces suicide risk", "resolved", "fct_a")]


def test_glued_claim_title_without_matching_fact_is_recorded_unresolved() -> None:
    rows = _resolve("Doses vary widely between clinics Dosing depends on renal function.", {"fct_a": "Unrelated."})
    assert [(r["kind"], r["quoted_text"], r["status"]) for r in rows] == [
        ("claim_title", "Dosing depends on renal function", "unresolved")]


def test_proper_names_inside_a_sentence_are_not_claim_titles() -> None:
    assert _resolve("Results were published in the Journal of Clinical Psychiatry in 2020.", {}) == []


def test_unresolved_and_ambiguous_citations_are_also_parse_issues() -> None:
    issues = [row for row in parse_tables(FIXTURES / "concept_page_psilocybin.txt")["parse_issues"]]
    codes = sorted(issue["code"] for issue in issues)
    assert codes == ["ambiguous_citation", "unresolved_citation"]
    assert all(issue["message"].startswith("concept_page_psilocybin.txt:") for issue in issues)


def test_citation_rows_name_their_context_and_perspective() -> None:
    tables = parse_tables(FIXTURES / "concept_page_psilocybin.txt")
    perspective_ids = {p["line_no"]: p["perspective_id"] for p in tables["perspectives"]}
    by_line = {(c["line_no"], c["context"], c["perspective_id"]) for c in tables["citations"]}
    assert (13, "perspective", perspective_ids[12]) in by_line
    assert (7, "synthesis", None) in by_line


def test_claim_title_quoting_the_middle_of_a_fact_resolves_by_containment() -> None:
    rows = _resolve("It acts on receptors in the brain Lithium inhibits glycogen synthase kinase.", {
        "fct_a": "Klein and Melton (1996) showed that lithium inhibits glycogen synthase kinase 3.",
        "fct_b": "Lithium is excreted by the kidneys.",
    })
    assert [(r["status"], r["target_fact_id"], r["reason"]) for r in rows] == [
        ("resolved", "fct_a", "the only fact that contains this claim title")]


def test_abridged_claim_title_resolves_when_its_words_appear_in_order() -> None:
    rows = _resolve("Studies split into camps Research has split into two schools.", {
        "fct_a": "Research on lithium in psychiatry has split into two schools of thought.",
    })
    assert [(r["status"], r["target_fact_id"]) for r in rows] == [("resolved", "fct_a")]


def test_claim_title_contained_in_two_facts_is_ambiguous() -> None:
    rows = _resolve("It acts on receptors in the brain Lithium inhibits glycogen synthase kinase.", {
        "fct_a": "One study found that lithium inhibits glycogen synthase kinase in rats.",
        "fct_b": "Another study confirmed lithium inhibits glycogen synthase kinase in humans.",
    })
    assert [(r["status"], r["target_fact_id"]) for r in rows] == [("ambiguous", None)]
