"""Author lists: split a written name list into CSL names.

Styles write names in four shapes ("Family, A. B.", "Family AB", "A. B. Family", "Family, First")
and corporate authors as plain phrases; the list is parsed in one consistent shape so a title
word is never mistaken for a name. Particles ("aan het Rot") and non-ASCII letters are kept.
"""

from __future__ import annotations

import re

from pipeline.references.fields import Author

Name = Author
"""One parsed name (CSL: family/given, or literal for an organisation)."""

PARTICLES = r"van|von|der|den|de|del|della|di|da|du|la|le|aan|het|ten|ter|bin|al|el"
"""Lowercase name particles that belong to the family name ("aan het Rot", "van den Brink")."""

_UPPER = r"[^\W\d_a-z\u00df-\u00ff]"
_LETTER = r"[^\W\d_]"
_INITIAL = rf"{_UPPER}{_LETTER}?\."
# Between initials: one way only to read each separator (" ", "  ", "-", " - "); an optional
# space on both sides of an optional hyphen read "A. A. A. ..." in 2^n ways.
INITIALS_RE = re.compile(rf"^(?:{_INITIAL}(?:\s?-\s?|\s{{1,2}})?)*{_UPPER}{_LETTER}?\.?$|^{_UPPER}{{1,3}}$")
"""Given-name initials with periods ("C. E.", "J.-P.", "Ch.") or a short block ("CE")."""
_FAMILY = rf"(?:{_LETTER}[\w'’\-]*\s)*?{_UPPER}[\w'’\-]+"
"""A family name, possibly after lower-case or particle words ("van der Berg")."""
VANCOUVER_RE = re.compile(rf"^(?P<family>{_FAMILY})\s+(?P<given>{_UPPER}{{1,4}})(?:\s+(?:Jr|Sr|II|III|IV)\.?)?$")
GIVEN_FIRST_RE = re.compile(rf"^(?P<given>(?:{_INITIAL}(?:\s?-\s?|\s{{1,2}})?)+)\s*(?P<family>{_FAMILY})$")
FULL_NAME_RE = re.compile(
    rf"^(?P<given>{_UPPER}[\w'’\-]*\.?(?:\s+{_UPPER}[\w'’\-]*\.?)*?)\s+(?P<family>(?:(?:{PARTICLES})\s+)*{_UPPER}[\w'’\-]+)$"
)
FAMILY_RE = re.compile(rf"^(?:(?:{PARTICLES}|d'|O')\s*)*{_UPPER}[\w'’\-]+(?:\s{_UPPER}[\w'’\-]+)?$")
_GIVEN_TOKEN = rf"(?:{_UPPER}[\w'’\-]+|{_UPPER}\.?)"
GIVEN_WORDS_RE = re.compile(rf"^{_GIVEN_TOKEN}(?:\s+{_GIVEN_TOKEN}){{0,2}}$")
"""Full given names ("Robert M.", "Mary Ellen"): a period only after an initial."""
ET_AL_RE = re.compile(
    r"(?:,?\s*(?:\bet\s+al\b\.?|\band\s+(?:others|colleagues|co-?workers|co-?authors|collaborators)\b|…|\.\.\.))\s*$",
    re.IGNORECASE,
)
_ELLIPSIS_RE = re.compile(r",?\s*(?:\.\s?){2}\.\s*|\s*…\s*")
_SEPARATOR_RE = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
_SUFFIX_RE = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?$")
_TRAILING_SUFFIX_RE = re.compile(r"(?<=\w)\s+(?:Jr|Sr)\.?$")
_NOT_NAMES = {
    "As", "In", "The", "A", "An", "This", "These", "That", "Those", "It", "We", "They", "Our", "Their", "Recent",
    "Earlier", "Later", "Further", "Previous", "Several", "Some", "Many", "Most", "One", "Two", "Both", "Such", "While",
    "Although", "However", "Here", "There", "Data", "Results", "Evidence", "Research", "Studies", "Authors",
    "Researchers", "Investigators", "Clinicians", "Scientists", "Others", "Work", "Trials", "Reviews",
}
"""Capitalized sentence openers that a bare-family list must not take for a surname."""


def split_et_al(block: str) -> tuple[str, bool]:
    """The name list without "et al." (or an APA ". . ." before the last author) and whether it was truncated."""
    stripped = ET_AL_RE.sub("", block.strip())
    truncated = stripped != block.strip()
    if _ELLIPSIS_RE.search(stripped):
        stripped, truncated = _ELLIPSIS_RE.sub(", ", stripped), True
    return stripped.strip(" ,"), truncated


def _chunks(block: str) -> list[str]:
    """Comma/and/&-separated pieces, without generational suffixes ("Jr.", "III"), which CSL keeps apart."""
    pieces = (_TRAILING_SUFFIX_RE.sub("", chunk.strip()) for chunk in _SEPARATOR_RE.split(block))
    return [piece for piece in pieces if piece and not _SUFFIX_RE.match(piece)]


def _drop_sentence_period(text: str) -> str:
    """Without the list's final period: "Keith." loses it; "R." is an initial and keeps it."""
    return text[:-1] if text.endswith(".") and not re.search(rf"\b{_UPPER}{_LETTER}?\.$", text) else text


def _given(text: str) -> str:
    return text.strip().rstrip(",")


def _inverted_initials(chunks: list[str]) -> list[Name] | None:
    """Inverted names throughout: "Family, A. B., Other, C." (APA, Harvard, Nature)."""
    if len(chunks) % 2:
        return None
    pairs = list(zip(chunks[::2], chunks[1::2]))
    if all(FAMILY_RE.match(family) and INITIALS_RE.match(given) for family, given in pairs):
        return [{"family": family, "given": _given(given)} for family, given in pairs]
    return None


def _inverted_first_then_full(chunks: list[str], block: str) -> list[Name] | None:
    """Only the first name inverted: "Family, First M., Second Author" (MLA, Chicago)."""
    inverted = re.match(rf"^\s*{re.escape(chunks[0])}\s*,", block) if chunks else None
    if len(chunks) < 2 or not inverted:
        return None
    if not (FAMILY_RE.match(chunks[0]) and GIVEN_WORDS_RE.match(chunks[1].rstrip("."))):
        return None
    names: list[Name] = [{"family": chunks[0], "given": _given(_drop_sentence_period(chunks[1]))}]
    for chunk in chunks[2:]:
        match = FULL_NAME_RE.match(chunk.rstrip(".")) or GIVEN_FIRST_RE.match(chunk.rstrip("."))
        if not match:
            return None
        names.append({"family": match["family"], "given": _given(match["given"])})
    return names


def _each_chunk(chunks: list[str], pattern: re.Pattern[str]) -> list[Name] | None:
    matches = [pattern.match(chunk.rstrip(".")) for chunk in chunks]
    if not all(matches):
        return None
    return [{"family": m["family"], "given": _given(m["given"])} for m in matches if m]


def parse_person_list(block: str) -> list[Name] | None:
    """Names of a list written in one personal-name style, or None when it is not such a list."""
    chunks = _chunks(block)
    if not chunks:
        return None
    return (
        _inverted_initials(chunks)
        or _each_chunk(chunks, VANCOUVER_RE)
        or _each_chunk(chunks, GIVEN_FIRST_RE)
        or _inverted_first_then_full(chunks, block)
    )


_PARTICLE_RE = re.compile(r"^(?:De|Del|Della|Di|Da|Du|Van|Von|Le|La|Mac|Mc|St\.?|Al|El|Ten|Ter)\s", re.IGNORECASE)


def _full_names(chunks: list[str]) -> list[Name] | None:
    """Every chunk a given-first full name: "Satoshi Deyama and Ronald S. Duman"."""
    if any(_PARTICLE_RE.match(chunk) or chunk.startswith(("The ", "A ", "An ")) for chunk in chunks):
        return None
    return _each_chunk(chunks, FULL_NAME_RE)


def parse_family_list(block: str) -> list[Name] | None:
    """Names in running prose: any consistent list style, else bare families ("Kolp, Friedman, and Lee")."""
    chunks = _chunks(block)
    if not chunks:
        return None
    consistent = _inverted_initials(chunks) or _each_chunk(chunks, VANCOUVER_RE) or _each_chunk(chunks, GIVEN_FIRST_RE)
    if consistent or (consistent := _full_names(chunks)):
        return consistent
    names: list[Name] = []
    for chunk in chunks:
        if match := GIVEN_FIRST_RE.match(chunk):
            names.append({"family": match["family"], "given": _given(match["given"])})
        elif FAMILY_RE.match(chunk) and chunk not in _NOT_NAMES:
            names.append({"family": chunk})
        else:
            return None
    return names or None


def parse_author_block(block: str) -> tuple[list[Name] | None, bool]:
    """Authors of a reference-list entry; an unparseable phrase is a corporate author."""
    names_text, et_al = split_et_al(block)
    if not names_text:
        return None, et_al
    persons = parse_person_list(names_text)
    if persons is not None:
        return persons, et_al
    return [{"literal": names_text.rstrip(".")}], et_al


def first_family(authors: list[Name] | None) -> str | None:
    """Family name (or corporate name) of the first author, used for linking and merging."""
    if not authors:
        return None
    first = authors[0]
    return first.get("family") or first.get("literal")
