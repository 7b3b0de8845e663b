"""Reference-list entries: each style family reads its own tail, and whole entries come apart right."""

from __future__ import annotations

from pipeline.references.fields import empty_record
from pipeline.references.formatted import (
    Tail,
    apa_tail,
    book_tail,
    chapter_tail,
    chicago_tail,
    dated_issue_tail,
    labeled_tail,
    nature_tail,
    parse_formatted,
    parse_tail,
    vancouver_tail,
)


def _read(style, text: str, **context: bool) -> tuple[set[str] | None, dict]:
    record = empty_record()
    return style(Tail(text, **context), record), record


def _numbers(record: dict) -> tuple:
    return record["container_title"], record["volume"], record["issue"], record["pages"], record["year"]


def test_vancouver_reads_year_then_volume_issue_and_abbreviated_pages() -> None:
    hints, record = _read(vancouver_tail, "J Clin Psychiatry. 2016 Mar;77(3):e12-9")
    assert hints == set()
    assert _numbers(record) == ("J Clin Psychiatry", "77", "3", "e12-9", 2016)


def test_vancouver_does_not_claim_a_tail_without_numbers() -> None:
    assert _read(vancouver_tail, "Oxford University Press; 2019")[0] is None


def test_nature_reads_the_year_in_final_parentheses() -> None:
    _, record = _read(nature_tail, "Nat. Neurosci. 3, 619–627 (2016)")
    assert _numbers(record) == ("Nat. Neurosci.", "3", None, "619-627", 2016)


def test_apa_reads_volume_issue_and_pages_but_not_a_year_as_volume() -> None:
    _, record = _read(apa_tail, "Journal of Psychopharmacology, 34(7), 619-627")
    assert _numbers(record) == ("Journal of Psychopharmacology", "34", "7", "619-627", None)
    assert _read(apa_tail, "Penguin Books, 2019")[0] is None


def test_chicago_reads_pages_after_a_colon() -> None:
    _, record = _read(chicago_tail, "American Journal of Psychiatry 163, no. 5: 856-64")
    assert _numbers(record) == ("American Journal of Psychiatry", "163", "5", "856-64", None)


def test_labeled_numbers_are_read_in_any_order() -> None:
    hints, record = _read(labeled_tail, "IEEE Trans. Neural Netw., vol. 3, no. 7, pp. 619-627, Mar. 2019")
    assert hints == set()
    assert _numbers(record) == ("IEEE Trans. Neural Netw.", "3", "7", "619-627", 2019)


def test_labeled_conference_tail_is_a_collection() -> None:
    hints, record = _read(labeled_tail, "in Proc. Int. Conf. Learning (ICL), Vienna, Austria, 2019, pp. 1-4")
    assert hints == {"collection"}
    assert record["container_title"] == "Proc. Int. Conf. Learning (ICL)"


def test_a_chapter_needs_in_or_editors() -> None:
    hints, record = _read(chapter_tail, "In: Smith J, Lee K, editors. Handbook of Sleep. London: Academic Press; 2019. p. 1-9")
    assert hints == {"chapter"}
    assert (record["container_title"], record["pages"], record["publisher"]) == ("Handbook of Sleep", "1-9", "Academic Press")
    assert _read(chapter_tail, "in press")[0] is None


def test_a_date_where_numbers_would_be_is_a_dated_issue() -> None:
    hints, record = _read(dated_issue_tail, "The Guardian, 3 March 2021, p. 12")
    assert hints == {"dated"}
    assert (record["container_title"], record["year"], record["pages"]) == ("The Guardian", 2021, "12")
    assert _read(dated_issue_tail, "Nature 3, 3 March 2021")[0] is None


def test_a_book_tail_reads_place_publisher_and_year() -> None:
    _, record = _read(book_tail, "2nd ed. London: Routledge; 2019")
    assert (record["publisher"], record["year"], record["container_title"]) == ("Routledge", 2019, None)


def test_a_bare_name_after_a_quoted_title_is_a_container_not_a_publisher() -> None:
    _, record = _read(book_tail, "The Atlantic", quoted_title=True)
    assert (record["container_title"], record["publisher"]) == ("The Atlantic", None)


def test_parse_tail_falls_back_to_the_book_reading() -> None:
    record = empty_record()
    assert parse_tail(Tail("New York: Norton, 2004."), record) == set()
    assert record["publisher"] == "Norton"


def test_a_whole_apa_entry() -> None:
    record = parse_formatted(
        "Carhart-Harris, R. L., & Friston, K. J. (2019). REBUS and the anarchic brain. "
        "Pharmacological Reviews, 71(3), 316-344. https://doi.org/10.1124/pr.118.017160"
    )
    assert [a["family"] for a in record["authors"]] == ["Carhart-Harris", "Friston"]
    assert (record["year"], record["title"], record["doi"]) == (2019, "REBUS and the anarchic brain", "10.1124/pr.118.017160")
    assert _numbers(record)[:4] == ("Pharmacological Reviews", "71", "3", "316-344")
    assert record["type"] == "article-journal"


def test_a_numbered_label_and_access_note_are_not_part_of_any_field() -> None:
    record = parse_formatted("[4] World Health Organization. Mental health atlas. 2020. Available from: "
                             "https://www.who.int/atlas (accessed 3 Mar 2021).")
    assert record["url"] == "https://www.who.int/atlas"
    assert record["accessed"] == "2021-03-03"
    assert record["authors"] == [{"literal": "World Health Organization"}]
