"""Prose documents (newsletters, blog posts, articles): line roles, metadata and statements.

Lines are classified one at a time with a one-line look-ahead (a short line next to site
chrome is chrome too), so memory does not depend on the document's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.ids import stable_id
from pipeline.parsing.boilerplate import is_chrome_neighbour, is_site_chrome
from pipeline.parsing.occurrences import OccurrenceCounter
from pipeline.parsing.reference_lines import (
    REFERENCES_HEADING,
    continues_reference_list,
    is_numbered_reference,
)
from pipeline.parsing.rows import DocumentRef, DocumentSummary, Row
from pipeline.text.dates import DATE_PATTERN, parse_date
from pipeline.text.normalize import normalize_text
from pipeline.text.sentences import split_sentences, strip_bullet

_BYLINE = re.compile(
    r"^(?:[Aa]uthors?|[Ww]ritten [Bb]y|[Pp]osted [Bb]y|By|BY)\s*[:\-–]?\s+(?P<who>[A-Z][^.!?]{1,150})$"
)
"""Case-sensitive name start, no sentence punctuation: "By the end of 2020 ..." is not a byline."""
_BYLINE_SPLIT = re.compile(r"\s+[/|·]\s+")
_DATE_LINE = re.compile(
    rf"^(?:(?:published|posted|updated|last updated|date)\s*(?:on)?\s*:?\s*)?(?P<date>{DATE_PATTERN})"
    rf"(?:\s*[·|•-]\s*\d+\s*min(?:ute)?s?\s+read)?\s*$",
    re.IGNORECASE,
)
_EDITION = re.compile(r"\b(?:edition|issue|vol(?:ume)?\.?|no\.)\s*#?\s*(?P<edition>\d+)\b", re.IGNORECASE)
_NEWSLETTER_CUE = re.compile(r"\bnewsletter\b|\b(?:edition|issue)\s*#?\s*\d+", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪‣◦*]|-\s)")
_MAX_TITLE_WORDS = 20
_MAX_HEADING_WORDS = 12
_NEWSLETTER_WINDOW = 5
_MIN_BLOG_CHROME_LINES = 2
"""One stray "Read More" does not make a blog; a site template leaves several chrome lines."""


@dataclass
class _Pending:
    """A classified line waiting for its successor (which may turn it into boilerplate)."""

    line_no: int
    text: str
    role: str


class ProseParser:
    """Feed decoded non-blank lines in order; rows come out one line behind."""

    def __init__(self, ref: DocumentRef, summary: DocumentSummary) -> None:
        self.ref = ref
        self.summary = summary
        self._pending: _Pending | None = None
        self._previous_chrome = False
        self._title_seen = False
        self._heading: str | None = None
        self._in_references = False
        self._lines_seen = 0
        self._newsletter_cues = 0
        self._site_chrome_lines = 0
        self._occurrences = OccurrenceCounter()

    def feed(self, line_no: int, text: str) -> Iterator[Row]:
        """Rows of the previous line (whether this line is site chrome decides its role); this line waits."""
        chrome = is_site_chrome(text)
        if self._pending is not None:
            yield from self._emit(self._pending, next_is_chrome=chrome)
        self._lines_seen += 1
        if self._lines_seen <= _NEWSLETTER_WINDOW and _NEWSLETTER_CUE.search(text):
            self._newsletter_cues += 1
        self._pending = _Pending(line_no, text, "boilerplate" if chrome else self._classify(text))

    def finish(self) -> Iterator[Row]:
        """Rows of the last pending line."""
        if self._pending is not None:
            yield from self._emit(self._pending, next_is_chrome=False)
            self._pending = None
        self._occurrences.close()
        self.summary.kind = self._kind()

    def _kind(self) -> str:
        if self._newsletter_cues:
            return "newsletter"
        if self._site_chrome_lines >= _MIN_BLOG_CHROME_LINES:
            return "blog_post"
        return "article"

    def _classify(self, text: str) -> str:
        """The role of a line that is not site chrome; updates the running document state."""
        stripped = text.strip()
        byline = _BYLINE.match(stripped)
        if byline and len(stripped.split()) <= _MAX_HEADING_WORDS:
            self._take_byline(byline.group("who"))
            return "byline"
        date = _DATE_LINE.match(stripped)
        if date:
            published = parse_date(date.group("date"))
            if self.summary.published is None and published is not None:
                self.summary.published = published.isoformat()
            return "metadata"
        if REFERENCES_HEADING.match(stripped):
            self._in_references = True
            return "heading"
        if self._in_references and continues_reference_list(stripped):
            return "reference_entry"
        self._in_references = False
        if is_numbered_reference(stripped):
            return "reference_entry"
        if not self._title_seen:
            self._title_seen = True
            if _is_title(stripped):
                self.summary.title = stripped
                edition = _EDITION.search(stripped)
                self.summary.edition = edition.group("edition") if edition else None
                return "title"
        if _is_heading(stripped):
            return "heading"
        return "content"

    def _take_byline(self, who: str) -> None:
        parts = _BYLINE_SPLIT.split(who.strip())
        self.summary.author = self.summary.author or parts[0].strip()
        if len(parts) > 1:
            self.summary.publisher = self.summary.publisher or parts[-1].strip()

    def _emit(self, pending: _Pending, *, next_is_chrome: bool) -> Iterator[Row]:
        role = pending.role
        if (role in ("heading", "content") and (self._previous_chrome or next_is_chrome)
                and is_chrome_neighbour(pending.text)):
            role = "boilerplate"
        if role == "boilerplate":
            self._site_chrome_lines += 1
        if role == "heading":
            self._heading = pending.text.strip().rstrip(":").strip()
        self._previous_chrome = role == "boilerplate"
        yield self.ref.line(pending.line_no, role, pending.text)
        if role == "content":
            yield from self._statements(pending.line_no, pending.text)

    def _statements(self, line_no: int, text: str) -> Iterator[Row]:
        for sentence in split_sentences(strip_bullet(text)):
            normalized = normalize_text(sentence)
            occurrence = self._occurrences.next(normalized)
            yield self.ref.fact(
                fact_id=stable_id("fct", self.ref.document_id, "", normalized, occurrence),
                source_id=None,
                fact_type="statement",
                text=sentence,
                line_no=line_no,
                section=self._heading,
            )


def _is_title(text: str) -> bool:
    """A few words (not a lone label), either unpunctuated or mostly capitalized (headline style)."""
    words = text.split()
    if not 2 <= len(words) <= _MAX_TITLE_WORDS or _BULLET.match(text):
        return False
    if not re.search(r"[.!?]$", text):
        return True
    capitalized = sum(1 for word in words if word[:1].isupper())
    return capitalized / len(words) >= 0.5


def _is_heading(text: str) -> bool:
    """Short label line without sentence-final punctuation (a trailing colon is allowed) and not
    a lead-in clause ("..., several implications arise:")."""
    words = text.split()
    return (
        len(words) <= _MAX_HEADING_WORDS
        and not _BULLET.match(text)
        and not re.search(r"[.!?,;…][\"'”’]?$", text)
        and not re.search(r",\s+[a-z]", text)
        and (text[:1].isupper() or text[:1].isdigit())
    )
