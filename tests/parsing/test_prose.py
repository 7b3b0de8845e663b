"""Prose: kind, title, byline, dates, headings, boilerplate, statements and reference lists."""

from __future__ import annotations

from tests.parsing.helpers import FIXTURES, parse_tables, roles


def test_newsletter_is_detected_with_title_edition_and_date() -> None:
    (document,) = parse_tables(FIXTURES / "newsletter_psychedelic_post.txt")["documents"]
    assert (document["kind"], document["title"], document["edition"], document["published"]) == (
        "newsletter", "The Psychedelic Post — Issue #14", "14", "2025-01-12")


def test_blog_post_boilerplate_is_recorded_as_boilerplate_and_never_becomes_facts() -> None:
    tables = parse_tables(FIXTURES / "blog_post_gardenclinic.txt")
    line_roles = roles(tables)
    assert tables["documents"][0]["kind"] == "blog_post"
    assert [line_roles[n] for n in (1, 2, 3, 19, 20, 21, 22, 23, 24, 25)] == ["boilerplate"] * 10
    fact_lines = {fact["line_no"] for fact in tables["facts"]}
    assert not fact_lines & {n for n, role in line_roles.items() if role == "boilerplate"}


def test_blog_post_title_byline_and_date_come_from_their_own_lines() -> None:
    tables = parse_tables(FIXTURES / "blog_post_gardenclinic.txt")
    (document,) = tables["documents"]
    assert (document["title"], document["author"], document["published"]) == (
        "Why Integration Sessions Matter After Psilocybin Therapy", "Maria Lopez", "2024-03-03")
    assert [roles(tables)[n] for n in (5, 7, 8)] == ["title", "metadata", "byline"]


def test_article_byline_splits_author_and_publisher() -> None:
    (document,) = parse_tables(FIXTURES / "article_apa_references.txt")["documents"]
    assert (document["kind"], document["author"], document["publisher"]) == ("article", "Jane Okafor",
                                                                              "Science Weekly")


def test_statements_are_sentences_with_the_current_heading_as_section() -> None:
    facts = parse_tables(FIXTURES / "article_apa_references.txt")["facts"]
    in_section = [f["text"] for f in facts if f["section"] == "Evidence From Recent Trials"]
    assert in_section == [
        "In a 2022 trial, music playlists were standardized across sites (Kaelen et al., 2018).",
        "Participants rated the music as helpful 4.3 times more often than silence.",
        'Dr. Amara Singh noted that "context is part of the intervention."',
        "Some trials used eye shades, i.e. blindfolds, to reduce distraction.",
    ]
    assert {(f["fact_type"], f["source_id"]) for f in facts} == {("statement", None)}


def test_reference_list_entries_are_whole_lines_and_not_statements() -> None:
    tables = parse_tables(FIXTURES / "article_apa_references.txt")
    line_roles = roles(tables)
    assert (line_roles[10], line_roles[12], line_roles[13]) == ("heading", "reference_entry", "reference_entry")
    assert not {f["line_no"] for f in tables["facts"]} & {12, 13}


def test_numbered_vancouver_entries_are_references_even_without_a_heading() -> None:
    line_roles = roles(parse_tables(FIXTURES / "newsletter_psychedelic_post.txt"))
    assert (line_roles[10], line_roles[11], line_roles[12]) == ("reference_entry", "reference_entry", "content")


def test_numbered_section_headings_are_not_references(write_file) -> None:
    text = "A Study Roundup\n\n1. Earlier signal of benefit\nThe first trial was small.\n"
    line_roles = roles(parse_tables(write_file("roundup.txt", text)))
    assert (line_roles[3], line_roles[4]) == ("heading", "content")


def test_short_labels_next_to_site_chrome_are_boilerplate(write_file) -> None:
    text = ("Notes From The Clinic\n\nThe clinic opened in May. It treats adults.\n\n"
            "Sunset Over Lake\nTest Question 4\nJordan\n")
    tables = parse_tables(write_file("notes.txt", text))
    assert [roles(tables)[n] for n in (5, 6, 7)] == ["boilerplate"] * 3
    assert [f["text"] for f in tables["facts"]] == ["The clinic opened in May.", "It treats adults."]


def test_sentence_starting_with_by_is_content_not_a_byline(write_file) -> None:
    text = "Growth Of A Clinic\n\nBy the end of 2020 we had grown.\nBy Lee Park\n"
    tables = parse_tables(write_file("growth.txt", text))
    assert (roles(tables)[3], roles(tables)[4]) == ("content", "byline")
    assert tables["documents"][0]["author"] == "Lee Park"
