"""CSL types follow from the shape of what an entry states, never from its topic."""

from __future__ import annotations

from pipeline.references.fields import empty_record
from pipeline.references.types import guess_type, periodical_type


def _record(**fields: object) -> dict:
    return {**empty_record(), **fields}


def test_volume_or_pages_make_a_journal_article() -> None:
    assert guess_type(_record(container_title="Brain", volume="3"), "", dated_issue=False, preprint=False) == "article-journal"


def test_a_preprint_server_or_doi_prefix_makes_a_preprint() -> None:
    assert guess_type(_record(container_title="bioRxiv"), "", dated_issue=False, preprint=False) == "preprint"
    assert guess_type(_record(doi="10.48550/arxiv.1"), "", dated_issue=False, preprint=False) == "preprint"


def test_proceedings_are_a_conference_paper_but_pnas_is_a_journal() -> None:
    proceedings = _record(container_title="Proceedings of the Workshop on Sleep", pages="1-4")
    pnas = _record(container_title="Proceedings of the National Academy of Sciences", volume="9")
    assert guess_type(proceedings, "", dated_issue=False, preprint=False) == "paper-conference"
    assert guess_type(pnas, "", dated_issue=False, preprint=False) == "article-journal"


def test_a_dated_issue_without_numbers_is_a_newspaper_or_webpage() -> None:
    assert guess_type(_record(container_title="The Guardian"), "", dated_issue=True, preprint=False) == "article-newspaper"
    assert guess_type(_record(container_title="Blog", url="https://x.org"), "", dated_issue=True, preprint=False) == "webpage"


def test_a_publisher_alone_makes_a_book_and_nothing_makes_no_type() -> None:
    assert guess_type(_record(publisher="Norton"), "", dated_issue=False, preprint=False) == "book"
    assert guess_type(_record(), "", dated_issue=False, preprint=False) is None


def test_thesis_and_report_are_read_from_the_entry_text() -> None:
    assert guess_type(_record(publisher="MIT"), "PhD thesis, MIT", dated_issue=False, preprint=False) == "thesis"
    assert guess_type(_record(title="Annual Report 2020"), "", dated_issue=False, preprint=False) == "report"


def test_periodical_type_tells_magazines_and_newspapers_from_journals() -> None:
    assert periodical_type("Scientific American") == "article-magazine"
    assert periodical_type("The Washington Post") == "article-newspaper"
    assert periodical_type("Wall Street Journal-Constitution Journal") is None
    assert periodical_type(None) is None
