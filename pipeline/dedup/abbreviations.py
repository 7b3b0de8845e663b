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

from pipeline.text.normalize import comparison_text
from pipeline.text.stopwords import STOPWORDS

_PARENTHESISED = re.compile(r"\(\s*([A-Za-z0-9]+)\s*\)")
"""A parenthesised word. One repetition, so it is linear in the text: whether it is a short
form is checked in Python (``_is_short_form``), not by a backtracking pattern."""
_LOOK_BACK = 400
"""Characters before the parenthesis searched for the long form: ample for its few words,
and it keeps a text with many parentheses linear."""
_MAX_EXTRA_WORDS = 2
"""Words beyond one per letter that a long form may have (stopwords such as "of")."""
_EDGE_PUNCTUATION = "\"'“”‘’«».,;:!?"
_COMMON_WORDS = STOPWORDS | frozenset("no not all any each one us we our he she his her".split())
"""Short forms never spelled out: (OR) odds ratio, (NO) nitric oxide, (ALL) would rewrite every "or", "no", "all"."""


def _initials(words: list[str]) -> str:
    parts = [part for word in words for part in re.split(r"[-/]", word) if part]
    return "".join(part[0] for part in parts if part.lower() not in STOPWORDS).lower()


def _is_short_form(word: str) -> bool:
    """Starts with a letter and has a capital after it: (CBT), (NMDAR), (mTOR), (SSRIs)."""
    return word[0].isalpha() and any(c.isupper() for c in word[1:])


def _short_form(group: str) -> str:
    """The short form without a plural s: (SSRIs) defines SSRI."""
    return group[:-1] if group.endswith("s") and group[:-1].isupper() else group


def definitions(text: str) -> dict[str, str]:
    """{short form: long form}, both normalized, for each abbreviation the text defines first.

    The long form is sought among the words just before the parenthesis, never across another
    parenthesis, and must not contain its short form.
    """
    if "(" not in text:
        return {}
    found: dict[str, str] = {}
    for match in _PARENTHESISED.finditer(text):
        if not _is_short_form(match.group(1)):
            continue
        short = _short_form(match.group(1))
        key = comparison_text(short)
        if key in found or key in _COMMON_WORDS:
            continue
        letters = short.lower()
        window = text[max(0, match.start() - _LOOK_BACK) : match.start()]
        candidates = window.rsplit(maxsplit=len(letters) + _MAX_EXTRA_WORDS)
        before: list[str] = []
        for word in reversed(candidates):
            if "(" in word or ")" in word:
                break
            before.insert(0, word.strip(_EDGE_PUNCTUATION))
        for count in range(1, len(before) + 1):
            long = comparison_text(" ".join(before[-count:]))
            if _initials(before[-count:]) == letters and key not in long.split():
                found[key] = long
                break
    return found


def spelled_out(normalized: str, abbreviations: dict[str, str]) -> str:
    """``normalized`` with each "long form SHORT" and bare SHORT (or SHORTs) written as the long form."""
    words = normalized.split()
    out: list[str] = []
    for word in words:
        long = abbreviations.get(word) or (abbreviations.get(word[:-1]) if word.endswith("s") else None)
        if long is None:
            out.append(word)
        elif " ".join(out[-len(long.split()):]) != long:  # "long form short": the long form is already there
            out.extend(long.split())
    return " ".join(out)
