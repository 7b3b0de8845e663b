import pytest

from pipeline.dedup.guards import substitution_between
from pipeline.text.normalize import comparison_text, words


def substitution(a: str, b: str) -> str | None:
    found = substitution_between(words(comparison_text(a)), words(comparison_text(b)))
    return found.reason if found else None


def test_swapped_content_word_is_a_substitution() -> None:
    assert substitution("Sleep loss impairs working memory.", "Sleep loss impairs emotional regulation.") == "substitution"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("It is recognized as safe.", "It is recognised as safe."),
        ("Clinics are increasingly endorsing the model.", "Clinics increasingly endorse the model."),
        ("The use of blindfolds helps.", "Using blindfolds helps."),
        ("It has an overactive hypothalamus.", "It has an over-active hypothalamus."),
        ("Trials studied MDMA, LSD and psilocybin.", "Trials studied psilocybin, MDMA and LSD."),
        ("Exercise lowers blood pressure.", "Exercise lowers blood pressure, as several trials showed."),
        ("Statins should be taken in the evening.", "Statins are best taken in the evening."),
    ],
)
def test_spelling_inflection_reordering_and_added_clauses_are_not_substitutions(a: str, b: str) -> None:
    assert substitution(a, b) is None


def test_swapped_letters_in_a_short_word_are_a_typo_not_a_substitution() -> None:
    assert substitution("They kept giving it.", "They kept gviing it.") is None


def test_a_content_word_in_place_of_function_words_is_an_insertion_as_a_content_word_for_one_is_a_swap() -> None:
    # Inserted words are left to the slots and the transformer, wherever they stand.
    assert substitution("Statins should be taken in the evening.", "Statins are rarely taken in the evening.") is None
    assert substitution("Statins are taken in the evening.", "Statins are rarely taken in the evening.") is None
    assert substitution("Statins are often taken in the evening.", "Statins are rarely taken in the evening.") == "substitution"
