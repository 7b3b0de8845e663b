"""Canonical text for exact matching and word tokens for shingling.

Why punctuation between digits survives: "2.5 mg" and "25 mg" are different doses, and
"35-42" is not "3542"; everywhere else punctuation, quote style, dash style, case and
spacing carry no claim and are dropped.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_MEANINGFUL_SYMBOLS = frozenset("%‰°±<>=+")
_PUNCTUATION = "".join(
    re.escape(chr(c)) for c in range(0x10000)
    if unicodedata.category(chr(c)).startswith("P") and chr(c) not in _MEANINGFUL_SYMBOLS
)
_NOISE = re.compile(rf"(?<!\d)[{_PUNCTUATION}]|[{_PUNCTUATION}](?!\d)")
"""Punctuation unless it sits between two digits (2.5, 35-42, 1,000)."""
STOPWORDS = frozenset(
    "a an the of in on at to for by with from among and or as is are was were be been this that these those its their "
    "which who whom it they there may can might could would will should".split()
)
"""Function words that carry no claim of their own: ignored when comparing what two texts say."""
_WORD = re.compile(r"\d+(?:[.,:/\-]\d+)*|\w+|[^\w\s]", re.UNICODE)


def unified(text: str, *, casefold: bool = True) -> str:
    """NFKC, casefold (unless asked to keep case), one quote style and one dash; punctuation kept."""
    if text.isascii():
        return text.lower() if casefold else text  # NFKC, quote and dash mapping are identities on ASCII
    text = unicodedata.normalize("NFKC", text)
    return _DASHES.sub("-", (text.casefold() if casefold else text).translate(_QUOTES))


def normalize(text: str) -> str:
    """``unified``, then drop punctuation (except inside numbers) and squeeze spaces."""
    return " ".join(_NOISE.sub(" ", unified(text)).split())


def words(normalized: str) -> list[str]:
    """Word tokens of a normalized text; a number such as 2.5 or 35-42 is one token, % is its own."""
    return _WORD.findall(normalized)
