"""The seed documents parse completely (a regression net; no parser rule knows about them)."""

from __future__ import annotations

from tests.parsing.helpers import SEEDS, parse_tables


def test_each_seed_gets_a_kind_and_parses_without_rejects() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        tables = parse_tables(path)
        (document,) = tables["documents"]
        assert document["kind"] != "unknown" and document["status"] == "parsed", path.name
        assert not tables["rejects"], path.name


def test_concept_page_seed_facts_match_the_declared_counts() -> None:
    (concept,) = [t for t in map(parse_tables, sorted(SEEDS.glob("*.txt"))) if t["documents"][0]["kind"] == "concept_page"]
    assert not [i for i in concept["parse_issues"] if i["code"].endswith("count_mismatch")]
    assert sum(s["actual_fact_count"] for s in concept["sources"]) == len(concept["facts"])
    markers = [c for c in concept["citations"] if c["kind"] == "fact_marker"]
    assert markers and all(c["status"] == "resolved" for c in markers)
