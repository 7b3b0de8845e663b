"""Titles and journal names compared up to case, punctuation, subtitles and abbreviation."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from pipeline.references.matching import containers_match, titles_match, titles_match_matrix
from pipeline.text.normalize import fold_words


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


_titles = st.lists(
    st.one_of(
        st.sampled_from([
            "Ketamine and the brain", "Ketamine and the brain: a review of twenty years", "KETAMINE and the Brain!",
            "Sleep in rats", "Sleep in rats and mice across the lifespan", "", "?!",
        ]),
        st.text(alphabet="abcde ékß-:", max_size=40),
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(_titles, _titles)
def test_the_title_matrix_decides_every_pair_as_titles_match_does(lefts, rights) -> None:
    matrix = titles_match_matrix(lefts, rights)
    assert matrix.shape == (len(lefts), len(rights))
    assert matrix.tolist() == [[titles_match(a, b) for b in rights] for a in lefts]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcd :", max_size=45), st.text(alphabet="abcd :", max_size=45))
def test_titles_match_with_cut_offs_decides_as_the_plain_scores_do(a, b) -> None:
    """The cut-offs only let rapidfuzz stop early: the decision is that of comparing the full scores."""
    left, right = " ".join(fold_words(a)), " ".join(fold_words(b))
    plain = fuzz.ratio(left, right) >= 90 or (min(len(left), len(right)) >= 25 and fuzz.partial_ratio(left, right) >= 95)
    assert titles_match(a, b) == plain
