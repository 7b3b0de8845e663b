from pipeline.references.fields import iso_date, normalize_doi, normalize_pages


def test_doi_prefix_is_stripped_and_lowercased():
    assert normalize_doi("https://doi.org/10.1001/JAMAPsychiatry.2025.3019.") == "10.1001/jamapsychiatry.2025.3019"


def test_doi_keeps_balanced_parentheses_but_drops_a_closing_one():
    assert normalize_doi("doi:10.1016/S0140-6736(20)30000-1).") == "10.1016/s0140-6736(20)30000-1"


def test_every_dash_variant_in_pages_becomes_a_hyphen():
    assert normalize_pages("152 – 163") == "152-163"
    assert normalize_pages("e12—e19") == "e12-e19"


def test_written_dates_become_iso():
    assert iso_date("29 October 2025") == "2025-10-29"
    assert iso_date("Jun. 1, 2024") == "2024-06-01"
    assert iso_date("2020 Mar 3") == "2020-03-03"
    assert iso_date("March 2021") == "2021-03"
    assert iso_date("last week") is None
