from pipeline.references.in_text_citations import find_citations
from pipeline.references.linking import ListEntry, resolve

ENTRIES = [
    ListEntry("ref_a", None, ("coyle", "laws"), 2015, "The use of ketamine"),
    ListEntry("ref_b", None, ("jelovac",), 2025, "Serial ketamine infusions"),
    ListEntry("ref_c", None, ("smith", "jones"), 2019, "First"),
    ListEntry("ref_d", None, ("smith", "brown"), 2019, "Second"),
]


def one(text: str):
    (citation,) = find_citations(text)
    return citation


def test_two_author_citation_needs_the_second_author_too():
    assert resolve(one("(Coyle & Laws, 2015)"), ENTRIES).reference_id == "ref_a"
    assert resolve(one("(Smith & Brown, 2019)"), ENTRIES).reference_id == "ref_d"


def test_unresolved_citations_say_why():
    assert resolve(one("(Feder et al., 2014)"), ENTRIES).reason == "no entry for Feder 2014"
    assert resolve(one("(Feder et al., 2014)"), []).reason == "no reference list in document"


def test_ambiguous_citation_counts_the_candidates():
    outcome = resolve(one("(Smith et al., 2019)"), ENTRIES)
    assert (outcome.status, outcome.reason) == ("ambiguous", "ambiguous: 2 entries match")


def test_numbered_citation_links_by_entry_number():
    numbered = [ListEntry("ref_1", 1, ("a",), 2001, None), ListEntry("ref_2", 2, ("b",), 2002, None)]
    assert resolve(one("[2]"), numbered).reference_id == "ref_2"
    assert resolve(one("[7]"), numbered).reason == "no entry [7]"
    assert resolve(one("[1]"), ENTRIES).reason == "reference list is not numbered"
