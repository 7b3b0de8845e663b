from pipeline.references.fields import drop_implausible, normalize_doi, normalize_pages


def test_doi_prefix_is_stripped_and_lowercased():
    assert normalize_doi("https://doi.org/10.1001/JAMAPsychiatry.2025.3019.") == "10.1001/jamapsychiatry.2025.3019"


def test_doi_keeps_balanced_parentheses_but_drops_a_closing_one():
    assert normalize_doi("doi:10.1016/S0140-6736(20)30000-1).") == "10.1016/s0140-6736(20)30000-1"


def test_every_dash_variant_in_pages_becomes_a_hyphen():
    assert normalize_pages("152 – 163") == "152-163"
    assert normalize_pages("e12—e19") == "e12-e19"


def test_implausible_values_become_null_and_are_listed_with_their_raw_text():
    record = {"year": 2999, "pages": "45-40", "doi": "10.12/x", "url": "ftp://example.org", "title": "Kept"}
    found = drop_implausible(record)
    assert record == {"year": None, "pages": None, "doi": None, "url": None, "title": "Kept"}
    assert [(f.field, f.raw) for f in found] == [("year", "2999"), ("pages", "45-40"), ("doi", "10.12/x"),
                                                 ("url", "ftp://example.org")]
    assert drop_implausible(record) == []


def test_abbreviated_page_ranges_are_not_reversed():
    for pages in ("351-54", "150-8", "1125-31", "e1008418", "12-12"):
        record = {"pages": pages}
        assert drop_implausible(record) == [] and record["pages"] == pages
