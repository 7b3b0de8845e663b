"""Concept pages: name, synthesis, model perspectives, sources and typed facts.

A page is a sequence of sections ("Model Perspectives (K)", "Facts (N)", "Sources") after a
short preamble; each line's role follows from the section it is in and its own shape. Only the
current source and perspective are held in memory, so a page of any length streams through.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.ids import stable_id
from pipeline.parsing.counts import parse_count
from pipeline.parsing.fact_citations import CitationResolver
from pipeline.parsing.occurrences import OccurrenceCounter
from pipeline.parsing.rows import DocumentRef, DocumentSummary, Row
from pipeline.parsing.source_header import looks_like_source_header, parse_source_header
from pipeline.text.normalize import normalize_text
from pipeline.text.sentences import ends_sentence

FACT_TYPES = ("claim", "reference", "procedure", "measurement", "account", "perspective")
SECTION_HEADER = re.compile(r"^(?P<name>Model Perspectives|Perspectives|Facts|Sources)(?:\s*\((?P<count>\d+)\))?\s*$",
                            re.IGNORECASE)
_GLUED = r"(?=[A-Z0-9\"'“‘(\[])"
_KNOWN_FACT = re.compile(rf"^(?P<type>{'|'.join(FACT_TYPES)})\s*(?P<text>\S.*)$")
"""A known type glued to any text: "referencevan Dyck et al.", "claimmRNA levels", "claim“Quoted”"."""
_UNKNOWN_FACT = re.compile(rf"^(?P<type>[a-z]{{3,20}}){_GLUED}(?P<text>.+)$")
"""An unknown type is only recognisable where the text starts unlike a word (capital, digit, quote)."""
_SOURCE_COUNT = re.compile(r"\s\d+\s+facts?\s*$")
_PERSPECTIVE_HEADER = re.compile(
    r"^(?P<model>\S+)(?:\s+(?P<stance>[A-Za-z][\w-]*))?\s+(?P<confidence>\d{1,3}(?:\.\d+)?)\s*%\s+confidence\s*$",
    re.IGNORECASE,
)
_PAGE_LABEL = re.compile(r"^concept(?:\s+page)?$", re.IGNORECASE)
_SYNTHESIZED = re.compile(r"^synthesi[sz]ed\s+from(?:\s+\S+){1,3}$", re.IGNORECASE)
"""The whole line ("synthesized from dimensions"), so prose starting "Synthesized from ..." is not it."""
_MARKERS = (
    re.compile(r"^(?:Model Perspectives|Facts)\s*\(\d+\)$", re.IGNORECASE),
    _PERSPECTIVE_HEADER,
    _SYNTHESIZED,
    re.compile(r"\[fact:\d+\|"),
)


def has_concept_page_markers(text: str) -> bool:
    """Whether a line is one only a concept page contains (used to detect the kind)."""
    stripped = text.strip()
    return any(pattern.search(stripped) for pattern in _MARKERS)


@dataclass
class _Source:
    source_id: str
    line_no: int
    row: dict
    actual: int = 0


@dataclass
class _Perspective:
    perspective_id: str
    line_no: int
    model_id: str
    stance: str | None
    confidence: float | None
    lines: list[str]


class ConceptPageParser:
    """Feed decoded non-blank lines in order; ``finish`` flushes what is still open."""

    def __init__(self, ref: DocumentRef, summary: DocumentSummary) -> None:
        self.ref = ref
        self.summary = summary
        summary.kind = "concept_page"
        self.citations = CitationResolver()
        self._section = "preamble"
        self._declared: dict[str, tuple[int, int]] = {}
        self._perspective: _Perspective | None = None
        self._perspective_count = 0
        self._source: _Source | None = None
        self._fact_total = 0
        self._occurrences = OccurrenceCounter()
        self._last_fact: tuple[int, str] | None = None
        self._last_line_was_fact = False

    def feed(self, line_no: int, text: str) -> Iterator[Row]:
        """Rows for one line of the page, in order."""
        stripped = text.strip()
        self._last_line_was_fact = False
        section = SECTION_HEADER.match(stripped)
        if section:
            yield from self._enter_section(line_no, text, section)
        elif self._section == "preamble":
            yield self._preamble_line(line_no, text, stripped)
        elif self._section == "synthesis":
            self.citations.add_context(line_no, "synthesis", text)
            yield self.ref.line(line_no, "synthesis", text)
        elif self._section == "perspectives":
            yield from self._perspective_line(line_no, text, stripped)
        else:
            yield from self._facts_line(line_no, text, stripped)

    def finish(self) -> Iterator[Row]:
        """Rows still pending at the end of the page (the open perspective and source)."""
        yield from self._close_perspective()
        yield from self._close_source()
        self._occurrences.close()
        yield from self._count_checks()
        if self._last_line_was_fact and self._last_fact and not ends_sentence(self._last_fact[1]):
            self.summary.status = "partial"
            yield self.ref.issue(self._last_fact[0], "truncated_page",
                                 "the page ends in the middle of a fact (no final punctuation)")
        if self.citations.overflowed:
            yield self.ref.issue(None, "citation_buffer_full",
                                 "too much synthesis/perspective text: later citations were not resolved")
        yield from self.citations.rows(self.ref)

    def _enter_section(self, line_no: int, text: str, match: re.Match) -> Iterator[Row]:
        yield from self._close_perspective()
        name = match.group("name").lower()
        self._section = {"model perspectives": "perspectives", "perspectives": "perspectives"}.get(name, "facts")
        if match.group("count") is not None:
            declared = parse_count(match.group("count"))
            if declared is None:
                yield self.ref.issue(line_no, "implausible_value",
                                     f"declared count {_excerpt(match.group('count'))} is too large: not compared")
            else:
                self._declared[name] = (line_no, declared)
        yield self.ref.line(line_no, "section_header", text)

    def _preamble_line(self, line_no: int, text: str, stripped: str) -> Row:
        if _PAGE_LABEL.match(stripped) or _SYNTHESIZED.match(stripped):
            return self.ref.line(line_no, "metadata", text)
        if self.summary.title is None:
            self.summary.title = stripped
            return self.ref.line(line_no, "concept_name", text)
        self._section = "synthesis"
        self.citations.add_context(line_no, "synthesis", text)
        return self.ref.line(line_no, "synthesis", text)

    def _perspective_line(self, line_no: int, text: str, stripped: str) -> Iterator[Row]:
        header = _PERSPECTIVE_HEADER.match(stripped)
        if header:
            yield from self._close_perspective()
            self._perspective_count += 1
            self._perspective = _Perspective(
                perspective_id=stable_id("per", self.ref.document_id, line_no, 0),
                line_no=line_no,
                model_id=header.group("model"),
                stance=header.group("stance"),
                confidence=min(float(header.group("confidence")) / 100.0, 1.0),
                lines=[],
            )
            yield self.ref.line(line_no, "perspective_header", text)
            return
        perspective_id = self._perspective.perspective_id if self._perspective else None
        if self._perspective is not None:
            self._perspective.lines.append(stripped)
        else:
            yield self.ref.issue(line_no, "perspective_without_header", "perspective text before any model header")
        self.citations.add_context(line_no, "perspective", text, perspective_id)
        yield self.ref.line(line_no, "perspective", text)

    def _close_perspective(self) -> Iterator[Row]:
        perspective, self._perspective = self._perspective, None
        if perspective is None:
            return
        yield "perspectives", {
            "perspective_id": perspective.perspective_id,
            "document_id": self.ref.document_id,
            "line_no": perspective.line_no,
            "model_id": perspective.model_id,
            "stance": perspective.stance,
            "confidence": perspective.confidence,
            "text": "\n".join(perspective.lines) or None,
        }

    def _facts_line(self, line_no: int, text: str, stripped: str) -> Iterator[Row]:
        if _SOURCE_COUNT.search(stripped):
            yield from self._open_source(line_no, text, stripped)
            return
        known = _KNOWN_FACT.match(stripped)
        if known:
            yield from self._fact(line_no, text, known.group("type"), known.group("text"))
            return
        if looks_like_source_header(stripped):
            yield from self._open_source(line_no, text, stripped)
            return
        unknown = _UNKNOWN_FACT.match(stripped)
        if unknown:
            yield self.ref.issue(line_no, "unknown_fact_type",
                                 f"unknown fact type {unknown.group('type')!r}: kept as fact_type 'unknown'")
            yield from self._fact(line_no, text, "unknown", unknown.group("text"))
            return
        yield self.ref.reject(line_no, "unrecognized_line",
                              "line in the facts section is neither a source header nor a typed fact", text)

    def _open_source(self, line_no: int, text: str, stripped: str) -> Iterator[Row]:
        yield from self._close_source()
        header = parse_source_header(stripped)
        source_id = stable_id("src", self.ref.document_id, line_no)
        self._source = _Source(source_id, line_no, {
            "source_id": source_id,
            "document_id": self.ref.document_id,
            "line_no": line_no,
            "title": header.title,
            "title_truncated": header.title_truncated,
            "domain": header.domain,
            "publisher": header.publisher,
            "published": header.published,
            "authors": header.authors,
            "declared_fact_count": header.declared_fact_count,
        })
        self._occurrences.reset()
        if header.implausible_count is not None:
            yield self.ref.issue(line_no, "implausible_value", f"declared fact count "
                                 f"{_excerpt(header.implausible_count)} is too large: stored as null")
        yield self.ref.line(line_no, "source_header", text)

    def _close_source(self) -> Iterator[Row]:
        source, self._source = self._source, None
        if source is None:
            return
        declared = source.row["declared_fact_count"]
        if declared is not None and declared != source.actual:
            yield self.ref.issue(source.line_no, "source_fact_count_mismatch",
                                 f"source declares {declared} facts but {source.actual} follow it")
        yield "sources", {**source.row, "actual_fact_count": source.actual}

    def _fact(self, line_no: int, text: str, fact_type: str, fact_text: str) -> Iterator[Row]:
        fact_text = fact_text.strip()
        normalized = normalize_text(fact_text)
        source_id = self._source.source_id if self._source else None
        fact_id = stable_id("fct", self.ref.document_id, source_id or "", normalized,
                            self._occurrences.next(normalized))
        if self._source is not None:
            self._source.actual += 1
        self._fact_total += 1
        self._last_fact = (line_no, fact_text)
        self._last_line_was_fact = True
        self.citations.observe_fact(fact_id, normalized)
        yield self.ref.line(line_no, "fact", text)
        yield self.ref.fact(fact_id=fact_id, source_id=source_id, fact_type=fact_type, text=fact_text,
                            line_no=line_no, section=None)

    def _count_checks(self) -> Iterator[Row]:
        actual = {"facts": self._fact_total, "model perspectives": self._perspective_count,
                  "perspectives": self._perspective_count}
        for name, (line_no, declared) in self._declared.items():
            if name in actual and actual[name] != declared:
                yield self.ref.issue(line_no, f"{name.replace(' ', '_')}_count_mismatch",
                                     f"page declares {name.title()} ({declared}) but {actual[name]} were found")


def _excerpt(digits: str) -> str:
    """A long run of digits, shortened for a message (its length is kept)."""
    return digits if len(digits) <= 40 else f"{digits[:20]}…({len(digits)} digits)"
