"""Source header lines split into title, domain, authors, publisher, date and fact count."""

from __future__ import annotations

import datetime as dt

from pipeline.parsing.source_header import parse_source_header


def test_truncated_title_domain_publisher_date_and_count() -> None:
    header = parse_source_header("Effects of ibogaine on withdrawal ... link.springer.com Springer Dec 19, 2024 61 facts")
    assert (header.title, header.title_truncated, header.domain, header.publisher, header.published,
            header.declared_fact_count) == ("Effects of ibogaine on withdrawal", True, "link.springer.com", "Springer",
                                            dt.date(2024, 12, 19), 61)


def test_author_list_before_the_middle_dot_and_single_fact() -> None:
    header = parse_source_header("Ibogaine history ncbi.nlm.nih.gov Alper KR, Lotsof HS, Kaplan CD · Elsevier 1 fact")
    assert header.authors == ["Alper KR", "Lotsof HS", "Kaplan CD"]
    assert (header.publisher, header.declared_fact_count, header.published) == ("Elsevier", 1, None)


def test_day_month_year_and_iso_dates() -> None:
    assert parse_source_header("T a.org P 3 March 2021 2 facts").published == dt.date(2021, 3, 3)
    assert parse_source_header("T a.org P 2021-03-04 2 facts").published == dt.date(2021, 3, 4)


def test_uppercase_site_names_in_the_title_are_not_taken_as_the_domain() -> None:
    header = parse_source_header("Trials on ClinicalTrials.gov - NIH clinicaltrials.gov NIH 3 facts")
    assert (header.title, header.domain, header.publisher) == ("Trials on ClinicalTrials.gov - NIH",
                                                                "clinicaltrials.gov", "NIH")


def test_header_without_count_has_no_declared_count() -> None:
    header = parse_source_header("Some page example.com Example Press")
    assert (header.declared_fact_count, header.publisher) == (None, "Example Press")
