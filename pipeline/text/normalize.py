"""Canonical forms of a text: one definition of "the same text" for each purpose.

- ``unified``: NFKC, case folded, one quote style and one dash; punctuation kept. The base of the others.
- ``normalize_text``: ``unified`` with whitespace collapsed: what fact IDs and quoted-text
  resolution compare.
- ``comparison_text``: ``normalize_text`` without punctuation, except between digits: what
  exact-duplicate matching compares. Why punctuation between digits survives: "2.5 mg" and
  "25 mg" are different doses, and "35-42" is not "3542"; everywhere else punctuation, quote
  style, dash style, case and spacing carry no claim and are dropped.
- ``fold``/``fold_words``: additionally accent-free, for names and titles ("Bolaños" = "Bolanos").
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]")
_SPACES = re.compile(r"\s+")
_MEANINGFUL_SYMBOLS = frozenset("%‰°±<>=+")
_PUNCTUATION = "".join(
    re.escape(chr(c)) for c in range(0x10000)
    if unicodedata.category(chr(c)).startswith("P") and chr(c) not in _MEANINGFUL_SYMBOLS
)
_NOISE = re.compile(rf"(?<!\d)[{_PUNCTUATION}]|[{_PUNCTUATION}](?!\d)")
"""Punctuation unless it sits between two digits (2.5, 35-42, 1,000)."""
_WORD = re.compile(r"\d+(?:[.,:/\-]\d+)*|\w+|[^\w\s]", re.UNICODE)
_NOT_WORD = re.compile(r"[\W_]+")


def unified(text: str, *, casefold: bool = True) -> str:
    """NFKC, casefold (unless asked to keep case), one quote style and one dash; punctuation kept."""
    if text.isascii():  # NFKC and the dash mapping are identities on ASCII; only the backtick is a quote
        text = text.lower() if casefold else text
        return text.replace("`", "'") if "`" in text else text
    text = unicodedata.normalize("NFKC", text)
    if casefold:
        text = _nfkc(text.casefold())  # case folding can undo NFKC ("ǰ" folds to j + combining caron)
    return _DASHES.sub("-", text.translate(_QUOTES))


def _nfkc(text: str) -> str:
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def squeeze_spaces(text: str) -> str:
    """Every run of whitespace as one space, none at the ends."""
    return _SPACES.sub(" ", text).strip()


def normalize_text(text: str) -> str:
    """Case-folded, NFKC, typographic quotes/dashes unified, whitespace collapsed."""
    return squeeze_spaces(unified(text))


def comparison_text(text: str) -> str:
    """``unified``, then drop punctuation (except inside numbers) and squeeze spaces."""
    return " ".join(_NOISE.sub(" ", unified(text)).split())


def words(normalized: str) -> list[str]:
    """Word tokens of a normalized text; a number such as 2.5 or 35-42 is one token, % is its own."""
    return _WORD.findall(normalized)


def _without_accents(text: str) -> str:
    """Case folded and without combining marks (Unicode's compatibility caseless form, marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str | None) -> str:
    """Case-, accent- and punctuation-insensitive form ("Bolaños-Guzmán" -> "bolanosguzman")."""
    if not text:
        return ""
    return _NOT_WORD.sub("", _without_accents(text))


def fold_words(text: str | None) -> list[str]:
    """The words of ``fold``: accent- and case-free, split at anything that is not a word character."""
    return [word for word in re.split(r"[^\w]+", _without_accents(text or "")) if word]
