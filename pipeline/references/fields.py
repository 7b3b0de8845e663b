"""Normalizers for single bibliographic values (DOI, URL, pages, dates).

Kept apart from the parsers so every parser (list entry, narrative sentence) normalizes the
same way and works can be compared field by field.
"""

from __future__ import annotations

import re

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

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
MONTH_PATTERN = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"


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


def normalize_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _unwrap(text: str) -> str:
    text = normalize_space(text).strip(" ,;:")
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


def iso_date(raw: str) -> str | None:
    """ISO date (YYYY-MM-DD, or YYYY-MM without a day) from the usual written forms."""
    text = raw.strip().rstrip(".").replace(",", " ")
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(part) for part in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    tokens = text.replace(".", " ").split()
    year = next((int(t) for t in tokens if re.fullmatch(r"\d{4}", t)), None)
    month = next((MONTHS[t.lower()] for t in tokens if t.lower() in MONTHS), None)
    day = next((int(t) for t in tokens if re.fullmatch(r"\d{1,2}", t) and 1 <= int(t) <= 31), None)
    if year is None or month is None:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"


def empty_record() -> dict:
    """A record with every field absent: parsers fill only what the text states."""
    record: dict = dict.fromkeys(FIELDS)
    record["et_al"] = False
    return record
