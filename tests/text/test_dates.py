"""Dates in the forms web pages use; imprecise ones are not turned into dates."""

from __future__ import annotations

import datetime as dt

from pipeline.text.dates import iso_date, parse_date, split_trailing_date


def test_month_day_year_day_month_year_and_iso_forms() -> None:
    assert [parse_date(text) for text in ("Sep 27, 2023", "Sept. 27 2023", "27 September 2023", "2023-09-27")] == [
        dt.date(2023, 9, 27)] * 4


def test_impossible_or_imprecise_dates_are_none() -> None:
    assert [parse_date(text) for text in ("Feb 30, 2024", "March 2024", "2024", "Foo 3, 2024")] == [None] * 4


def test_trailing_date_is_split_from_the_text_before_it() -> None:
    assert split_trailing_date("Nature Dec 19, 2024") == (dt.date(2024, 12, 19), "Nature")
    assert split_trailing_date("Nature 2024") == (None, "Nature 2024")


def test_reference_list_dates_become_iso_and_keep_a_month_without_day() -> None:
    assert iso_date("29 October 2025") == "2025-10-29"
    assert iso_date("Jun. 1, 2024") == "2024-06-01"
    assert iso_date("2020 Mar 3") == "2020-03-03"
    assert iso_date("March 2021") == "2021-03"
    assert iso_date("last week") is None
    assert iso_date("30 February 2024") is None
    assert iso_date("2024-13-01") is None
