"""Abbreviations a text defines ("cognitive behavioral therapy (CBT)"), to compare texts spelled out.

Why: an abbreviation is a small edit (a near duplicate), yet character similarity sees
"Cognitive behavioral therapy (CBT) is an effective treatment" and "CBT is an effective
treatment" as 0.79 alike. Spelling out, in both texts, every abbreviation either one defines
makes the pair compare as what it is. A definition counts only when the letters of the short
form are the initials of the words (or hyphenated parts) just before it, after Schwartz &
Hearst (2003): "treatment-resistant depression (TRD)", "N-methyl-D-aspartate (NMDA)".
"""

from __future__ import annotations

import re

from pipeline.dedup.normalize import STOPWORDS, normalize

_DEFINITION = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)s?\s*\)")
"""A parenthesised short form with at least two capitals: (CBT), (TRD), (NMDAR), (mTOR)."""
_MAX_EXTRA_WORDS = 2
"""Words beyond one per letter that a long form may have (stopwords such as "of")."""


def _initials(words: list[str]) -> str:
    parts = [part for word in words for part in re.split(r"[-/]", word) if part]
    return "".join(part[0] for part in parts if part.lower() not in STOPWORDS and part[0].isalnum()).lower()


def definitions(text: str) -> dict[str, str]:
    """{short form: long form}, both normalized, for each abbreviation the text defines."""
    if "(" not in text:
        return {}
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        short = match.group(1)
        letters = "".join(c for c in short.lower() if c.isalpha())
        before = text[: match.start()].split()
        for count in range(1, min(len(letters) + _MAX_EXTRA_WORDS, len(before)) + 1):
            if _initials(before[-count:]) == letters:
                found[normalize(short)] = normalize(" ".join(before[-count:]))
                break
    return found


def spelled_out(normalized: str, abbreviations: dict[str, str]) -> str:
    """``normalized`` with each "long form SHORT" and bare SHORT written as the long form."""
    words = normalized.split()
    out: list[str] = []
    for word in words:
        long = abbreviations.get(word)
        if long is None:
            out.append(word)
        elif " ".join(out[-len(long.split()):]) != long:  # "long form short": the long form is already there
            out.extend(long.split())
    return " ".join(out)
