"""In-text citation finder: author-year groups, narrative "Name et al. (2006)" and numbered "[1–4]".

Every citation keeps its character offsets in the line, so a citation row points at the exact
text it came from; numbered ranges and lists are expanded into one citation per number.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline.references.fields import DASHES
from pipeline.references.names import PARTICLES

MAX_RANGE = 200
"""A "range" wider than this is not a citation range (e.g. "[1-2024]")."""

_NAME = rf"(?:(?:{PARTICLES})\s+)*[^\W\d_a-z][\w'’\-]+"
_YEAR = r"\d{4}[a-z]?"
_NARRATIVE_RE = re.compile(
    rf"(?<![\w(])(?P<names>{_NAME}(?:\s+(?:and|&)\s+{_NAME}|\s+et\s+al\.?)?)\s+\((?P<years>{_YEAR}(?:[,;]\s*{_YEAR})*)\)"
)
_GROUP_RE = re.compile(r"\((?P<body>[^()]*\b\d{4}[a-z]?\b[^()]*)\)")
_ITEM_SPLIT_RE = re.compile(r";\s*|,\s*(?:as\s+)?cited\s+in\s+")
_ITEM_RE = re.compile(
    rf"^(?P<prefix>(?:(?:see(?:\s+also)?|e\.g\.,?|cf\.|i\.e\.,?|also|for\s+example,?|as\s+cited\s+in)\s+)*)"
    rf"(?P<names>[^\W\d_][^;]*?),?\s+(?P<years>{_YEAR}(?:,\s*{_YEAR})*)(?:,\s*(?:pp?\.|para\.|chap\.)\s*[\w{DASHES}-]+)?\s*$",
    re.IGNORECASE,
)
_NUMBER_OR_RANGE = rf"\d{{1,4}}(?:\s*[{DASHES}-]\s*\d{{1,4}})?"
_NUMERIC_RE = re.compile(rf"\[(?P<body>{_NUMBER_OR_RANGE}(?:\s*,\s*{_NUMBER_OR_RANGE})*)\]")
_TWO_AUTHORS_RE = re.compile(rf"^(?P<first>.+?)\s+(?:and|&)\s+(?P<second>{_NAME})$")


@dataclass(frozen=True)
class InTextCitation:
    """One cited work at one place in a line."""

    start: int
    end: int
    marker: str
    kind: str  # "author_year" or "numeric"
    first_author: str | None = None
    second_author: str | None = None
    year: int | None = None
    number: int | None = None


def _author_year(names: str, year: str, start: int, end: int, marker: str) -> InTextCitation:
    names = re.sub(r",?\s+et\s+al\.?$", "", names.strip())
    first, second = names, None
    if match := _TWO_AUTHORS_RE.match(names):
        first, second = match["first"], match["second"]
    return InTextCitation(start, end, marker, "author_year", first.strip(), second, int(year[:4]))


def _parenthetical(line: str) -> list[InTextCitation]:
    found: list[InTextCitation] = []
    for group in _GROUP_RE.finditer(line):
        offset = group.start("body")
        body = group["body"]
        position = 0
        for piece in _ITEM_SPLIT_RE.split(body):
            piece_start = body.index(piece, position)
            position = piece_start + len(piece)
            stripped = piece.strip()
            match = _ITEM_RE.match(stripped)
            if not match or re.search(r"\d", match["names"]):
                continue
            item_start = offset + piece_start + (len(piece) - len(piece.lstrip())) + match.start("names")
            item_end = offset + piece_start + len(piece.rstrip())
            marker = line[item_start:item_end]
            for year in re.findall(_YEAR, match["years"]):
                found.append(_author_year(match["names"], year, item_start, item_end, marker))
    return found


_TAIL_WINDOW = 200
_PHRASE_TAIL_RE = re.compile(r"(?:\b[^\W\d_a-z][\w'’\-]*|\b(?:of|in|the|and|for|on)|&)\s+$")


def _inside_longer_name(line: str, match: re.Match[str]) -> bool:
    """A lone capitalized word ending a longer title is no author ("Journal of Psychoactive Drugs (1988)")."""
    lone = " et al" not in match["names"] and not re.search(r"\s(?:and|&)\s", match["names"])
    window = line[max(0, match.start() - _TAIL_WINDOW): match.start()]  # the words just before: linear time
    return lone and bool(_PHRASE_TAIL_RE.search(window))


def _inside(position: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``position`` falls in one of the sorted, non-overlapping ``spans`` (binary search)."""
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and position < spans[index][1]


def _narrative(line: str, taken: list[tuple[int, int]]) -> list[InTextCitation]:
    found = []
    starts = [start for start, _ in taken]
    for match in _NARRATIVE_RE.finditer(line):
        if _inside(match.start(), taken, starts) or _inside_longer_name(line, match):
            continue
        for year in re.findall(_YEAR, match["years"]):
            found.append(_author_year(match["names"], year, match.start(), match.end(), match.group(0)))
    return found


def _expand(body: str) -> list[int]:
    numbers: list[int] = []
    for part in body.split(","):
        bounds = [int(n) for n in re.split(f"[{DASHES}-]", part.strip()) if n.strip()]
        if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        elif len(bounds) == 1:
            numbers.append(bounds[0])
        else:
            return []
    return numbers


def _numeric(line: str) -> list[InTextCitation]:
    return [
        InTextCitation(match.start(), match.end(), match.group(0), "numeric", number=number)
        for match in _NUMERIC_RE.finditer(line)
        for number in _expand(match["body"])
    ]


def find_citations(line: str) -> list[InTextCitation]:
    """All in-text citations of a line, in order of position (then number for expanded lists)."""
    parenthetical = _parenthetical(line)
    groups = [(group.start(), group.end()) for group in _GROUP_RE.finditer(line)]
    citations = parenthetical + _narrative(line, groups) + _numeric(line)
    return sorted(citations, key=lambda c: (c.start, c.number or 0, c.year or 0))
