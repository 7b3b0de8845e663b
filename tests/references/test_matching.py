"""Titles and journal names compared up to case, punctuation, subtitles and abbreviation."""

from __future__ import annotations

from pipeline.references.matching import containers_match, titles_match


def test_titles_match_up_to_case_punctuation_and_a_dropped_subtitle() -> None:
    assert titles_match("REBUS and the Anarchic Brain", "Rebus and the anarchic brain.")
    assert titles_match("Psychedelics and the human receptorome: a review", "Psychedelics and the human receptorome")
    assert not titles_match("Sleep and memory", "Sleep and mood")


def test_containers_match_abbreviations_and_acronyms() -> None:
    assert containers_match("Journal of Clinical Psychiatry", "J Clin Psychiatry")
    assert containers_match("American Journal of Psychiatry", "AJP")
    assert containers_match("The Lancet", "Lancet")
    assert not containers_match("Nature", "Nature Neuroscience")
    assert not containers_match("", "Nature")
