"""One unseen entry per style; the labeled set in labeled/ is scored by the benchmark."""

import pytest

from pipeline.references import parse_reference
from pipeline.references.fields import FIELDS


def present(record: dict) -> dict:
    return {key: value for key, value in record.items() if value not in (None, False)}


def test_every_result_has_exactly_the_bibliographic_fields():
    assert list(parse_reference("anything at all")) == list(FIELDS)


def test_harvard_entry_with_access_date():
    record = parse_reference(
        "Osei, K. and de Vries, L. (2021) 'Esketamine in primary care', British Journal of General Practice, "
        "71(702), pp. 12–14. Available at: https://bjgp.example.org/osei (Accessed: 3 February 2022)."
    )
    assert present(record) == {
        "authors": [{"family": "Osei", "given": "K."}, {"family": "de Vries", "given": "L."}],
        "year": 2021, "title": "Esketamine in primary care", "container_title": "British Journal of General Practice",
        "volume": "71", "issue": "702", "pages": "12-14", "url": "https://bjgp.example.org/osei",
        "accessed": "2022-02-03", "type": "article-journal",
    }


def test_vancouver_date_with_month_and_e_locator():
    record = parse_reference("Haddad S, van Dijk R, et al. Ketamine and sleep architecture. Sleep Med. 2019 Mar;12(3):e101-e109.")
    assert record["year"] == 2019 and record["volume"] == "12" and record["issue"] == "3"
    assert record["pages"] == "e101-e109" and record["container_title"] == "Sleep Med" and record["et_al"]


def test_apa_newspaper_article_is_typed_from_its_dated_issue():
    record = parse_reference(
        "Nguyen, T. (2022, July 9). Clinics race to offer ketamine. The Washington Post. https://www.example.com/ketamine"
    )
    assert record["type"] == "article-newspaper" and record["container_title"] == "The Washington Post"


def test_apa_preprint():
    record = parse_reference("Ruiz, P., & Ito, K. (2023). Ketamine and memory [Preprint]. PsyArXiv. https://doi.org/10.31234/osf.io/abcde")
    assert record["type"] == "preprint" and record["doi"] == "10.31234/osf.io/abcde" and record["container_title"] == "PsyArXiv"


def test_ieee_numbered_entry():
    record = parse_reference("[12] M. Ortiz and P. Lee, “Ketamine dosing,” J. Clin. Anesth., vol. 9, no. 2, pp. 1–9, Apr. 2018.")
    assert record["authors"] == [{"family": "Ortiz", "given": "M."}, {"family": "Lee", "given": "P."}]
    assert (record["volume"], record["issue"], record["pages"], record["year"]) == ("9", "2", "1-9", 2018)


def test_nature_entry_with_abbreviated_journal():
    record = parse_reference("Banerjee, S. & Kowalski, T. Glutamate bursts after ketamine. Nat. Commun. 11, 5012 (2020).")
    assert record["container_title"] == "Nat. Commun." and record["pages"] == "5012" and record["year"] == 2020


def test_chicago_book_with_place_and_publisher():
    record = parse_reference("Halloran, Joan. 2015. Dissociative Medicine. Chicago: University of Chicago Press.")
    assert (record["title"], record["publisher"], record["type"]) == ("Dissociative Medicine", "University of Chicago Press", "book")


def test_narrative_sentence_states_only_what_it_says():
    record = parse_reference("Okafor et al. (2017) described ketamine use in rural emergency departments.")
    assert present(record) == {"authors": [{"family": "Okafor"}], "et_al": True, "year": 2017}


def test_narrative_sentence_with_journal_and_doi():
    record = parse_reference(
        "Lindqvist and Park published 'Ketamine in palliative care' in Palliative Medicine in 2020 (doi: 10.1177/026921632091.)."
    )
    assert record["container_title"] == "Palliative Medicine" and record["title"] == "Ketamine in palliative care"
    assert record["doi"] == "10.1177/026921632091" and record["type"] == "article-journal"


@pytest.mark.parametrize("text", ["The model is a comprehensive approach that was refined over six years.", "   "])
def test_text_without_a_work_yields_no_fields(text):
    assert present(parse_reference(text)) == {}


def test_bare_doi_and_url():
    assert present(parse_reference("doi: 10.5555/ABC.12.")) == {"doi": "10.5555/abc.12"}
    assert present(parse_reference("https://example.org/report.pdf")) == {"url": "https://example.org/report.pdf"}
