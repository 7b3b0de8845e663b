"""Recognise reference-list entries so they are handed whole to the references stage and are
never split into statements."""

from __future__ import annotations

import re

REFERENCES_HEADING = re.compile(
    r"^(?:references|bibliography|works\ cited|literature\ cited|cited\ works|sources|citations|"
    r"further\ reading|notes\ and\ references)\s*:?$",
    re.IGNORECASE | re.VERBOSE,
)
_YEAR = re.compile(r"(?<!\d)(?:1[6-9]|20)\d{2}[a-z]?(?!\d)")
_LIST_MARKER = re.compile(r"^\s*(?:\[\d{1,4}\]|\d{1,4}\.(?=\s)|\d{1,4}\)(?=\s))")
_BIBLIOGRAPHIC_CUE = re.compile(
    r"doi|https?://|\bvol\.|\bpp?\.\s*\d|\d+\s*\(\d+\)|;\s*\d|\bet\ al\b|[‘“\"'].{8,}[’”\"']|\bIn:|"
    r"available\ at|retrieved|\bjournal\b|\bpress\b|\bproceedings\b|\[internet\]|\bed(?:s)?\.",
    re.IGNORECASE | re.VERBOSE,
)
_AUTHOR_START = re.compile(r"^\s*(?:\[\d+\]|\d+\.)?\s*[A-Z][\w'’-]+,?\s+(?:[A-Z]\.|[A-Z]{1,3}\b|&|and\b|et al)")


def looks_like_reference(text: str) -> bool:
    """A bibliographic entry: a year plus a bibliographic cue or an author-name start."""
    return bool(_YEAR.search(text)) and bool(_BIBLIOGRAPHIC_CUE.search(text) or _AUTHOR_START.match(text))


def is_numbered_reference(text: str) -> bool:
    """An IEEE ``[1] ...`` or Vancouver ``1. ...`` entry, recognisable even without a heading."""
    return bool(_LIST_MARKER.match(text)) and looks_like_reference(text)


def continues_reference_list(text: str) -> bool:
    """Inside a reference section, looser: any line with a year, a list marker or a cue."""
    return bool(_YEAR.search(text) or _LIST_MARKER.match(text) or _BIBLIOGRAPHIC_CUE.search(text))
