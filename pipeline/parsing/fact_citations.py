"""Fact markers (``[fact:N|quoted text]``) and claim titles of concept pages, resolved to the fact they quote BY TEXT.

Two kinds: ``[fact:N|quoted text]`` markers (N is not a position, so it is never used to pick
a fact) and bare claim titles glued after a clause ("... neuroplasticity Neuroplasticity as a
convergent mechanism."). Citations are few, so they are buffered while the synthesis and
perspectives are read; the facts, which may be millions, are streamed past the buffer once and
never held in memory (a concept page puts its synthesis and perspectives before its facts).
A citation that matches no fact is "unresolved", one that matches several
different facts is "ambiguous"; neither is ever guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.ids import stable_id
from pipeline.parsing.counts import parse_count
from pipeline.parsing.rows import DocumentRef, Row
from pipeline.text.normalize import normalize_text
from pipeline.text.sentences import ABBREVIATIONS
from pipeline.text.stopwords import ARTICLES, CONNECTIVES

FACT_MARKER = re.compile(r"\[fact:(\d+)\|([^\]]*)\]")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*")
_EDGE = ".,;:()'\"“”‘’[]"
_PREFIX_KEY = 8
_MIN_TITLE_WORDS = 3
_MIN_TITLE_SHARE = 0.6
_MIN_INNER_TITLE_WORDS = 4
_WORDS_IN_ORDER_SPAN = 2.0
"""An abridged title's words must lie within twice its length of fact words."""
_MAX_TITLE_WORDS = 64
_MAX_CANDIDATES = 5
MAX_BUFFERED_WORDS = 2_000_000


@dataclass
class _Matches:
    """Facts matched at one tier: how many, and the first few IDs."""

    count: int = 0
    fact_ids: list[str] = field(default_factory=list)

    def add(self, fact_id: str) -> None:
        self.count += 1
        if len(self.fact_ids) < _MAX_CANDIDATES:
            self.fact_ids.append(fact_id)


_TIERS = {
    "prefix": "starts with {what}",
    "contained": "contains {what}",
    "words_in_order": "contains the words of {what} in order",
}
"""How a citation can match a fact, strongest first; a weaker tier counts only when no
fact matches at a stronger one."""


@dataclass
class _Citation:
    """One citation and what the streamed facts have told about it so far."""

    line_no: int
    position: int
    context: str
    perspective_id: str | None
    kind: str
    marker: str
    fact_number: int | None
    quoted_text: str
    parts: tuple[str, ...] = ()
    matches: dict[str, _Matches] = field(default_factory=dict)
    best_words: int = 0
    clause_words: int = 0
    must_resolve: bool = False

    def add(self, tier: str, fact_id: str) -> None:
        self.matches.setdefault(tier, _Matches()).add(fact_id)

    def target(self) -> str:
        """The fact of the strongest tier (call only when resolved)."""
        return next(self.matches[tier].fact_ids[0] for tier in _TIERS if tier in self.matches)


@dataclass
class _Word:
    norm: str
    boundary_after: bool


@dataclass
class _InnerTitle:
    """A claim title that may quote the middle of a fact or abridge it."""

    citation: _Citation
    pattern: re.Pattern
    words: list[str]


@dataclass
class _TitleStart:
    """Where a claim-title candidate starts among its context line's words."""

    citation: _Citation
    words: list[_Word]
    start: int


class CitationResolver:
    """Collects citations from context lines, then matches each streamed fact against them."""

    def __init__(self) -> None:
        self._citations: list[_Citation] = []
        self._markers_by_prefix: dict[str, list[_Citation]] = {}
        self._short_markers: list[_Citation] = []
        self._title_starts: dict[str, list[_TitleStart]] = {}
        self._inner_titles: dict[str, list[_InnerTitle]] = {}
        self._buffered_words = 0
        self.overflowed = False
        self.implausible: list[tuple[int, str]] = []
        """(line, message) of values that cannot be stored (a fact number beyond int64)."""

    def add_context(self, line_no: int, context: str, text: str, perspective_id: str | None = None) -> None:
        """Record the markers and claim-title candidates of one synthesis/perspective line."""
        if self._buffered_words > MAX_BUFFERED_WORDS:
            self.overflowed = True
            return
        for match in FACT_MARKER.finditer(text):
            quoted = match.group(2).strip()
            parts = tuple(part for part in (normalize_text(p) for p in _ELLIPSIS.split(quoted)) if part)
            number = parse_count(match.group(1))
            if number is None:
                message = f"fact number in {match.group(0)[:80]!r} is too large: stored as null"
                self.implausible.append((line_no, message))
            citation = _Citation(line_no, match.start(), context, perspective_id, "fact_marker", match.group(0),
                                 number, quoted, parts=parts)
            self._citations.append(citation)
            if parts and len(parts[0]) >= _PREFIX_KEY:
                self._markers_by_prefix.setdefault(parts[0][:_PREFIX_KEY], []).append(citation)
            elif parts:
                self._short_markers.append(citation)
        without_markers = FACT_MARKER.sub(lambda m: " | " + " " * (len(m.group()) - 3), text)  # offsets kept
        self._add_title_candidates(line_no, context, without_markers, perspective_id)

    def observe_fact(self, fact_id: str, normalized: str) -> None:
        """Match one fact (its normalized text) against every buffered citation."""
        for citation in self._markers_by_prefix.get(normalized[:_PREFIX_KEY], ()):
            if _matches_parts(normalized, citation.parts):
                citation.add("prefix", fact_id)
        for citation in self._short_markers:
            if _matches_parts(normalized, citation.parts):
                citation.add("prefix", fact_id)
        fact_words = [w for w in (token.strip(_EDGE) for token in normalized.split(" ")) if w]
        if not fact_words:
            return
        self._match_titles(fact_id, fact_words[:_MAX_TITLE_WORDS])
        if fact_words[0] in ARTICLES and len(fact_words) > 1:
            self._match_titles(fact_id, fact_words[1:_MAX_TITLE_WORDS + 1])
        self._match_inner_titles(fact_id, normalized, fact_words)

    def rows(self, ref: DocumentRef) -> list[Row]:
        """Citation rows in line order, plus a parse issue for each unresolved or ambiguous one."""
        rows: list[Row] = [ref.issue(line_no, "implausible_value", message) for line_no, message in self.implausible]
        ordinals: dict[int, int] = {}
        for citation in sorted(self._citations, key=lambda c: (c.line_no, c.position)):
            status, reason = _outcome(citation)
            if status is None:
                continue
            ordinal = ordinals.get(citation.line_no, 0)
            ordinals[citation.line_no] = ordinal + 1
            rows.append(("citations", {
                "citation_id": stable_id("cit", ref.document_id, citation.line_no, ordinal),
                "document_id": ref.document_id,
                "line_no": citation.line_no,
                "context": citation.context,
                "perspective_id": citation.perspective_id,
                "kind": citation.kind,
                "marker": citation.marker,
                "fact_number": citation.fact_number,
                "quoted_text": citation.quoted_text,
                "target_fact_id": citation.target() if status == "resolved" else None,
                "target_reference_id": None,
                "status": status,
                "reason": reason,
            }))
            if status != "resolved":
                rows.append(ref.issue(citation.line_no, f"{status}_citation",
                                      f"{citation.kind} {citation.marker!r}: {reason}"))
        return rows

    def _add_title_candidates(self, line_no: int, context: str, text: str, perspective_id: str | None) -> None:
        words = _context_words(text)
        self._buffered_words += len(words)
        raw_tokens = list(re.finditer(r"\S+", text))
        for index in range(1, len(words)):
            kind = _title_start_kind(words, raw_tokens, index)
            if kind is None:
                continue
            clause = _clause_length(words, index)
            start_char = raw_tokens[index].start()
            end_char = raw_tokens[min(index + clause, len(words)) - 1].end()
            title = text[start_char:end_char].rstrip(_EDGE + " ")
            if clause < _MIN_TITLE_WORDS or (kind == "case_break" and not _has_content_lowercase_word(title)):
                continue
            citation = _Citation(line_no, start_char, context, perspective_id, "claim_title", title, None, title,
                                 clause_words=clause, must_resolve=kind == "after_comma")
            self._citations.append(citation)
            self._title_starts.setdefault(words[index].norm, []).append(_TitleStart(citation, words, index))
            if kind == "case_break" and clause >= _MIN_INNER_TITLE_WORDS:
                pattern = re.compile(rf"(?<!\w){re.escape(normalize_text(title))}(?!\w)")
                title_words = [word.norm for word in words[index:index + clause]]
                self._inner_titles.setdefault(words[index].norm, []).append(
                    _InnerTitle(citation, pattern, title_words))

    def _match_titles(self, fact_id: str, fact_words: list[str]) -> None:
        """Titles the fact starts with; only the longest match per title counts."""
        for candidate in self._title_starts.get(fact_words[0], ()):
            matched = 0
            words = candidate.words
            while (matched < len(fact_words) and candidate.start + matched < len(words)
                   and words[candidate.start + matched].norm == fact_words[matched]):
                matched += 1
            citation = candidate.citation
            if matched < _MIN_TITLE_WORDS or matched < _MIN_TITLE_SHARE * citation.clause_words:
                continue
            if matched > citation.best_words:
                citation.best_words = matched
                citation.matches.pop("prefix", None)
            if matched == citation.best_words:
                citation.add("prefix", fact_id)

    def _match_inner_titles(self, fact_id: str, normalized: str, fact_words: list[str]) -> None:
        """Titles found inside the fact, verbatim or as its words in order within a short span."""
        for word in set(fact_words).intersection(self._inner_titles):
            for candidate in self._inner_titles[word]:
                if candidate.pattern.search(normalized):
                    candidate.citation.add("contained", fact_id)
                elif _words_in_order(candidate.words, fact_words):
                    candidate.citation.add("words_in_order", fact_id)


def _context_words(text: str) -> list[_Word]:
    """Every whitespace token with its normalized form; punctuation-only tokens and numeric
    citations ("[7,") become '|', a boundary no title crosses."""
    words: list[_Word] = []
    for match in re.finditer(r"\S+", text):
        raw = match.group()
        norm = "" if raw.startswith("[") else normalize_text(raw).strip(_EDGE)
        boundary = (raw[-1] in ",;:!?|" or not norm
                    or (raw[-1] == "." and norm.rstrip(".") not in ABBREVIATIONS))
        words.append(_Word(norm or "|", boundary))
    return words


def _title_start_kind(words: list[_Word], raw_tokens: list[re.Match], index: int) -> str | None:
    """A claim title starts with a capitalized word glued after a lowercase word (a case break),
    or right after a comma that follows an inline marker or another title."""
    raw = raw_tokens[index].group()
    if len(raw) < 2 or not (raw[0].isupper() and raw[1].islower()):
        return None
    previous = raw_tokens[index - 1].group()
    glued_after_word = previous[0].islower() and (previous[-1].islower() or previous[-1].isdigit())
    if glued_after_word and previous.casefold() not in CONNECTIVES:
        return "case_break"
    if previous.endswith(","):
        return "after_comma"
    return None


def _has_content_lowercase_word(title: str) -> bool:
    """Sentence-like ("Research has diverged ...") rather than a proper name ("Nature Neuroscience")."""
    return any(word.islower() and word.isalpha() and word not in CONNECTIVES for word in title.split())


def _clause_length(words: list[_Word], start: int) -> int:
    """Words from ``start`` up to and including the first one followed by punctuation."""
    length = 0
    for word in words[start:]:
        if word.norm == "|":
            break
        length += 1
        if word.boundary_after:
            break
    return length


def _matches_parts(normalized: str, parts: tuple[str, ...]) -> bool:
    """The fact starts with the first quoted part and contains the others, in order."""
    if not parts or not normalized.startswith(parts[0]):
        return False
    position = len(parts[0])
    for part in parts[1:]:
        position = normalized.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def _words_in_order(title_words: list[str], fact_words: list[str]) -> bool:
    """Every title word appears in the fact, in order, within a span of limited length."""
    limit = int(len(title_words) * _WORDS_IN_ORDER_SPAN)
    for start, word in enumerate(fact_words):
        if word != title_words[0]:
            continue
        position, span_end = start, min(len(fact_words), start + limit)
        for wanted in title_words[1:]:
            try:
                position = fact_words.index(wanted, position + 1, span_end)
            except ValueError:
                break
        else:
            return True
    return False


def _outcome(citation: _Citation) -> tuple[str | None, str | None]:
    """(status, reason) from the strongest tier with a match; (None, None) for a candidate that
    only counts when it resolves."""
    what = "the quoted text" if citation.kind == "fact_marker" else "this claim title"
    for tier, description in _TIERS.items():
        matches = citation.matches.get(tier)
        if matches is None:
            continue
        how = description.format(what=what)
        if matches.count == 1:
            return "resolved", f"the only fact that {how}"
        return "ambiguous", f"{matches.count} facts that {how}"
    if citation.must_resolve:
        return None, None
    return "unresolved", f"no fact starts with or contains {what}"
