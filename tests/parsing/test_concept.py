"""Concept pages: structure, sources, facts, perspectives and the checks on declared counts."""

from __future__ import annotations

import datetime as dt

from pipeline.ids import stable_id
from pipeline.text.normalize import normalize_text
from tests.parsing.helpers import FIXTURES, parse_tables, roles

PAGE = FIXTURES / "concept_page_psilocybin.txt"

SMALL_PAGE = """concept

mescaline

synthesized from dimensions

Mescaline is a phenethylamine found in cacti [fact:1|Mescaline occurs in the peyote cactus].

Facts (3)

Sources
Peyote overview cactus.example.org Cactus Society Jan 5, 2022 2 facts
claimMescaline occurs in the peyote cactus.
claimMescaline occurs in the peyote cactus.
"""


def test_concept_page_kind_name_and_line_roles() -> None:
    tables = parse_tables(PAGE)
    (document,) = tables["documents"]
    assert (document["kind"], document["title"], document["status"]) == ("concept_page", "psilocybin", "parsed")
    line_roles = roles(tables)
    assert [line_roles[n] for n in (1, 3, 5, 7, 11, 12, 13, 17, 19, 20, 21)] == [
        "metadata", "concept_name", "metadata", "synthesis", "section_header", "perspective_header",
        "perspective", "section_header", "section_header", "source_header", "fact",
    ]


def test_source_headers_are_split_into_fields() -> None:
    sources = {row["line_no"]: row for row in parse_tables(PAGE)["sources"]}
    review = sources[20]
    assert (review["title"], review["title_truncated"], review["domain"]) == (
        "Psilocybin pharmacology review: mechanisms and", True, "ncbi.nlm.nih.gov")
    assert review["authors"] == ["Nichols D", "Johnson MW"]
    assert (review["publisher"], review["published"]) == ("Pharmacological Reviews", dt.date(2023, 5, 4))
    assert (review["declared_fact_count"], review["actual_fact_count"]) == (4, 4)
    assert sources[25]["published"] == dt.date(2021, 4, 14)
    assert (sources[29]["publisher"], sources[29]["declared_fact_count"], sources[29]["authors"]) == ("BBC", 1, None)


def test_facts_carry_type_text_source_and_line() -> None:
    tables = parse_tables(PAGE)
    source_of_line = {row["line_no"]: row["source_id"] for row in tables["sources"]}
    fact = next(row for row in tables["facts"] if row["line_no"] == 22)
    assert fact["fact_type"] == "measurement"
    assert fact["text"].startswith("Psilocin acts as a partial agonist")
    assert fact["source_id"] == source_of_line[20]
    assert {row["fact_type"] for row in tables["facts"]} == {"claim", "measurement", "procedure", "account",
                                                             "perspective"}


def test_perspectives_have_model_stance_confidence_and_text() -> None:
    perspectives = parse_tables(PAGE)["perspectives"]
    assert [(p["model_id"], p["stance"], p["confidence"]) for p in perspectives] == [
        ("anthropic/claude-haiku-4.5", "cautious", 0.72), ("openai/gpt-5-mini", None, 0.855)]
    assert perspectives[1]["text"].startswith("Psilocybin is converted to psilocin")


def test_identical_fact_texts_in_one_source_get_distinct_ids_by_occurrence(write_file) -> None:
    tables = parse_tables(write_file("mescaline.txt", SMALL_PAGE))
    document_id = tables["documents"][0]["document_id"]
    (source,) = tables["sources"]
    text = normalize_text("Mescaline occurs in the peyote cactus.")
    assert [f["fact_id"] for f in tables["facts"]] == [
        stable_id("fct", document_id, source["source_id"], text, 0),
        stable_id("fct", document_id, source["source_id"], text, 1),
    ]


def test_marker_matching_two_identical_facts_is_ambiguous_not_guessed(write_file) -> None:
    (citation,) = parse_tables(write_file("mescaline.txt", SMALL_PAGE))["citations"]
    assert (citation["status"], citation["target_fact_id"]) == ("ambiguous", None)


def test_declared_fact_counts_are_checked_per_source_and_for_the_page(write_file) -> None:
    page = SMALL_PAGE.replace("2 facts", "5 facts").replace("Facts (3)", "Facts (4)")
    issues = parse_tables(write_file("mescaline.txt", page))["parse_issues"]
    codes = {(issue["code"], issue["line_no"]) for issue in issues}
    assert ("source_fact_count_mismatch", 12) in codes
    assert ("facts_count_mismatch", 9) in codes
    message = next(i["message"] for i in issues if i["code"] == "source_fact_count_mismatch")
    assert message.startswith("mescaline.txt:12:") and "5" in message and "2" in message


def test_unknown_fact_type_is_kept_as_unknown_and_reported(write_file) -> None:
    page = SMALL_PAGE.rstrip("\n") + "\nobservationMescaline was isolated in 1897.\n"
    tables = parse_tables(write_file("mescaline.txt", page))
    unknown = [f for f in tables["facts"] if f["fact_type"] == "unknown"]
    assert [(f["text"], f["line_no"]) for f in unknown] == [("Mescaline was isolated in 1897.", 15)]
    assert any(i["code"] == "unknown_fact_type" and i["line_no"] == 15 for i in tables["parse_issues"])
    assert roles(tables)[15] == "fact"


def test_page_cut_off_mid_fact_is_partial_with_a_truncation_issue(write_file) -> None:
    page = SMALL_PAGE.rstrip("\n") + "\nclaimMescaline binds to 5-HT2A recep"
    tables = parse_tables(write_file("cut.txt", page))
    assert tables["documents"][0]["status"] == "partial"
    assert any(i["code"] == "truncated_page" and i["line_no"] == 15 for i in tables["parse_issues"])
    assert tables["facts"][-1]["text"] == "Mescaline binds to 5-HT2A recep"


def test_unrecognised_line_among_facts_is_rejected_with_its_line(write_file) -> None:
    page = SMALL_PAGE.rstrip("\n") + "\n!!! ---- !!!\n"
    tables = parse_tables(write_file("odd.txt", page), display_path="seeds/odd.txt")
    (reject,) = tables["rejects"]
    assert (reject["line_no"], reject["raw"]) == (15, "!!! ---- !!!")
    assert reject["reason"].startswith("unrecognized_line (seeds/odd.txt:15)")
