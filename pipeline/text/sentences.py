"""Split prose into sentences without breaking at abbreviations, initials, decimals or inside
parentheses such as "(Jelovac et al., 2025)"."""

from __future__ import annotations

import re

from pipeline.text.dates import MONTH_ABBREVIATIONS

ABBREVIATIONS = MONTH_ABBREVIATIONS | frozenset(
    "al e.g i.e etc vs cf dr mr mrs ms prof st jr sr no nos vol fig figs approx ca inc ltd co corp "
    "dept univ ed eds pp p u.s u.k mt est".split()
)
"""Words that end with a period without ending the sentence (lower case, without the final period)."""
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9•]")
_TOKEN_BEFORE = re.compile(r"([\w.]+)\.$")
_FINISHED = re.compile(r"[.!?:;)\]\"'”’…]\s*$")
_BULLET = re.compile(r"^\s*(?:[•·▪‣◦*-]|\d{1,2}[.)])\s+")


def ends_sentence(text: str) -> bool:
    """Whether a line ends like a finished sentence (used to spot truncated input)."""
    return bool(_FINISHED.search(text))


def strip_bullet(text: str) -> str:
    """List items are sentences too, without their bullet."""
    return _BULLET.sub("", text, count=1).strip()


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` in order, stripped; a text without a boundary is one sentence."""
    return [text[start:end] for start, end in sentence_spans(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, in order, without surrounding whitespace.

    Only whitespace lies between and around the spans: splitting loses no character.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if _paren_depth(text, start, end) > 0:
            continue
        if not _NEXT_START.match(text, end):
            continue
        if match.group().startswith(".") and _is_abbreviation(text[start:match.start() + 1]):
            continue
        _add_stripped(text, start, end, spans)
        start = end
    _add_stripped(text, start, len(text), spans)
    return spans


def _add_stripped(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + (len(piece) - len(piece.lstrip()))
        spans.append((first, first + len(stripped)))


def _paren_depth(text: str, start: int, end: int) -> int:
    segment = text[start:end]
    return max(0, segment.count("(") - segment.count(")")) + max(0, segment.count("[") - segment.count("]"))


def _is_abbreviation(before: str) -> bool:
    """The word ending at this period is a known abbreviation or a single initial ("J.")."""
    found = _TOKEN_BEFORE.search(before)
    if not found:
        return False
    token = found.group(1)
    if len(token) == 1 and token.isalpha():
        return before[found.start() - 1: found.start()] not in ("'", "’")  # "Mary's." is no initial
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return True
    return token.casefold() in ABBREVIATIONS
