"""Normalizers for single bibliographic values (DOI, URL, pages, dates).

Kept apart from the parsers so every parser (list entry, narrative sentence) normalizes the
same way and works can be compared field by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

from pipeline.text.normalize import squeeze_spaces

FIELDS = (
    "authors", "et_al", "year", "title", "container_title", "volume", "issue", "pages",
    "doi", "url", "publisher", "accessed", "type",
)
"""The bibliographic fields of the issue, in output order."""

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_RE = re.compile(f"\\s*[{DASHES}-]+\\s*")
DOI_RE = re.compile(
    r"(?:\b(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*:?\s*|\bDOI\s*:?\s*)?(10\.\d{4,9}/[^\s\"<>]+)",
    re.IGNORECASE,
)
URL_RE = re.compile(r"https?://[^\s<>\"]+")
YEAR_RE = re.compile(r"(?<![\d/.-])(1[5-9]\d{2}|20\d{2})(?![\d/])")

EDITION_RE = re.compile(
    r"\s*\((?:\d+(?:st|nd|rd|th)\s+(?:ed|edn|edition)\b|Rev\.|Revised)[^()]*\)\.?|\b\d+(?:st|nd|rd|th)\s+(?:ed|edn|edition)\b\.?",
    re.IGNORECASE,
)
"""An edition statement ("2nd edn.", "(5th ed., text rev.)"): not part of a title, and a sign of a book."""

def strip_trailing_punctuation(value: str) -> str:
    """Drop sentence punctuation glued to an identifier, keeping balanced closing brackets."""
    value = value.rstrip(".,;:'\"’”")
    while value and value[-1] in ")]" and value.count(value[-1]) > value.count("(" if value[-1] == ")" else "["):
        value = value[:-1].rstrip(".,;:")
    return value


def normalize_doi(raw: str) -> str:
    """Lowercase DOI without resolver prefix or trailing punctuation (DOIs are case-insensitive)."""
    match = DOI_RE.search(raw)
    doi = match.group(1) if match else raw
    return strip_trailing_punctuation(doi).lower()


def normalize_pages(raw: str) -> str:
    """Pages with every dash variant (and surrounding spaces) turned into one ASCII hyphen."""
    return _DASH_RE.sub("-", raw.strip())


def _unwrap(text: str) -> str:
    text = squeeze_spaces(text).strip(" ,;:")
    text = re.sub(r"^[\"“‘'«]+|[\"”’'»]+$", "", text).strip()
    return text.rstrip(",;:").strip()


def clean_title(text: str) -> str:
    """A title without surrounding quotes and its closing period (an initial keeps its period)."""
    text = re.sub(r"\s*\[[^\]]+\]\.?$", "", _unwrap(text))
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    return _unwrap(text)


def clean_container(text: str) -> str:
    """A container name; abbreviated ones ("Nat. Neurosci.") keep their final period."""
    text = _unwrap(text)
    if text.endswith(".") and "." not in text[:-1]:
        text = text[:-1]
    return text.strip()


class Author(TypedDict, total=False):
    """One CSL name: a person (family, given) or an organisation (literal)."""

    family: str
    given: str
    literal: str


class CslRecord(TypedDict):
    """The bibliographic fields of one reference, named as in CSL-JSON (see ``FIELDS``)."""

    authors: list[Author] | None
    et_al: bool
    year: int | None
    title: str | None
    container_title: str | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    url: str | None
    publisher: str | None
    accessed: str | None
    type: str | None


def empty_record() -> CslRecord:
    """A record with every field absent: parsers fill only what the text states."""
    return CslRecord(
        authors=None, et_al=False, year=None, title=None, container_title=None, volume=None, issue=None,
        pages=None, doi=None, url=None, publisher=None, accessed=None, type=None,
    )


YEAR_RANGE = (1000, 2100)
"""Plausible publication years (the contract's range): 2999 is a typo, not a year."""
_STRICT_DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
_PAGE_RANGE_RE = re.compile(r"^(?P<first>\d+)-(?P<last>\d+)$")


@dataclass(frozen=True)
class Implausible:
    """A value a parser read that cannot be right: the field is nulled, the raw text kept here."""

    field: str
    raw: str
    reason: str


def _reversed_pages(pages: str) -> bool:
    """"45-40" is reversed; "351-54" and "150-8" are abbreviated (354, 158), not reversed."""
    match = _PAGE_RANGE_RE.match(pages)
    if not match or len(match["first"]) > 12 or len(match["last"]) > 12:
        return False
    first, last = match["first"], match["last"]
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return int(last) < int(first)


def _implausibility(field: str, value: object) -> str | None:
    if field == "year" and isinstance(value, int) and not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        return f"year outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}"
    if field == "pages" and isinstance(value, str) and _reversed_pages(value):
        return "page range ends before it starts"
    if field == "doi" and isinstance(value, str) and not _STRICT_DOI_RE.match(value):
        return "not a DOI (10.<registrant>/<suffix>)"
    if field == "url" and isinstance(value, str) and not re.match(r"^https?://\S+$", value):
        return "not an http(s) URL"
    return None


def drop_implausible(record: CslRecord) -> list[Implausible]:
    """Null every field of ``record`` whose value cannot be right; return what was dropped. Never raises."""
    found: list[Implausible] = []
    for field in ("year", "pages", "doi", "url"):
        value = record.get(field)
        if value is not None and (reason := _implausibility(field, value)):
            found.append(Implausible(field, str(value), reason))
            record[field] = None
    return found
