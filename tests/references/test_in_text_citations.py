from pipeline.references.in_text_citations import find_citations


def test_author_year_group_yields_one_citation_per_item_with_offsets():
    line = "Effects were rapid (aan het Rot et al., 2012; Coyle & Laws, 2015; see Murrough et al., 2013)."
    found = find_citations(line)
    assert [(c.first_author, c.second_author, c.year) for c in found] == [
        ("aan het Rot", None, 2012), ("Coyle", "Laws", 2015), ("Murrough", None, 2013),
    ]
    assert [line[c.start:c.end] for c in found] == [c.marker for c in found]
    assert found[2].marker == "Murrough et al., 2013"


def test_cited_in_yields_both_works():
    found = find_citations("as shown (Zarate et al., 2006, cited in Coyle & Laws, 2015).")
    assert [(c.first_author, c.year) for c in found] == [("Zarate", 2006), ("Coyle", 2015)]


def test_narrative_citation_and_title_citation():
    found = find_citations("Zarate et al. (2006) found it; others disagree (Ketamine effect may hinge on hope, 2023).")
    assert [(c.marker, c.first_author) for c in found] == [
        ("Zarate et al. (2006)", "Zarate"),
        ("Ketamine effect may hinge on hope, 2023", "Ketamine effect may hinge on hope"),
    ]


def test_a_journal_name_before_a_year_is_not_an_author():
    assert find_citations("published in the Journal of Psychoactive Drugs (1988).") == []


def test_numeric_ranges_and_lists_are_expanded():
    found = find_citations("as reported [1–4] and [2, 6].")
    assert [c.number for c in found] == [1, 2, 3, 4, 2, 6]
    assert {c.marker for c in found} == {"[1–4]", "[2, 6]"}


def test_fact_markers_and_parentheses_without_a_year_are_ignored():
    assert find_citations("A claim [fact:28|Ketamine is a drug] (MADRS score change) (phase 2).") == []
