from pipeline.text.normalize import comparison_text, words


def test_quotes_dashes_case_and_spacing_do_not_change_the_key() -> None:
    assert comparison_text("Ketamine’s  “effect” — Low-Grade!") == comparison_text("ketamine's \"effect\" - low grade")


def test_unicode_compatibility_forms_are_folded() -> None:
    assert comparison_text("ﬁve\u00a0ＰＣＰ") == "five pcp"


def test_punctuation_between_digits_is_kept_so_doses_stay_distinct() -> None:
    assert comparison_text("2.5 mg") != comparison_text("25 mg")
    assert comparison_text("days 35–42") == "days 35-42"


def test_percent_sign_survives_normalization() -> None:
    assert comparison_text("40% of patients") == "40% of patients"


def test_a_decimal_number_is_one_word() -> None:
    assert words(comparison_text("took 2.5 mg/kg")) == ["took", "2.5", "mg", "kg"]
