"""One reference string in, CSL fields out: the single entry point every caller uses."""

from __future__ import annotations

import re
from typing import Literal

from pipeline.references.fields import (
    DOI_RE,
    URL_RE,
    CslRecord,
    Implausible,
    drop_implausible,
    empty_record,
    normalize_doi,
    strip_trailing_punctuation,
)
from pipeline.references.formatted import LABEL_RE, parse_formatted
from pipeline.references.narrative import looks_narrative, names_a_narrator, parse_narrative
from pipeline.text.normalize import squeeze_spaces

_FORMATTED_MARKERS_RE = re.compile(
    r"\(\d{4}[a-z]?(?:,[^)]*)?\)\s*[.‘'\"“]|\d+\s*\([\w/-]+\)\s*[:,]|;\s*\d+\s*[(:]|\bvol\.\s*\d|\bpp?\.\s*\d|"
    r"\d{4}[a-z]?\.\s+[“\"‘]|\d+,\s*[A-Za-z]?\d+(?:[-–]\d+)?\s*\(\d{4}\)|:\s*[^;:]{2,60};\s*\d{4}|"
    r"[”\"’]\s*[.,]\s+[A-Z][\w ]+[.,]\s*(?:vol\.|\d)|\bAvailable (?:at|from)\b|\bAccessed\b"
)
_IDENTIFYING = ("authors", "year", "container_title", "doi", "url", "publisher")
"""A formatted parse needs one of these: a line that yields only a "title" is a plain sentence."""


def bare_identifier(text: str) -> CslRecord | None:
    """Fields of a string that is only a DOI or a URL (nothing else to parse)."""
    stripped = LABEL_RE.sub("", text.strip(), count=1).strip("<>")
    identifiers: tuple[tuple[re.Pattern[str], Literal["doi", "url"]], ...] = ((DOI_RE, "doi"), (URL_RE, "url"))
    for pattern, field in identifiers:
        match = pattern.search(stripped)
        if match and not re.sub(r"(?i)\b(?:doi|url)\b", "", stripped.replace(match.group(0), "")).strip(" .,:;[]()<>"):
            record = empty_record()
            value = match.group(0)
            record[field] = normalize_doi(value) if field == "doi" else strip_trailing_punctuation(value)
            return record
    return None


def is_narrative(text: str) -> bool:
    """Prose mention rather than a formatted list entry."""
    if LABEL_RE.match(text):
        return False
    if _FORMATTED_MARKERS_RE.search(text):
        return names_a_narrator(text)
    return looks_narrative(text)


def parse_reference(text: str) -> CslRecord:
    """CSL fields of one reference (list entry, narrative sentence, bare DOI/URL); unstated fields are None.

    Values that cannot be right (year 2999, pages 45-40, a malformed DOI) are None too; see
    ``parse_reference_checked`` for what was dropped.
    """
    return parse_reference_checked(text)[0]


def parse_reference_checked(text: str) -> tuple[CslRecord, list[Implausible]]:
    """``parse_reference`` plus the implausible values it dropped, with their raw text."""
    record = _parse(text)
    return record, drop_implausible(record)


def _parse(text: str) -> CslRecord:
    text = squeeze_spaces(text)
    if not text:
        return empty_record()
    if (identifier := bare_identifier(text)) is not None:
        return identifier
    if is_narrative(text):
        return parse_narrative(text)
    record = parse_formatted(text)
    if not any(record.get(field) for field in _IDENTIFYING):
        return empty_record()
    return record
