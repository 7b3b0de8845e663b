"""References written as prose: who, when and where a sentence says a work appeared."""

from __future__ import annotations

from pipeline.references.narrative import looks_narrative, names_a_narrator, parse_narrative


def test_author_year_and_journal_of_a_reporting_sentence() -> None:
    record = parse_narrative("Zarate et al. (2006) reported in the Archives of General Psychiatry that ketamine acts fast.")
    assert [a["family"] for a in record["authors"]] == ["Zarate"]
    assert record["et_al"] is True
    assert record["year"] == 2006
    assert record["container_title"] == "Archives of General Psychiatry"


def test_according_to_names_the_author() -> None:
    record = parse_narrative("According to Smith and Jones (2019), sleep consolidates memory.")
    assert [a["family"] for a in record["authors"]] == ["Smith", "Jones"]
    assert record["year"] == 2019


def test_a_sentence_without_a_work_yields_no_authors_or_year() -> None:
    record = parse_narrative("Sleep consolidates memory in most adults.")
    assert record["authors"] is None and record["year"] is None


def test_narrative_cues_are_told_from_plain_statements() -> None:
    assert looks_narrative("A 2019 study by Lee et al. found faster recovery.")
    assert not looks_narrative("Sleep consolidates memory.")
    assert names_a_narrator("Smith et al. (2019) found that sleep helps.")
