from pipeline.dedup.abbreviations import definitions, spelled_out
from pipeline.text.normalize import comparison_text


def test_a_short_form_whose_letters_begin_the_words_before_it_is_defined() -> None:
    assert definitions("Cognitive behavioral therapy (CBT) helps.") == {"cbt": "cognitive behavioral therapy"}
    assert definitions("in treatment-resistant depression (TRD) and N-methyl-D-aspartate (NMDA) receptors") == {
        "trd": "treatment resistant depression", "nmda": "n methyl d aspartate",
    }


def test_stopwords_inside_a_long_form_are_skipped() -> None:
    assert definitions("The Food and Drug Administration (FDA) approved it.") == {"fda": "food and drug administration"}


def test_a_long_form_is_sought_inside_quotes_and_never_across_another_parenthesis() -> None:
    assert definitions('we call it "cognitive behavioral therapy" (CBT)') == {"cbt": "cognitive behavioral therapy"}
    assert definitions("major depressive disorder (MDD) and (MDD)") == {"mdd": "major depressive disorder"}


def test_plural_and_digit_short_forms_are_defined() -> None:
    assert definitions("Selective serotonin reuptake inhibitors (SSRIs) work.") == {"ssri": "selective serotonin reuptake inhibitors"}
    assert definitions("type 2 diabetes (T2D) is common") == {"t2d": "type 2 diabetes"}


def test_short_forms_that_are_common_words_are_never_spelled_out() -> None:
    assert definitions("The odds ratio (OR) was 2.1 and nitric oxide (NO) rose.") == {}


def test_parentheses_that_are_not_abbreviations_define_nothing() -> None:
    assert definitions("Smith et al. (2020) and ketamine (an anaesthetic) and phencyclidine (PCP)") == {}
    assert definitions("No parentheses here") == {}


def test_spelling_out_makes_short_and_defined_forms_the_same_text() -> None:
    abbreviations = definitions("Cognitive behavioral therapy (CBT) is effective.")
    short = spelled_out(comparison_text("CBT is effective."), abbreviations)
    defined = spelled_out(comparison_text("Cognitive behavioral therapy (CBT) is effective."), abbreviations)
    assert short == defined == "cognitive behavioral therapy is effective"
