"""Dates in the forms web pages use; imprecise ones are not turned into dates."""

from __future__ import annotations

import datetime as dt

from pipeline.parsing.dates import parse_date, split_trailing_date


def test_month_day_year_day_month_year_and_iso_forms() -> None:
    assert [parse_date(text) for text in ("Sep 27, 2023", "Sept. 27 2023", "27 September 2023", "2023-09-27")] == [
        dt.date(2023, 9, 27)] * 4


def test_impossible_or_imprecise_dates_are_none() -> None:
    assert [parse_date(text) for text in ("Feb 30, 2024", "March 2024", "2024", "Foo 3, 2024")] == [None] * 4


def test_trailing_date_is_split_from_the_text_before_it() -> None:
    assert split_trailing_date("Nature Dec 19, 2024") == (dt.date(2024, 12, 19), "Nature")
    assert split_trailing_date("Nature 2024") == (None, "Nature 2024")
