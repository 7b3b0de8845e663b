"""CSL type of a parsed entry, from the shape of what was found (never from a guess about content)."""

from __future__ import annotations

import re

from pipeline.references.fields import EDITION_RE, CslRecord

_PREPRINT_RE = re.compile(
    r"\b(?:arXiv|bioRxiv|medRxiv|PsyArXiv|SSRN|Research Square|Preprints|OSF Preprints|ChemRxiv)\b", re.IGNORECASE
)
_PREPRINT_DOI_PREFIXES = ("10.1101/", "10.48550/", "10.31234/", "10.2139/ssrn")
"""bioRxiv/medRxiv, arXiv, PsyArXiv, SSRN."""
_NEWSPAPER_RE = re.compile(
    r"\b(?:Times|Post|Guardian|Tribune|Herald|Gazette|Telegraph|Observer|Chronicle|Independent|Daily|News|"
    r"Journal-Constitution|Globe)\b"
)
_MAGAZINE_RE = re.compile(
    r"\bMagazine\b|^(?:The\s+)?(?:Time|Wired|Atlantic|New Yorker|Economist|Scientific American|Newsweek|Forbes|"
    r"Vox|Slate|"
    r"Psychology Today|New Scientist|National Geographic|Rolling Stone|Vice|Mother Jones|Harper's|New Republic)$"
)
_REPORT_RE = re.compile(
    r"\b(?:Technical|Annual|Final|Research|Progress|Special|Evaluation|Summary|Status)\s+[Rr]eport\b|\bWorking Paper\b|"
    r"\bPolicy Brief\b|\bWhite Paper\b|\b(?:Report|Publication|Document)\s+No\b"
)
_THESIS_RE = re.compile(r"\b(?:dissertation|thesis)\b", re.IGNORECASE)
_CONFERENCE_RE = re.compile(
    r"\b(?:Proceedings(?!\s+of\s+the\s+(?:[A-Z][\w-]*\s+)*(?:Academy|Society)\b)|Conference|Symposium|Workshop)\b|"
    r"\bProc\.(?!\s*(?:Natl\.?\s*Acad|R\.?\s*Soc))"
)
"""Conference proceedings, but not the journals named "Proceedings of the ... Academy/Society" (PNAS, Proc R Soc)."""


def periodical_type(container: str | None) -> str | None:
    """Newspaper or magazine named by a mention's container (journals return None)."""
    if not container:
        return None
    if _MAGAZINE_RE.search(container):
        return "article-magazine"
    return "article-newspaper" if _NEWSPAPER_RE.search(container) and "Journal" not in container else None


def _dated_issue_type(record: CslRecord, container: str, corporate: str, online: bool) -> str | None:
    """A dated entry without volume or issue: a magazine, newspaper or web page, if anything."""
    if _MAGAZINE_RE.search(corporate):
        return "article-magazine"
    if _NEWSPAPER_RE.search(container) or (not container and _NEWSPAPER_RE.search(corporate)):
        return "article-newspaper"
    if container or record["url"] or online:
        return "webpage" if record["url"] or online else "article-magazine"
    return None


def guess_type(
    record: CslRecord, body: str, *, dated_issue: bool, preprint: bool, chapter: bool = False, online: bool = False,
    collection: bool = False,
) -> str | None:
    """The CSL type implied by the entry's structure (container, numbers, publisher, URL, date form)."""
    container = record["container_title"] or ""
    authors = record["authors"] or []
    corporate = " ".join(a.get("literal", "") for a in authors)
    if preprint or _PREPRINT_RE.search(container) or (record["doi"] or "").startswith(_PREPRINT_DOI_PREFIXES):
        return "preprint"
    if _THESIS_RE.search(body):
        return "thesis"
    if chapter:
        return "paper-conference" if _CONFERENCE_RE.search(container) else "chapter"
    if _CONFERENCE_RE.search(container) or collection:
        return "paper-conference"
    has_numbers = bool(record["volume"] or record["issue"])
    if _MAGAZINE_RE.search(container):
        return "article-magazine"
    if not has_numbers and dated_issue and (dated := _dated_issue_type(record, container, corporate, online)):
        return dated
    if _REPORT_RE.search(record["title"] or "") or _REPORT_RE.search(container) or _REPORT_RE.search(body):
        return "report"
    if has_numbers or record["pages"] or (container and (record["doi"] or not record["url"])):
        return "article-journal"
    if record["url"] and not record["publisher"]:
        return "webpage"
    if record["publisher"] or (EDITION_RE.search(body) and not container):
        return "book"
    return None
