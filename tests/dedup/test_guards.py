import pytest

from pipeline.dedup.guards import conflict_between, features, substitution_between
from pipeline.dedup.normalize import normalize, words


def reason(a: str, b: str) -> str | None:
    found = conflict_between(features(a), features(b))
    return found.reason if found else None


def substitution(a: str, b: str) -> str | None:
    found = substitution_between(words(normalize(a)), words(normalize(b)))
    return found.reason if found else None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Lithium increases thyroid hormone levels.", "Lithium decreases thyroid hormone levels.", "direction"),
        ("Drug X lowers blood pressure.", "Drug X raises blood pressure.", "direction"),
        ("The vaccine does not prevent transmission.", "The vaccine prevents transmission.", "negation"),
        ("Six sessions equal two doses.", "Six sessions equal 12 doses.", "number"),
        ("Smith et al. (2001) reported the effect.", "Smith et al. (2004) reported the effect.", "year"),
        ("Patients took 20 mg of drug X.", "Patients took 40 mg of drug X.", "dose"),
        ("Rats received 10 mg/kg/day.", "Rats received 10 mg/kg/week.", "unit"),
        ("The drug slowed tumour growth in mice.", "The drug slowed tumour growth in rats.", "population"),
        ("Sertraline reduced anxiety scores.", "Fluoxetine reduced anxiety scores.", "substance"),
        ("Psilocybin helped patients with bipolar disorder.", "In major depressive disorder, psilocybin helped patients.", "condition"),
        ("CBT is a first-line treatment for insomnia.", "For depression, CBT is the first treatment to try.", "condition"),
        ("Ketamine acted fast in treatment-resistant depression.", "In bipolar depression, ketamine acted fast.", "condition"),
    ],
)
def test_look_alike_statements_that_differ_in_a_detail_conflict(a: str, b: str, expected: str) -> None:
    assert reason(a, b) == expected


def test_contracted_and_spelled_out_negation_are_the_same_claim() -> None:
    assert reason("The drug doesn't cross the placenta.", "The drug does not cross the placenta.") is None


def test_written_and_digit_numbers_are_the_same_number() -> None:
    assert reason("Patients received six infusions.", "Patients received 6 infusions.") is None


def test_numbers_repeated_by_an_alias_are_the_same_numbers() -> None:
    assert reason("The metabolite 2R,6R-hydroxynorketamine (2R,6R-HNK) acts fast.", "The metabolite 2R,6R-HNK acts fast.") is None


def test_a_unit_repeated_is_the_same_unit() -> None:
    assert reason("Doses of 5 mg and 5 mg were given.", "A dose of 5 mg was given.") is None


def test_a_number_stated_on_one_side_only_is_not_a_contradiction() -> None:
    assert reason("Jones (2019) showed that sleep loss impairs memory.", "Sleep loss impairs memory.") is None


def test_the_same_condition_worded_differently_is_no_conflict() -> None:
    assert reason("Patients with major depressive disorders improved.", "In major depressive disorder, patients improved.") is None
    assert reason("CBT is a first-line treatment for insomnia.", "For insomnia, CBT is the first treatment to try.") is None
    assert reason("Ketamine treats depression quickly.", "Depression responds quickly to ketamine.") is None
    assert reason("Polluted air makes children develop asthma.", "Air pollution causes asthma in children.") is None
    assert reason("It helps in anxiety, depression and pain.", "It helps in depression, anxiety and pain.") is None
    assert reason("Ketamine acted fast in treatment\u2010resistant depression.", "In treatment-resistant depression, ketamine acted fast.") is None
    assert reason("Levodopa treats Parkinson's disease.", "Levodopa treats Parkinson disease.") is None
    assert reason("CBT helps in PTSD.", "CBT helps in post-traumatic stress disorder.") is None


def test_a_qualifier_on_one_side_only_is_a_detail_not_a_conflict() -> None:
    assert reason("Ketamine relieves severe depression.", "Ketamine relieves depression.") is None


def test_spelled_out_acronym_is_not_a_different_subject() -> None:
    assert reason("CBT works for insomnia.", "Cognitive behavioral therapy works for insomnia.") is None


def test_an_unexplained_acronym_is_a_different_subject() -> None:
    assert reason("CBT works for IBS.", "CBT works for GAD.") == "subject"


def test_parenthesised_alias_counts_as_one_substance() -> None:
    assert reason("Ketamine and phencyclidine (PCP) are anaesthetics.", "Ketamine and PCP are anaesthetics.") is None


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
    ],
)
def test_spelling_inflection_reordering_and_added_clauses_are_not_substitutions(a: str, b: str) -> None:
    assert substitution(a, b) is None


def test_swapped_letters_in_a_short_word_are_a_typo_not_a_substitution() -> None:
    assert substitution("They kept giving it.", "They kept gviing it.") is None
