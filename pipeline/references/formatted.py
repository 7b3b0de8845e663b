"""Reference-list entries (Harvard, APA, Vancouver/NLM, AMA, MLA, Chicago, IEEE, Nature).

The entry is taken apart from both ends: identifiers and access notes first, then the author
block (ending at a parenthesized year, an opening title quote, a ". YYYY." or the longest
prefix that is a consistent name list), then the title, then the container with its numbers,
whose shape (";3(7):619-27", "3(7), 619-627", "vol. 3, no. 7", "3, 619-627 (2016)") fixes the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pipeline.references.fields import (
    DOI_RE,
    EDITION_RE,
    URL_RE,
    YEAR_RE,
    CslRecord,
    clean_container,
    clean_title,
    empty_record,
    normalize_doi,
    normalize_pages,
    strip_trailing_punctuation,
)
from pipeline.references.names import parse_author_block, parse_person_list, split_et_al
from pipeline.references.types import guess_type
from pipeline.text.dates import MONTH_PATTERN, iso_date
from pipeline.text.normalize import squeeze_spaces

LABEL_RE = re.compile(r"^\s*(?:\[(?P<bracket>\d{1,4})\]|(?P<dotted>\d{1,4})[.)])\s+")
_ACCESSED_RES = (
    re.compile(r"[(\[]\s*(?:Accessed|accessed|Cited|cited|Viewed|viewed)\s*:?\s*(?P<date>[^)\]]+)[)\]]\.?"),
    re.compile(r"\b(?:Accessed|accessed|Viewed|viewed)\s*(?:on\s*)?:?\s*(?P<date>[^.;]*?\d{4})\.?"),
    re.compile(r"\bRetrieved\s+(?:on\s+)?(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}),?\s*(?:from\b)?"),
)
_NOISE_RE = re.compile(
    r"\[(?:online ahead of print|Internet|Epub ahead of print|published online[^\]]*)\]|"
    r"\bEpub(?: ahead of print)?(?:\s+\d{4}(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?)?\.?|"
    r"\b(?:PMID|PMCID)\s*:?\s*\w+\.?|\b(?:Available\s+(?:at|from|online)|Available|Retrieved\s+from|URL)\s*:|"
    r"\b(?:Available\s+(?:at|from|online)|Retrieved\s+from)\b|\[Online\]\.?|(?<!\S)www\.\S+",
    re.IGNORECASE,
)
_PUBLISHED_DATE_RE = re.compile(
    rf"\b(?:Published(?:\s+online)?|Updated|Posted)\s+(?P<date>{MONTH_PATTERN}\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+{MONTH_PATTERN}\s+\d{{4}}|\d{{4}})\.?"
)
_WEB_ADDRESS_RE = re.compile(r"(?<!\S)www\.\S+|https?://")
_RESOLVER_RE = re.compile(r"https?://(?:dx\.)?doi\.org/", re.IGNORECASE)
_ARXIV_RE = re.compile(r"\barXiv:\s*\d{4}\.\d{4,5}(?:v\d+)?(?:\s*\[[\w.-]+\])?\.?", re.IGNORECASE)
_PAREN_YEAR_RE = re.compile(
    r"\s*\((?P<year>\d{4})[a-z]?(?:,\s*(?P<date>[^)]*))?\)[.,]?\s*|\s*\((?:n\.d\.|in press|forthcoming)\)[.,]?\s*",
)
_QUOTE_OPEN_RE = re.compile(r"(?:(?<=\s)|^)[“\"‘'«]")
_CHICAGO_YEAR_RE = re.compile(r"\.\s+(?P<year>\d{4})[a-z]?\.\s+")
_SENTENCE_END_RE = re.compile(
    r"(?<!\b[A-Z])(?<!\bvs)(?<!\bSt)(?<!\bed)(?<!\bEd)[.?!]\s+(?=[\[(“\"‘'A-Z0-9À-Þ]|[a-z]+[A-Z])"
)
_PAGES = r"(?:[A-Za-z]{0,4}\d+[A-Za-z]?(?:\s*[-–—]\s*[A-Za-z]{0,4}\d+[A-Za-z]?(?:\.e\d+)?)?)"
_VANCOUVER_TAIL_RE = re.compile(
    rf"^(?P<c>.*?)[.,]?\s*(?P<y>\d{{4}})(?:\s+(?P<mon>{MONTH_PATTERN}(?:\s*[-–]\s*{MONTH_PATTERN})?)(?:\s+\d{{1,2}})?)?\s*"
    rf"(?:;\s*(?P<v>[\w .-]+?)?\s*(?:\((?P<i>[^)]+)\))?\s*(?::\s*(?P<p>{_PAGES}))?)\s*\.?$"
)
_NATURE_TAIL_RE = re.compile(rf"^(?P<c>.+?)\s+(?P<v>\d+[A-Za-z]?),\s*(?P<p>{_PAGES})\s*\((?P<y>\d{{4}})\)\.?$")
_APA_TAIL_RE = re.compile(
    rf"^(?P<c>[^\d]+?),\s*(?P<v>\d+[A-Za-z]?)\s*(?:\((?P<i>[^)]+)\))?\s*(?:[,:]\s*(?:pp?\.\s*)?(?:Article\s+)?(?P<p>{_PAGES}))?"
    rf"(?:[,.]\s*(?P<y>\d{{4}}))?\.?$"
)
_CHICAGO_TAIL_RE = re.compile(
    rf"^(?P<c>[^\d]+?)\s+(?P<v>\d+[A-Za-z]?)(?:,?\s*(?:no\.\s*)?\(?(?P<i>[\w/-]+)\)?)?\s*:\s*(?P<p>{_PAGES})\.?$"
)
_LABELED_NUMBERS_RE = re.compile(r"\b(?:vol|no|pp?)\.\s*\S", re.IGNORECASE)
_PUBLISHER_RE = re.compile(r"^(?:(?P<place>[A-Z][^:;]{1,40}):\s*)?(?P<pub>[^:;]+?)(?:[;,]\s*(?P<y>\d{4})[a-z]?)?\.?$")
PUBLISHER_WORD_RE = re.compile(
    r"\b(?:Press|Publish\w*|Books|Wiley|Springer|Elsevier|Routledge|Sage|SAGE|Norton|Penguin|Random House|"
    r"HarperCollins|Macmillan|Guilford|Academic|University|Inc|Ltd|LLC|GmbH|Verlag|Association|Organization|Institute)\b"
)
_CHAPTER_RE = re.compile(
    r"^In:?\s+(?:.+?\s*[,(]\s*(?:eds?|editors?)\.?\)?[.,]?\s+|(?:eds?|edited by)\.?\s+.+?,\s+)?(?P<book>.+)$",
    re.IGNORECASE,
)
_EDITOR_MARK_RE = re.compile(r"\((?:eds?|Eds?)\.?\)|\bedited by\b")
"""A lowercase "in ..." tail is a chapter only with editors (Harvard "in Name (eds)"), never "in press"."""
_PAGE_RANGE_RE = re.compile(rf"\(?\bpp?\.\s*(?P<p>{_PAGES})\)?")
_REPORT_NUMBER_RE = re.compile(r"\b(?:Report|Publication|Document)\s+No\.?:?\s*[\w/.\-]+?(?=\.?(?:\s|$))\.?")
_MEDIA_DATE_RE = re.compile(
    rf"(?:^|,\s*)(?P<date>\d{{1,2}}\s+{MONTH_PATTERN}(?:\s+\d{{4}})?|{MONTH_PATTERN}\s+\d{{1,2}}(?:,\s+\d{{4}})?|{MONTH_PATTERN}\s+\d{{4}})"
    r"(?:,\s*(?:pp?|sec)\.\s*(?P<p>[A-Z]?\d+(?:-[A-Z]?\d+)?))?\.?\s*$"
)
_EDITORS_RE = re.compile(r",\s*(?:edited by|eds?\.)\s+.*?(?=,\s*\d|(?<!\b[A-Z])\.\s|,\s*[A-Z][\w ]+,\s*\d{4})")
_INITIALS_FIRST_NAMES_RE = re.compile(
    r"^(?P<names>(?:(?:[A-Z]\.\s?-?)+\s*(?:[a-z]+\s)*[^\s,]+(?:,\s+|,?\s+and\s+))*(?:[A-Z]\.\s?-?)+\s*(?:[a-z]+\s)*[^\s,]+(?:\s+et\s+al\.)?),\s+"
)
_PLACE_RE = re.compile(r"^(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}|[A-Z]{2,3})$")
"""A city, state or country segment ("Graz", "Las Vegas", "NV", "USA"); abbreviations with periods are no place."""
_COMMA_EDITION_RE = re.compile(r",\s*\d+(?:st|nd|rd|th)\s+ed(?:n|ition)?\.(?=\s)")
_PUBLISHER_IN_PARENS_RE = re.compile(r"^(?P<title>.+?)\s*\((?P<pub>[^()]+?),\s*(?P<year>\d{4})\)$")


def _take_identifiers(text: str, record: CslRecord) -> str:
    """Move DOI, URL, access date and publication-date notes into the record; return the rest."""
    for url in URL_RE.finditer(text):
        if not _RESOLVER_RE.match(url.group(0)):
            address = strip_trailing_punctuation(url.group(0))
            record["url"] = address
            text = text[: url.start()] + text[url.start() + len(address):]
            break
    if match := DOI_RE.search(text):
        record["doi"] = normalize_doi(match.group(0))
        text = text[: match.start()] + text[match.end():]
    elif record["url"] and (match := DOI_RE.search(record["url"])):
        record["doi"] = normalize_doi(match.group(1))
    for pattern in _ACCESSED_RES:
        if (match := pattern.search(text)) and (date := iso_date(match["date"])):
            record["accessed"] = date
            text = text[: match.start()] + text[match.end():]
            break
    if match := _PUBLISHED_DATE_RE.search(text):
        record["year"] = int(match["date"][-4:])
        text = text[: match.start()] + text[match.end():]
    text = _NOISE_RE.sub(" ", text)
    return squeeze_spaces(re.sub(r"\s+([.,;:])", r"\1", text)).strip(" ,;")


def _split_title(rest: str) -> tuple[str | None, str]:
    """Title (quoted, or the first sentence) and what follows it."""
    rest = rest.strip(" .,")
    if match := re.match(r"^[“\"‘'«](?P<t>.+?)[”\"’'»](?=[\s.,;:]|$)\s*[.,;:]?\s*", rest):
        return clean_title(match["t"]), rest[match.end():]
    if match := _SENTENCE_END_RE.search(rest):
        return clean_title(rest[: match.start() + 1]), rest[match.end():]
    return (clean_title(rest) or None), ""


def _split_authors(text: str) -> tuple[str | None, int | None, str | None, str]:
    """(author block, year, date text, rest) for the entry's leading name list."""
    quote = _QUOTE_OPEN_RE.search(text)
    paren = _PAREN_YEAR_RE.search(text)
    paren_first = paren and paren.start() > 0 and (quote is None or paren.start() < quote.start())
    if paren and paren_first and _plausible_names(text[: paren.start()]):
        return text[: paren.start()], _int(paren["year"]), paren["date"], text[paren.end():]
    if quote and quote.start() > 0:
        head, rest = text[: quote.start()].strip(" ,"), text[quote.start():]
        if chicago := re.search(r"^(?P<names>.+?)\.\s+(?P<year>\d{4})[a-z]?\.?$", head):
            return chicago["names"], int(chicago["year"]), None, rest
        return head, None, None, rest
    if chicago := _CHICAGO_YEAR_RE.search(text):
        names, _ = split_et_al(text[: chicago.start()])
        if parse_person_list(names) is not None or len(names.split()) <= 6:
            return text[: chicago.start()], int(chicago["year"]), None, text[chicago.end():]
    initials_first = _INITIALS_FIRST_NAMES_RE.match(text)
    if initials_first and parse_person_list(split_et_al(initials_first["names"])[0]):
        return initials_first["names"], None, None, text[initials_first.end():]
    return _longest_name_prefix(text)


def _plausible_names(block: str) -> bool:
    """A name list, or a short corporate name: not a whole entry ending in "(2019)"."""
    names, _ = split_et_al(block.strip(" ,"))
    return parse_person_list(names) is not None or (len(names.split()) <= 8 and not re.search(r"\.\s+[a-z]|\d", names))


MAX_NAME_LIST_CHARS = 2_000
"""An author list ends within this many characters (100 Vancouver names fit); looking further
made every ". " of a long line re-read the whole prefix (quadratic in the line length)."""


def _longest_name_prefix(text: str) -> tuple[str | None, int | None, str | None, str]:
    """Vancouver/Nature/MLA: the longest prefix ending at ". " that is one consistent name list."""
    best: tuple[str | None, int | None, str | None, str] = (None, None, None, text)
    for boundary in re.finditer(r"\.\s+|,\s+(?=[A-Z][a-z]+\s+[a-z])", text[:MAX_NAME_LIST_CHARS]):
        head = text[: boundary.start() + (1 if boundary.group(0).startswith(".") else 0)]
        names, _ = split_et_al(head)
        if names and parse_person_list(names.rstrip(".")) is not None:
            best = (head, None, None, text[boundary.end():])
    if best[0] is None and (first := re.match(r"^(?P<corp>[^.]{3,80}?)\.\s+", text)):
        return first["corp"], None, None, text[first.end():]
    return best


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _conference_name(head: str) -> str:
    """A venue without its place and date: "Proc. X (ABBR), City, ST, Country, Jun. 2016" -> "Proc. X (ABBR)"."""
    head = re.sub(r",\s*(?:[A-Z][a-z]{2}\.?\s+)?\d{4}\s*,?\s*$", "", head.strip())
    if (abbreviation := head.rfind(")")) > 0:
        return head[: abbreviation + 1]
    parts = head.split(", ")
    while len(parts) > 1 and _PLACE_RE.match(parts[-1]):
        parts.pop()
    return ", ".join(parts)


def _parse_labeled_tail(rest: str, record: CslRecord) -> set[str]:
    """IEEE/MLA tails: "Journal, vol. 3, no. 7, pp. 619-627, Mar. 2019" (conference: "in Proc. X, 2019, pp. 1-4")."""
    hints: set[str] = set()
    first = re.search(r"\b(?:vol|no|pp?)\.", rest, re.IGNORECASE)
    head = rest[: first.start()] if first else rest
    if editors := re.search(r",\s*edited by\s+[^,]+,\s*(?P<pub>[^,]+?)(?:,\s*\d{4})?[,.]?\s*$", head):
        record["publisher"] = clean_container(editors["pub"])
        head = head[: editors.start()]
        hints.add("chapter")
    if re.match(r"^in\s+", head.strip()):
        head = _conference_name(head.strip()[3:])
        hints.add("collection")
    head = re.sub(r",\s*(?:[A-Z][a-z]{2}\.?\s+)?\d{4}\s*,?\s*$", "", head.strip())
    record["container_title"] = clean_container(head) or None
    remainder = rest
    numbers: tuple[tuple[Literal["volume", "issue"], str], ...] = (
        ("volume", r"\bvol\.\s*([\w.-]+?)[,.]?(?=\s|$)"), ("issue", r"(?<!Art\. )\bno\.\s*([\w/-]+?)[,.]?(?=\s|$)")
    )
    for field, pattern in numbers:
        if match := re.search(pattern, rest, re.IGNORECASE):
            record[field] = match.group(1)
            remainder = remainder.replace(match.group(0), " ")
    if match := re.search(rf"\bpp?\.\s*({_PAGES})", rest):
        record["pages"] = normalize_pages(match.group(1))
        remainder = remainder.replace(match.group(0), " ")
    elif match := re.search(r"\b(?:Art\.|Article|art\.)\s*(?:no\.\s*)?(\w+)", rest):
        record["pages"] = match.group(1)
        remainder = remainder.replace(match.group(0), " ")
    if record["year"] is None and (years := YEAR_RE.findall(remainder)):
        record["year"] = int(years[-1])
    return hints


def _parse_book_tail(rest: str, record: CslRecord, *, quoted_title: bool = False, dated: bool = False) -> None:
    """Book-like tails: "2nd ed. London: Publisher; 2019." or "Publisher, 2019"."""
    rest = EDITION_RE.sub(" ", rest)
    rest = squeeze_spaces(rest).strip(" .,")
    if not rest:
        return
    if match := re.search(r"(?:^|[,;(]?\s+)(\d{4})[a-z]?\)?\.?$", rest):
        record["year"] = record["year"] or int(match.group(1))
        rest = rest[: match.start()].strip(" .,")
    if (colon := rest.find(":")) >= 0:
        breaks = [found.end() for found in re.finditer(r"\.\s+", rest[:colon])]
        parts = [rest[breaks[-1]:] if breaks else rest]
    else:
        parts = [part.strip() for part in re.split(r"\.\s+", rest) if part.strip()]
    if not parts:
        return
    last = parts[-1].strip(" .,")
    match = _PUBLISHER_RE.match(last)
    publisher = clean_container(match["pub"]) if match else clean_container(last)
    if not publisher or YEAR_RE.fullmatch(publisher):
        return
    names_a_container = len(parts) == 1 and not (match and match["place"]) and not PUBLISHER_WORD_RE.search(publisher)
    if names_a_container and (record["doi"] or quoted_title or dated):
        record["container_title"] = publisher
    else:
        record["publisher"] = publisher


def _parse_chapter(rest: str, record: CslRecord) -> None:
    """A chapter's book, pages and publisher: "In: Eds, editors. Book. Place: Publisher; 2019. p. 1-9"
    or "In Book, edited by X, 1-9. Place: Publisher"."""
    match = _CHAPTER_RE.match(rest)
    if not match:
        return
    book = _EDITORS_RE.sub("", match["book"])
    if pages := _PAGE_RANGE_RE.search(book) or re.search(r",\s*(?P<p>\d+\s*[-–—]\s*\d+)(?=\.)", book):
        record["pages"] = normalize_pages(pages["p"])
        book = (book[: pages.start()] + book[pages.end():]).strip()
    book = re.sub(r"\(\s*\d+(?:st|nd|rd|th)\s+ed(?:n|ition)?\.?,?\s*\)?", "", book)
    title, after = _split_title(re.sub(r"^[^,]*?\((?:Eds?|eds?)\.?\),?\s*", "", book))
    record["container_title"] = title
    _parse_book_tail(after, record)


@dataclass(frozen=True)
class Tail:
    """What follows an entry's title, and what the entry's head said about it."""

    text: str
    quoted_title: bool = False
    dated: bool = False
    """The year came with a day or month ("(2019, March 3)"): a magazine or newspaper issue."""


def _journal_numbers(match: re.Match[str], record: CslRecord) -> None:
    """Container, volume, issue, pages (and a year not yet known) from a journal tail's groups."""
    groups = match.groupdict()
    record["container_title"] = (clean_container(groups["c"]) if groups.get("c") else None) or None
    record["volume"] = groups.get("v") and groups["v"].strip()
    record["issue"] = groups.get("i") and groups["i"].strip()
    record["pages"] = groups.get("p") and normalize_pages(groups["p"])
    if record["year"] is None and groups.get("y"):
        record["year"] = int(groups["y"])


def chapter_tail(tail: Tail, record: CslRecord) -> set[str] | None:
    """A chapter: "In: Eds, editors. Book. Place: Publisher; 2019. p. 1-9" / "In Book, edited by X, 1-9"."""
    if not (_CHAPTER_RE.match(tail.text) and (tail.text.startswith("In") or _EDITOR_MARK_RE.search(tail.text))):
        return None
    _parse_chapter(tail.text, record)
    return {"chapter"}


def dated_issue_tail(tail: Tail, record: CslRecord) -> set[str] | None:
    """A newspaper or magazine: "The Guardian, 3 March 2021, p. 12" (a date where journals put numbers)."""
    media = _MEDIA_DATE_RE.search(tail.text)
    if not media or re.search(r"\d", tail.text[: media.start()]):
        return None
    record["container_title"] = clean_container(tail.text[: media.start()]) or None
    if record["year"] is None and (year := re.search(r"\d{4}$", media["date"])):
        record["year"] = int(year.group(0))
    if media["p"]:
        record["pages"] = normalize_pages(media["p"])
    return {"dated"}


def vancouver_tail(tail: Tail, record: CslRecord) -> set[str] | None:
    """Vancouver/NLM and AMA: "J Clin Psychiatry. 2016 Mar;77(3):e12-9" (year before the numbers)."""
    match = _VANCOUVER_TAIL_RE.match(tail.text)
    if not match or not (match["v"] or match["p"] or match["i"]):
        return None
    _journal_numbers(match, record)
    container = record["container_title"]
    if container and ". " in container:  # the title ran on past its first period
        earlier, record["container_title"] = container.rsplit(". ", 1)
        record["title"] = f"{record['title']}. {earlier}" if record["title"] else earlier
    return set()


def _journal_tail(pattern: re.Pattern[str], tail: Tail, record: CslRecord) -> set[str] | None:
    """A journal tail in one pattern's shape, or None when the tail does not have it."""
    match = pattern.match(tail.text)
    if not match:
        return None
    _journal_numbers(match, record)
    return set()


def nature_tail(tail: Tail, record: CslRecord) -> set[str] | None:
    """Nature: "Nat. Neurosci. 3, 619-627 (2016)" (year last, in parentheses)."""
    return _journal_tail(_NATURE_TAIL_RE, tail, record)


def apa_tail(tail: Tail, record: CslRecord) -> set[str] | None:
    """APA and Harvard: "Journal of X, 3(7), 619-627" (volume, issue in parentheses, pages)."""
    match = _APA_TAIL_RE.match(tail.text)
    if not match or (not match["i"] and YEAR_RE.fullmatch(match["v"])):
        return None
    _journal_numbers(match, record)
    return set()


def chicago_tail(tail: Tail, record: CslRecord) -> set[str] | None:
    """Chicago: "Journal of X 3, no. 7 (2016): 619-27" (pages after a colon)."""
    return _journal_tail(_CHICAGO_TAIL_RE, tail, record)


def labeled_tail(tail: Tail, record: CslRecord) -> set[str] | None:
    """IEEE and MLA: numbers labeled "vol.", "no.", "pp."."""
    if not _LABELED_NUMBERS_RE.search(tail.text):
        return None
    return _parse_labeled_tail(tail.text, record)


def book_tail(tail: Tail, record: CslRecord) -> set[str]:
    """Books and reports: "2nd ed. London: Publisher; 2019." or "Publisher, 2019" (the fallback: always applies)."""
    _parse_book_tail(tail.text, record, quoted_title=tail.quoted_title, dated=tail.dated)
    return set()


TAIL_STYLES: tuple[Callable[[Tail, CslRecord], set[str] | None], ...] = (
    chapter_tail, dated_issue_tail, vancouver_tail, nature_tail, apa_tail, chicago_tail, labeled_tail,
)
"""The style families, most specific first: the first that recognises the tail reads it;
``book_tail`` reads the rest."""


def parse_tail(tail: Tail, record: CslRecord) -> set[str]:
    """Fill container, numbers and publisher from what follows the title; return structure hints."""
    tail = Tail(tail.text.strip(" .,;"), tail.quoted_title, tail.dated)
    for style in TAIL_STYLES:
        if (hints := style(tail, record)) is not None:
            return hints
    return book_tail(tail, record)


def parse_formatted(text: str) -> CslRecord:
    """Fields of one reference-list entry; absent parts stay None."""
    record = empty_record()
    body = LABEL_RE.sub("", squeeze_spaces(text), count=1)
    body = _take_identifiers(body, record)
    preprint = bool(re.search(r"\[?\bpre-?print\b\]?", body, re.IGNORECASE) or _ARXIV_RE.search(body))
    structure = body
    body = re.sub(r"\s*\[pre-?print\]", "", body, flags=re.IGNORECASE)
    body = _ARXIV_RE.sub("", _REPORT_NUMBER_RE.sub("", body)).strip()
    block, year, date_text, rest = _split_authors(body)
    if block:
        record["authors"], record["et_al"] = parse_author_block(block.strip(" ,"))
    record["year"] = year or record["year"]
    record["title"], tail = _split_title(_COMMA_EDITION_RE.sub(".", rest))
    if record["title"]:
        record["title"] = EDITION_RE.sub("", record["title"]).strip() or None
    if record["title"] and not tail.strip(" .") and (in_parens := _PUBLISHER_IN_PARENS_RE.match(record["title"])):
        record["title"], record["publisher"] = in_parens["title"], in_parens["pub"].strip()
        record["year"] = record["year"] or int(in_parens["year"])
    dated = bool(date_text and re.search(r"[A-Za-z]", date_text))
    hints = parse_tail(Tail(tail, quoted_title=bool(_QUOTE_OPEN_RE.match(rest.strip())), dated=dated), record)
    record["type"] = guess_type(
        record, structure, dated_issue=dated or "dated" in hints, preprint=preprint, chapter="chapter" in hints,
        online=bool(_WEB_ADDRESS_RE.search(text)), collection="collection" in hints,
    )
    return record
