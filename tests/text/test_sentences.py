"""Sentence splitting that survives abbreviations, initials, decimals and citations."""

from __future__ import annotations

from pipeline.text.sentences import split_sentences, strip_bullet


def test_abbreviations_and_citations_do_not_end_sentences() -> None:
    text = ("Dr. Lee used e.g. music (Jelovac et al., 2025). Zarate et al. (2006) saw 2.5-fold gains. "
            "The U.S. trial ended. J. R. Smith agreed!")
    assert split_sentences(text) == [
        "Dr. Lee used e.g. music (Jelovac et al., 2025).",
        "Zarate et al. (2006) saw 2.5-fold gains.",
        "The U.S. trial ended.",
        "J. R. Smith agreed!",
    ]


def test_text_without_boundary_is_one_sentence() -> None:
    assert split_sentences("This phenomenon may reflect a capacity to disrupt …") == [
        "This phenomenon may reflect a capacity to disrupt …"]


def test_periods_inside_parentheses_do_not_split() -> None:
    assert split_sentences("Effects were large (see Fig. 2. Also Table 3). Next point.") == [
        "Effects were large (see Fig. 2. Also Table 3).", "Next point."]


def test_bullets_and_list_numbers_are_stripped() -> None:
    assert strip_bullet("  • Expectation matters.") == "Expectation matters."
    assert strip_bullet("2) Second item.") == "Second item."


def test_a_possessive_s_is_not_an_initial() -> None:
    assert split_sentences("Okafor worked at St. Mary's. She left in 2020.") == [
        "Okafor worked at St. Mary's.", "She left in 2020."]
