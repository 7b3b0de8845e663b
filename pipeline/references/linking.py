"""Resolve in-text citations against the reference list of the same document."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.references.in_text_citations import InTextCitation
from pipeline.text.normalize import fold


@dataclass(frozen=True)
class ListEntry:
    """What linking needs to know about one reference-list entry."""

    reference_id: str
    number: int | None
    authors: tuple[str, ...]
    year: int | None
    title: str | None


@dataclass(frozen=True)
class Resolution:
    """Outcome of linking one citation: status, the entry it names, and why."""

    status: str  # "resolved", "unresolved" or "ambiguous"
    reference_id: str | None
    reason: str | None


def _outcome(candidates: list[ListEntry], missing: str) -> Resolution:
    if len(candidates) == 1:
        return Resolution("resolved", candidates[0].reference_id, None)
    if candidates:
        return Resolution("ambiguous", None, f"ambiguous: {len(candidates)} entries match")
    return Resolution("unresolved", None, missing)


def _by_author(citation: InTextCitation, entries: list[ListEntry]) -> list[ListEntry]:
    first, second = fold(citation.first_author), fold(citation.second_author)
    first_without_article = fold((citation.first_author or "").removeprefix("The "))
    matches = [
        entry for entry in entries
        if entry.year == citation.year and entry.authors
        and entry.authors[0] in (first, first_without_article)
        and (not second or len(entry.authors) < 2 or entry.authors[1] == second)
    ]
    if matches:
        return matches
    return [
        entry for entry in entries
        if entry.year == citation.year and entry.title and first and fold(entry.title).startswith(first)
    ]


def resolve(citation: InTextCitation, entries: list[ListEntry]) -> Resolution:
    """Link one citation to the document's list entries, or say why it cannot be linked."""
    if not entries:
        return Resolution("unresolved", None, "no reference list in document")
    if citation.kind == "numeric":
        if not any(entry.number is not None for entry in entries):
            return Resolution("unresolved", None, "reference list is not numbered")
        return _outcome([e for e in entries if e.number == citation.number], f"no entry [{citation.number}]")
    return _outcome(_by_author(citation, entries), f"no entry for {citation.first_author} {citation.year}")
